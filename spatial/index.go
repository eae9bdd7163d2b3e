package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// Index is an R-tree of feature IDs over their bounds (github.com/tidwall/rtree).
// It keeps each ID's current bound so that an update or delete needs only the
// ID. An Index is not safe for concurrent use: layers.World guards each
// layer's index with that layer's lock.
type Index struct {
	tree   rtree.RTreeG[string]
	bounds map[string]orb.Bound
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{bounds: make(map[string]orb.Bound)}
}

// Len returns the number of IDs in the index.
func (ix *Index) Len() int { return len(ix.bounds) }

// Bound returns the bound stored for id.
func (ix *Index) Bound(id string) (orb.Bound, bool) {
	b, ok := ix.bounds[id]
	return b, ok
}

// Extent returns the bound of everything in the index, and false when empty.
func (ix *Index) Extent() (orb.Bound, bool) {
	if len(ix.bounds) == 0 {
		return orb.Bound{}, false
	}
	min, max := ix.tree.Bounds()
	return orb.Bound{Min: min, Max: max}, true
}

// Put inserts id with bound b, replacing the bound of an id already present.
// An unchanged bound costs one map lookup.
func (ix *Index) Put(id string, b orb.Bound) {
	if old, ok := ix.bounds[id]; ok {
		if old == b {
			return
		}
		ix.tree.Delete(old.Min, old.Max, id)
	}
	ix.bounds[id] = b
	ix.tree.Insert(b.Min, b.Max, id)
}

// Delete removes id and reports whether it was present.
func (ix *Index) Delete(id string) bool {
	b, ok := ix.bounds[id]
	if !ok {
		return false
	}
	ix.tree.Delete(b.Min, b.Max, id)
	delete(ix.bounds, id)
	return true
}

// Search calls fn for every id whose bound intersects b, in no particular
// order, until fn returns false.
func (ix *Index) Search(b orb.Bound, fn func(id string, b orb.Bound) bool) {
	ix.tree.Search(b.Min, b.Max, func(min, max [2]float64, id string) bool {
		return fn(id, orb.Bound{Min: min, Max: max})
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
func (ix *Index) Nearest(q Near) []Hit {
	var hits []Hit
	limit := q.MaxDistance
	if limit <= 0 {
		limit = math.Inf(1)
	}
	ix.tree.Nearby(
		func(min, max [2]float64, id string, item bool) float64 {
			if item {
				// Filtered items sort last, so that the walk can stop at the
				// first one: everything after it is filtered too.
				if q.Filter != nil && !q.Filter(id) {
					return math.Inf(1)
				}
				if q.Exact != nil {
					return q.Exact(id)
				}
			}
			return BoundDistance(q.Point, orb.Bound{Min: min, Max: max})
		},
		func(_, _ [2]float64, id string, dist float64) bool {
			if dist > limit || math.IsInf(dist, 1) {
				return false
			}
			hits = append(hits, Hit{ID: id, Distance: dist})
			return q.K <= 0 || len(hits) < q.K
		},
	)
	return hits
}
