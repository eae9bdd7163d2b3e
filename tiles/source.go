package tiles

import (
	"sort"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Source supplies the features of a derived layer (layers.Layer.Derived),
// which the server computes rather than stores: the fire-risk hexagons. A
// source may answer each zoom with different features (coarser cells when
// zoomed out); its owner calls Cache.Invalidate where they change.
type Source interface {
	// Features returns the features at zoom z that may touch b (lon/lat).
	Features(z int, b orb.Bound) []*layers.Feature
}

// Sources are the sources of derived layers, by layer name.
type Sources map[string]Source

// features returns the features of def in tile a and its buffer, by ID:
// the world's, or its source's for a derived layer (none without one).
func (src Sources) features(w *layers.World, def *layers.Layer, a Address) ([]*layers.Feature, error) {
	b := Bound(a.Z, a.X, a.Y, Buffer)
	var feats []*layers.Feature
	if def.Derived {
		if s := src[def.Name]; s != nil {
			feats = s.Features(a.Z, b)
		}
	} else {
		var err error
		if feats, err = w.Search(def.Name, b); err != nil {
			return nil, err
		}
	}
	if a.scoped() {
		kept := feats[:0:0]
		for _, f := range feats {
			if a.keeps(def, f) {
				kept = append(kept, f)
			}
		}
		feats = kept
	}
	sort.Slice(feats, func(i, j int) bool { return feats[i].ID < feats[j].ID })
	return feats, nil
}
