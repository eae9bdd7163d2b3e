package tiles

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"lookout/layers"
	"lookout/spatial"
)

// Render encodes tile a from the world's current state: one MVT layer per
// requested layer whose zoom range includes a.Z, holding its features
// clipped to the tile and buffer (points clustered below the layer's
// ClusterBelow zoom), with the layer's tile fields and the string ID as
// properties. It returns nil for a tile with no features. Derived layers
// have no features here; Sources.Render draws them.
func Render(w *layers.World, a Address) ([]byte, error) { return Sources(nil).Render(w, a) }

// Render is the package's Render with the derived layers' features taken
// from their sources.
func (src Sources) Render(w *layers.World, a Address) ([]byte, error) {
	var out mvt.Layers
	for _, name := range a.Layers {
		def, err := w.Layer(name)
		if err != nil {
			return nil, err
		}
		if a.Z < def.MinZoom || a.Z > def.MaxZoom {
			continue
		}
		ls, err := renderLayer(w, src, def, a)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if len(l.Features) > 0 {
				out = append(out, l)
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	b, err := mvt.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encode tile %s: %w", a, err)
	}
	return b, nil
}

// renderLayer renders one layer's MVT layer and, for a labelled polygon
// layer, its "<name>_label" layer of label points.
func renderLayer(w *layers.World, src Sources, def *layers.Layer, a Address) ([]*mvt.Layer, error) {
	l := &mvt.Layer{Name: def.Name, Version: 2, Extent: Extent}
	pr := newProjector(a.Z, a.X, a.Y)
	fields := def.TileFields()
	if def.Geometry == layers.Point && a.Z < def.ClusterBelow {
		// Only the tile itself: every point is counted in one tile.
		g := newGrid(pr, a.Z)
		add := g.add
		if a.scoped() {
			add = func(f *layers.Feature, b orb.Bound, attention bool) bool {
				if !a.keeps(def, f) {
					return true
				}
				return g.add(f, b, attention)
			}
		}
		if err := w.Scan(def.Name, Bound(a.Z, a.X, a.Y, 0), add); err != nil {
			return nil, err
		}
		l.Features = g.features(def.Name, fields)
		return []*mvt.Layer{l}, nil
	}
	feats, err := src.features(w, def, a)
	if err != nil {
		return nil, err
	}
	out := []*mvt.Layer{l}
	if def.Geometry == layers.Polygon && def.Label != "" {
		out = append(out, labels(def, pr, feats, fields))
	}
	for _, f := range feats {
		var g orb.Geometry
		if p, ok := f.Geometry.(orb.Point); ok {
			q := pr.point(p)
			if q[0] < -Buffer || q[1] < -Buffer || q[0] > Extent+Buffer || q[1] > Extent+Buffer {
				continue
			}
			g = q
		} else if g = shape(pr, f.Geometry); g == nil {
			continue
		}
		l.Features = append(l.Features, feature(def.Name, f, g, fields))
	}
	return out, nil
}

// LabelSuffix names the MVT layer of a polygon layer's label points.
const LabelSuffix = "_label"

// labels places one label point per polygon feature, inside its shape, in
// the one tile that holds that point (not in buffers, so that no label is
// drawn twice).
func labels(def *layers.Layer, pr projector, feats []*layers.Feature, fields []layers.Field) *mvt.Layer {
	l := &mvt.Layer{Name: def.Name + LabelSuffix, Version: 2, Extent: Extent}
	for _, f := range feats {
		q := pr.point(spatial.InteriorPoint(f.Geometry))
		if q[0] < 0 || q[1] < 0 || q[0] >= Extent || q[1] >= Extent {
			continue
		}
		l.Features = append(l.Features, feature(def.Name, f, q, fields))
	}
	return l
}

// feature builds the MVT feature of f with tile geometry g.
func feature(layer string, f *layers.Feature, g orb.Geometry, fields []layers.Field) *geojson.Feature {
	gf := geojson.NewFeature(g)
	gf.ID = NumericID(layer, f.ID)
	gf.Properties = properties(f, fields)
	return gf
}

// properties returns the tile fields of f in types MVT can hold, and its
// string ID as "id".
func properties(f *layers.Feature, fields []layers.Field) geojson.Properties {
	props := make(geojson.Properties, len(fields)+1)
	props["id"] = f.ID
	for _, fd := range fields {
		switch v := f.Props[fd.Name].(type) {
		case nil:
		case time.Time:
			props[fd.Name] = v.UTC().Format(time.RFC3339)
		default:
			props[fd.Name] = v
		}
	}
	return props
}

// NumericID is the MVT feature ID of a Lookout feature: a hash of its layer
// and ID kept within 2^53, so that JavaScript clients hold it exactly. The
// string ID travels in the "id" property.
func NumericID(layer, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(layer))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return h.Sum64() & (1<<53 - 1)
}
