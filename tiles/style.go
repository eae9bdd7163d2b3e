package tiles

import (
	"errors"
	"fmt"
	"strings"

	"lookout/layers"
)

// ErrUnknownStyle is returned for a style name Lookout does not have.
var ErrUnknownStyle = errors.New("tiles: unknown style")

// Styles are the style names Lookout serves.
var Styles = []string{"wall"}

// Fonts are the glyph font stacks the styles use: Latin letters, digits and
// punctuation come from Lookout's glyph PBFs; CJK ideographs are drawn by
// the client from a local font (MapLibre's localIdeographFontFamily).
var (
	FontRegular = []string{"Go Regular"}
	FontBold    = []string{"Go Bold"}
)

// obj is a JSON object of a style document.
type obj = map[string]any

// Style returns the MapLibre style (version 8) called name over the given
// layers, in their order, with URLs under base. The root metadata carries
// "lookout:groups" (the panel's grouping) and "lookout:legend"; every style
// layer carries "lookout:layer" and label layers "lookout:text" (label
// expressions per UI language).
func Style(name string, w *layers.World, names []string, base string) (obj, error) {
	if name != "wall" {
		return nil, fmt.Errorf("style %q: %w", name, ErrUnknownStyle)
	}
	tj, err := NewTileJSON(w, names, base)
	if err != nil {
		return nil, err
	}
	defs := make([]*layers.Layer, len(names))
	for i, n := range names {
		if defs[i], err = w.Layer(n); err != nil {
			return nil, err
		}
	}
	var shapes, texts []obj
	legend := []obj{}
	for _, def := range defs {
		s, t := styleLayers(def)
		shapes, texts = append(shapes, s...), append(texts, t...)
		legend = append(legend, legendOf(def))
	}
	all := append([]obj{{"id": "background", "type": "background", "paint": obj{"background-color": "#060b14"}}}, shapes...)
	return obj{
		"version": 8,
		"name":    "Lookout command wall",
		"metadata": obj{
			"lookout:groups": groups(defs),
			"lookout:legend": legend,
		},
		"center":  []float64{tj.Center[0], tj.Center[1]},
		"zoom":    6.3,
		"glyphs":  base + "/fonts/{fontstack}/{range}.pbf",
		"sources": obj{"lookout": obj{"type": "vector", "url": base + "/tiles/" + strings.Join(names, ",") + ".json"}},
		"layers":  append(all, texts...),
	}, nil
}

// styleLayers returns a layer's shape layers and its label layers.
func styleLayers(def *layers.Layer) (shapes, texts []obj) {
	lk := lookOf(def)
	color := colorExpr(def, lk.color)
	base := func(id, typ string) obj {
		l := obj{"id": def.Name + "-" + id, "type": typ, "source": "lookout", "source-layer": def.Name,
			"metadata": obj{"lookout:layer": def.Name}}
		if def.MinZoom > 0 {
			l["minzoom"] = def.MinZoom
		}
		return l
	}
	switch def.Geometry {
	case layers.Polygon:
		fill := base("fill", "fill")
		fill["paint"] = obj{"fill-color": colorExpr(def, lk.fill), "fill-opacity": lk.opacity}
		line := base("line", "line")
		line["paint"] = obj{"line-color": color, "line-width": zoomed(0.6, 1.6), "line-opacity": 0.9}
		if def.Domain == layers.Custody {
			line["paint"].(obj)["line-dasharray"] = []float64{3, 2}
		}
		shapes = append(shapes, fill, line)
	case layers.LineString:
		line := base("line", "line")
		width := []any{"match", []any{"get", "level"}, 1, 2.4, 2, 1.4, 0.8}
		if _, ok := def.Field("level"); !ok {
			width = []any{"literal", 1.2}
		}
		line["paint"] = obj{"line-color": color, "line-width": width, "line-opacity": 0.85}
		line["layout"] = obj{"line-cap": "round", "line-join": "round"}
		shapes = append(shapes, line)
	case layers.Point:
		shapes = append(shapes, pointLayers(def, lk, color, base)...)
	}
	if t := labelLayer(def, base); t != nil {
		texts = append(texts, t)
	}
	if def.ClusterBelow > 0 {
		count := base("cluster-count", "symbol")
		count["filter"] = []any{"has", "point_count"}
		count["maxzoom"] = def.ClusterBelow
		// Counts neither hide nor are hidden by other labels (district names).
		count["layout"] = obj{"text-field": []any{"to-string", []any{"get", "point_count"}}, "text-font": FontBold,
			"text-size": 10, "text-allow-overlap": true, "text-ignore-placement": true}
		count["paint"] = obj{"text-color": "#0b1220"}
		texts = append(texts, count)
	}
	if len(def.Past) > 0 {
		for _, l := range append(shapes, texts...) {
			l["filter"] = current(def, l["filter"])
		}
	}
	if def.Hidden {
		for _, l := range append(shapes, texts...) {
			layout, _ := l["layout"].(obj)
			if layout == nil {
				layout = obj{}
				l["layout"] = layout
			}
			layout["visibility"] = "none"
		}
	}
	return shapes, texts
}

