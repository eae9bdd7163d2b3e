package tiles

import (
	"strings"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// TileJSON is a TileJSON 3.0.0 document describing a tile set.
type TileJSON struct {
	TileJSON     string        `json:"tilejson"`
	Name         string        `json:"name"`
	Description  string        `json:"description,omitempty"`
	Attribution  string        `json:"attribution,omitempty"`
	Scheme       string        `json:"scheme"`
	Tiles        []string      `json:"tiles"`
	MinZoom      int           `json:"minzoom"`
	MaxZoom      int           `json:"maxzoom"`
	Bounds       [4]float64    `json:"bounds"`
	Center       [3]float64    `json:"center"`
	VectorLayers []VectorLayer `json:"vector_layers"`
}

// VectorLayer describes one MVT layer of a tile set.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description,omitempty"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"`
}

// NewTileJSON describes the tiles of the given layers, with tile URLs under
// base (the server's external URL, "http://host:port"). The zoom range spans
// the layers'; the bounds are their extents' union (the world when all are
// empty); the centre is the bounds' centre at the lowest zoom, or 6.
func NewTileJSON(w *layers.World, names []string, base string) (TileJSON, error) {
	tj := TileJSON{TileJSON: "3.0.0", Name: strings.Join(names, ","), Scheme: "xyz",
		Tiles: []string{base + "/tiles/" + strings.Join(names, ",") + "/{z}/{x}/{y}.mvt"}, MinZoom: MaxZoom}
	var all orb.Bound
	empty := true
	var titles, credits []string
	for _, name := range names {
		def, err := w.Layer(name)
		if err != nil {
			return tj, err
		}
		st, err := w.Stats(name)
		if err != nil {
			return tj, err
		}
		if !st.Empty {
			if empty {
				all, empty = st.Bound, false
			} else {
				all = all.Union(st.Bound)
			}
		}
		tj.MinZoom, tj.MaxZoom = min(tj.MinZoom, def.MinZoom), max(tj.MaxZoom, def.MaxZoom)
		titles = append(titles, def.Title.En)
		if def.Attribution != "" {
			credits = append(credits, def.Attribution)
		}
		tj.VectorLayers = append(tj.VectorLayers, vectorLayers(def)...)
	}
	if empty {
		all = orb.Bound{Min: orb.Point{-180, -maxLat}, Max: orb.Point{180, maxLat}}
	}
	tj.Description = strings.Join(titles, ", ")
	tj.Attribution = strings.Join(credits, "; ")
	tj.Bounds = [4]float64{all.Min[0], all.Min[1], all.Max[0], all.Max[1]}
	c := all.Center()
	tj.Center = [3]float64{c[0], c[1], float64(max(tj.MinZoom, 6))}
	return tj, nil
}

// vectorLayers lists the MVT layers a Lookout layer produces, with fields
// typed as TileJSON names them.
func vectorLayers(def *layers.Layer) []VectorLayer {
	fields := map[string]string{"id": "String"}
	for _, f := range def.TileFields() {
		fields[f.Name] = fieldType(f.Type)
	}
	if def.ClusterBelow > 0 {
		fields["cluster"], fields["point_count"], fields["alert_count"] = "Boolean", "Number", "Number"
	}
	out := []VectorLayer{{ID: def.Name, Description: def.Title.Zh + " / " + def.Title.En,
		MinZoom: def.MinZoom, MaxZoom: def.MaxZoom, Fields: fields}}
	if def.Geometry == layers.Polygon && def.Label != "" {
		out = append(out, VectorLayer{ID: def.Name + LabelSuffix, Description: "label points of " + def.Name,
			MinZoom: def.MinZoom, MaxZoom: def.MaxZoom, Fields: fields})
	}
	return out
}

func fieldType(t layers.Type) string {
	switch t {
	case layers.Int, layers.Float:
		return "Number"
	case layers.Bool:
		return "Boolean"
	}
	return "String"
}
