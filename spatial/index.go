package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Index is an R-tree (github.com/tidwall/rtree) of IDs over their bounds,
// each carrying a value of type V (layers.World keeps the feature itself
// there, so a search needs no second lookup). It keeps each ID's entry in a
// map, so an update or delete needs only the ID. An Index is not safe for
// concurrent use: layers.World guards each layer's index with that layer's
// lock.
type Index[V any] struct {
	tree  rtree.RTreeG[*entry[V]]
	items map[string]*entry[V]
}

// entry is one ID in the tree; the tree holds pointers, compared by
// identity on delete.
type entry[V any] struct {
	id     string
	b      orb.Bound
	v      V
	cosLat float64 // of a point's latitude, for the walk's distance keys
}

// NewIndex returns an empty index.
func NewIndex[V any]() *Index[V] {
	return &Index[V]{items: make(map[string]*entry[V])}
}

// Len returns the number of IDs in the index.
func (ix *Index[V]) Len() int { return len(ix.items) }

// Bound returns the bound stored for id.
func (ix *Index[V]) Bound(id string) (orb.Bound, bool) {
	e, ok := ix.items[id]
	if !ok {
		return orb.Bound{}, false
	}
	return e.b, true
}

// Get returns the value stored for id.
func (ix *Index[V]) Get(id string) (V, bool) {
	e, ok := ix.items[id]
	if !ok {
		var zero V
		return zero, false
	}
	return e.v, true
}

// Extent returns the bound of everything in the index, and false when empty.
func (ix *Index[V]) Extent() (orb.Bound, bool) {
	if len(ix.items) == 0 {
		return orb.Bound{}, false
	}
	min, max := ix.tree.Bounds()
	return orb.Bound{Min: min, Max: max}, true
}

// Put inserts id with bound b and value v, replacing the entry of an id
// already present. An unchanged bound only swaps the value.
func (ix *Index[V]) Put(id string, b orb.Bound, v V) {
	if old, ok := ix.items[id]; ok {
		if old.b == b {
			old.v = v
			return
		}
		ix.tree.Delete(old.b.Min, old.b.Max, old)
	}
	e := &entry[V]{id: id, b: b, v: v}
	if b.Min == b.Max {
		e.cosLat = math.Cos(b.Min[1] * rad)
	}
	ix.items[id] = e
	ix.tree.Insert(b.Min, b.Max, e)
}

// Delete removes id and reports whether it was present.
func (ix *Index[V]) Delete(id string) bool {
	e, ok := ix.items[id]
	if !ok {
		return false
	}
	ix.tree.Delete(e.b.Min, e.b.Max, e)
	delete(ix.items, id)
	return true
}

// Search calls fn for every id whose bound intersects b, with its bound and
// value, in no particular order, until fn returns false.
func (ix *Index[V]) Search(b orb.Bound, fn func(id string, b orb.Bound, v V) bool) {
	ix.tree.Search(b.Min, b.Max, func(_, _ [2]float64, e *entry[V]) bool {
		return fn(e.id, e.b, e.v)
	})
}

// Hit is one result of a nearest search: an ID and its distance in metres.
type Hit struct {
	ID       string
	Distance float64
}

// Near describes a nearest-neighbour search around Point.
type Near struct {
	Point orb.Point
	// K stops the search after K hits; 0 means no limit (use MaxDistance).
	K int
	// MaxDistance in metres excludes anything further; 0 means no limit.
	MaxDistance float64
	// Filter, when set, skips ids for which it returns false (for example
	// responders who are not available). It is called once per candidate.
	Filter func(id string) bool
	// Exact, when set, returns the exact distance in metres from Point to the
	// id's geometry. It must never be less than the distance to the id's
	// bound. Nil means the distance to the bound, which is exact for points.
	Exact func(id string) float64
}

// Nearest returns hits ordered by great-circle distance from q.Point. It walks
// the tree best-first with BoundDistance as the lower bound, so it visits only
// the nodes that can hold a closer hit than those already found.
func (ix *Index[V]) Nearest(q Near) []Hit {
	var hits []Hit
	ix.Walk(q, func(id string, _ V, dist float64) bool {
		hits = append(hits, Hit{ID: id, Distance: dist})
		return q.K <= 0 || len(hits) < q.K
	})
	return hits
}

// Walk calls fn for each id, with its value, in order of distance from
// q.Point, nearest first, until fn returns false or q.MaxDistance is passed (q.K is not
// used). A caller that ranks by something other than distance — an ETA —
// walks until the distance alone rules out anything better.
func (ix *Index[V]) Walk(q Near, fn func(id string, v V, dist float64) bool) {
	limit := math.Inf(1)
	if q.MaxDistance > 0 {
		limit = havOf(q.MaxDistance)
	}
	pr := newProbe(q.Point)
	// Keys are haversines (see probe): ordered as distances, cheaper to get.
	ix.tree.Nearby(
		func(min, max [2]float64, e *entry[V], item bool) float64 {
			if item {
				// Filtered items sort last, so that the walk can stop at the
				// first one: everything after it is filtered too.
				if q.Filter != nil && !q.Filter(e.id) {
					return math.Inf(1)
				}
				if q.Exact != nil {
					return havOf(q.Exact(e.id))
				}
				if min == max {
					return pr.pointCos(min, e.cosLat)
				}
			}
			return pr.box(orb.Bound{Min: min, Max: max})
		},
		func(_, _ [2]float64, e *entry[V], h float64) bool {
			if h > limit || math.IsInf(h, 1) {
				return false
			}
			return fn(e.id, e.v, metres(h))
		},
	)
}
