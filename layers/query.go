package layers

import (
	"errors"
	"fmt"
	"sort"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Search returns the features of a layer whose bounds intersect b. The
// layer's read lock is held only while collecting, not while the caller
// works on the result.
func (w *World) Search(layerName string, b orb.Bound) ([]*Feature, error) {
	l, err := w.layer(layerName)
	if err != nil {
		return nil, err
	}
	var out []*Feature
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.index.Search(b, func(_ string, _ orb.Bound, x indexed) bool {
		out = append(out, x.f)
		return true
	})
	return out, nil
}

// Scan calls fn for each feature of a layer whose bound intersects b, in no
// particular order, until fn returns false, with the feature's bound and
// whether it needs attention (see Attention) — both kept in the index, so
// reading them costs no pointer chase. It holds the layer's read lock
// throughout, so writers of that layer wait: fn must be quick (aggregating,
// not encoding or I/O) and must not call into World. It saves Search's slice
// when a million features are only to be counted.
func (w *World) Scan(layerName string, b orb.Bound, fn func(f *Feature, b orb.Bound, attention bool) bool) error {
	l, err := w.layer(layerName)
	if err != nil {
		return err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.index.Search(b, func(_ string, fb orb.Bound, x indexed) bool { return fn(x.f, fb, x.attention) })
	return nil
}

// Page asks for one page of a layer's features in ID order.
type Page struct {
	// Bound, when set, keeps features whose bounds intersect it.
	Bound *orb.Bound
	// After is the cursor: the last ID of the previous page ("" for the first).
	After string
	// Limit is the page size (at least 1).
	Limit int
}

// Page returns up to p.Limit features with IDs after p.After, and the cursor
// of the next page ("" when this is the last). Without a bound, or with one
// that covers the whole layer, it walks the ordered ID tree from the cursor;
// with a smaller bound it searches the R-tree and sorts what it finds.
func (w *World) Page(layerName string, p Page) ([]*Feature, string, error) {
	l, err := w.layer(layerName)
	if err != nil {
		return nil, "", err
	}
	limit := max(p.Limit, 1)
	l.mu.RLock()
	defer l.mu.RUnlock()
	extent, _ := l.index.Extent()
	if p.Bound == nil || covers(*p.Bound, extent) {
		out := make([]*Feature, 0, min(limit, l.features.Len()))
		more := false
		l.features.Ascend(p.After, func(id string, f *Feature) bool {
			if id == p.After {
				return true
			}
			if len(out) == limit {
				more = true
				return false
			}
			out = append(out, f)
			return true
		})
		return out, nextCursor(out, more), nil
	}
	var ids []string
	l.index.Search(*p.Bound, func(id string, _ orb.Bound, _ indexed) bool {
		if id > p.After {
			ids = append(ids, id)
		}
		return true
	})
	sort.Strings(ids)
	more := len(ids) > limit
	if more {
		ids = ids[:limit]
	}
	out := make([]*Feature, 0, len(ids))
	for _, id := range ids {
		x, _ := l.index.Get(id)
		out = append(out, x.f)
	}
	return out, nextCursor(out, more), nil
}

func covers(outer, inner orb.Bound) bool {
	return outer.Min[0] <= inner.Min[0] && outer.Min[1] <= inner.Min[1] &&
		outer.Max[0] >= inner.Max[0] && outer.Max[1] >= inner.Max[1]
}

func nextCursor(page []*Feature, more bool) string {
	if !more || len(page) == 0 {
		return ""
	}
	return page[len(page)-1].ID
}

// Near asks for the features of a layer nearest to a point.
type Near struct {
	Point orb.Point
	// K caps the number of results (at least 1).
	K int
	// MaxDistance in metres; 0 means no limit.
	MaxDistance float64
	// Filter, when set, keeps only features for which it returns true; it is
	// called under the layer's read lock and must not call back into World.
	Filter func(*Feature) bool
}

// Nearby is a feature and its distance in metres from the query point.
type Nearby struct {
	Feature  *Feature
	Distance float64
}

// Nearest returns up to q.K features ordered by distance from q.Point: the
// great-circle distance for points, the distance to the nearest edge (zero
// inside) for lines and polygons.
func (w *World) Nearest(layerName string, q Near) ([]Nearby, error) {
	l, err := w.layer(layerName)
	if err != nil {
		return nil, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	sq := spatial.Near{Point: q.Point, K: max(q.K, 1), MaxDistance: q.MaxDistance}
	if q.Filter != nil {
		sq.Filter = func(id string) bool {
			x, ok := l.index.Get(id)
			return ok && q.Filter(x.f)
		}
	}
	if l.def.Geometry != Point {
		sq.Exact = func(id string) float64 {
			x, _ := l.index.Get(id)
			return spatial.DistanceTo(q.Point, x.f.Geometry)
		}
	}
	hits := l.index.Nearest(sq)
	out := make([]Nearby, len(hits))
	for i, h := range hits {
		x, _ := l.index.Get(h.ID)
		out[i] = Nearby{Feature: x.f, Distance: h.Distance}
	}
	return out, nil
}

// Closest calls fn with the features of a point layer in order of distance
// from p in metres, nearest first, until fn returns false or maxDistance
// (metres; 0 for no limit) is passed. fn runs under the layer's read lock:
// it must be quick and must not call back into World. Dispatch walks the
// responders this way, ranking by ETA and stopping as soon as distance
// alone rules out a better one.
func (w *World) Closest(layerName string, p orb.Point, maxDistance float64, fn func(f *Feature, dist float64) bool) error {
	l, err := w.layer(layerName)
	if err != nil {
		return err
	}
	if l.def.Geometry != Point {
		return fmt.Errorf("%w: %s is not a point layer", ErrInvalid, layerName)
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.index.Walk(spatial.Near{Point: p, MaxDistance: maxDistance}, func(_ string, x indexed, dist float64) bool {
		return fn(x.f, dist)
	})
	return nil
}

// Each calls fn for every feature of a layer whose bound meets bound (every
// feature for nil), in ID order. It reads a page at a time, so no lock is
// held while fn runs and writes go on meanwhile: a feature changed during
// the walk is seen in one of its versions.
func (w *World) Each(layer string, bound *orb.Bound, fn func(*Feature)) error {
	for after := ""; ; {
		page, next, err := w.Page(layer, Page{Bound: bound, After: after, Limit: 5000})
		if err != nil {
			return err
		}
		for _, f := range page {
			fn(f)
		}
		if after = next; next == "" {
			return nil
		}
	}
}

// EachFeature is Each over a whole layer for rules that start from the
// world: a world without the layer has no features, not an error.
func EachFeature(w *World, layer string, fn func(*Feature)) error {
	if err := w.Each(layer, nil, fn); !errors.Is(err, ErrUnknownLayer) {
		return err
	}
	return nil
}