// current narrows a style layer's filter to features whose status is not
// one of def.Past.
func current(def *layers.Layer, filter any) any {
	notPast := []any{"!", []any{"in", []any{"get", "status"}, []any{"literal", def.Past}}}
	if filter == nil {
		return notPast
	}
	return []any{"all", filter, notPast}
}

// pointLayers draws points by status and, below ClusterBelow, clusters as
// circles sized by count with a red ring when a member asks for attention.
func pointLayers(def *layers.Layer, lk look, color any, base func(id, typ string) obj) []obj {
	point := base("point", "circle")
	point["paint"] = obj{
		"circle-color":        color,
		"circle-radius":       zoomed(lk.radius*0.6, lk.radius*1.6),
		"circle-stroke-color": "#060b14",
		"circle-stroke-width": 0.8,
	}
	if def.ClusterBelow == 0 {
		return []obj{point}
	}
	point["filter"] = []any{"!", []any{"has", "point_count"}}
	cluster := base("cluster", "circle")
	cluster["filter"] = []any{"has", "point_count"}
	cluster["maxzoom"] = def.ClusterBelow
	cluster["paint"] = obj{
		"circle-color":        lk.color,
		"circle-opacity":      0.85,
		"circle-radius":       []any{"step", []any{"get", "point_count"}, 7, 10, 9, 50, 12, 200, 15},
		"circle-stroke-color": []any{"case", []any{">", []any{"get", "alert_count"}, 0}, "#ff3b3b", "#060b14"},
		"circle-stroke-width": []any{"case", []any{">", []any{"get", "alert_count"}, 0}, 2.5, 1},
	}
	return []obj{cluster, point}
}

// labelLayer writes a layer's labels: polygons at their label points, lines
// along the line, points beside the point once they are not clustered.
func labelLayer(def *layers.Layer, base func(id, typ string) obj) obj {
	field := def.Label
	if field == "" {
		return nil
	}
	zh := []any{"get", field}
	en := zh
	if def.LabelEN != "" {
		en = []any{"coalesce", []any{"get", def.LabelEN}, zh}
	}
	l := base("label", "symbol")
	l["metadata"] = obj{"lookout:layer": def.Name, "lookout:text": obj{"zh": zh, "en": en}}
	layout := obj{"text-field": zh, "text-font": FontRegular, "text-size": zoomed(10, 15), "text-max-width": 8}
	paint := obj{"text-color": "#d7e6ff", "text-halo-color": "#060b14", "text-halo-width": 1.4}
	switch def.Geometry {
	case layers.Polygon:
		l["source-layer"] = def.Name + LabelSuffix
		if def.Name != "districts" {
			l["minzoom"] = max(def.MinZoom, 14)
		}
	case layers.LineString:
		layout["symbol-placement"] = "line"
		layout["text-size"] = 11
		paint["text-color"] = "#7fb2f0"
		l["minzoom"] = 8
	case layers.Point:
		layout["text-offset"] = []float64{0, 1.1}
		layout["text-anchor"] = "top"
		layout["text-size"] = 11
		l["filter"] = []any{"!", []any{"has", "point_count"}}
		l["minzoom"] = max(def.ClusterBelow, 15)
	}
	l["layout"], l["paint"] = layout, paint
	return l
}

// colorExpr colours features by their status-like field.
func colorExpr(def *layers.Layer, fallback string) any {
	field, values := statusField(def)
	if field == "" {
		return fallback
	}
	expr := []any{"match", []any{"get", field}}
	for _, v := range values {
		expr = append(expr, v, states[v].color)
	}
	return append(expr, fallback)
}

// zoomed grows a size from lo at z6 to hi at z16.
func zoomed(lo, hi float64) []any {
	return []any{"interpolate", []any{"linear"}, []any{"zoom"}, 6, lo, 16, hi}
}

func legendOf(def *layers.Layer) obj {
	lk := lookOf(def)
	shape := map[layers.Kind]string{layers.Point: "circle", layers.LineString: "line", layers.Polygon: "fill"}[def.Geometry]
	items := []obj{{"label": def.Title, "color": lk.color, "shape": shape}}
	_, values := statusField(def)
	for _, v := range values {
		items = append(items, obj{"label": states[v].title, "color": states[v].color, "shape": shape})
	}
	return obj{"layer": def.Name, "title": def.Title, "items": items}
}

func groups(defs []*layers.Layer) []obj {
	var out []obj
	for _, g := range groupTitles {
		var names []string
		for _, d := range defs {
			if d.Domain == g.domain {
				names = append(names, d.Name)
			}
		}
		if len(names) > 0 {
			out = append(out, obj{"domain": g.domain, "title": g.title, "layers": names})
		}
	}
	return out
}
