package track

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/paulmach/orb/planar"
	"lookout/spatial"
)

// Area is a polygonal area prepared for testing many points: its polygons
// (holes excluded from the area) and the bound of every ring, so that a
// point far from a polygon costs a box test, and a point in a polygon's box
// walks its shell and only the holes whose box holds it. Build it once per
// query and share it between the objects: it is read-only.
type Area struct {
	polys  orb.MultiPolygon
	bounds [][]orb.Bound // of each ring of each polygon
	bound  orb.Bound
}

// NewArea prepares mp, which it keeps (do not modify it afterwards). It
// expects a valid geometry, as ParsePolygon returns; an empty one contains
// nothing.
func NewArea(mp orb.MultiPolygon) *Area {
	a := &Area{polys: mp, bounds: make([][]orb.Bound, len(mp))}
	first := true
	for i, p := range mp {
		a.bounds[i] = make([]orb.Bound, len(p))
		for k, r := range p {
			a.bounds[i][k] = r.Bound()
		}
		if len(p) == 0 {
			continue
		}
		if first {
			a.bound, first = a.bounds[i][0], false
		} else {
			a.bound = a.bound.Union(a.bounds[i][0])
		}
	}
	return a
}

// Bound returns the area's bounding box, for a store's first cut
// (layers.Tracks.Visitors).
func (a *Area) Bound() orb.Bound { return a.bound }

// Polygons returns the area's polygons.
func (a *Area) Polygons() orb.MultiPolygon { return a.polys }

// Contains reports whether p is inside the area: inside a polygon's shell
// and in none of its holes, as spatial.Contains judges it (the same
// planar ring test), a point on a boundary either way. It is spatial.Contains
// without recomputing the polygon's bound at every call, which for a
// polygon of a few hundred vertices is most of the cost.
func (a *Area) Contains(p orb.Point) bool {
	if len(a.polys) == 0 || !a.bound.Contains(p) {
		return false
	}
	for i, poly := range a.polys {
		if len(poly) > 0 && a.bounds[i][0].Contains(p) && planar.RingContains(poly[0], p) && !a.inHole(i, p) {
			return true
		}
	}
	return false
}

// inHole reports whether p is in a hole of polygon i.
func (a *Area) inHole(i int, p orb.Point) bool {
	for k := 1; k < len(a.polys[i]); k++ {
		if a.bounds[i][k].Contains(p) && planar.RingContains(a.polys[i][k], p) {
			return true
		}
	}
	return false
}

// crossing returns where the straight line from p to q meets the area's
// boundary, as a fraction of the way from p (0) to q (1): the last meeting
// when entering (p outside, q inside), the first when leaving, so that the
// object is on q's side from there on. The line is straight in
// longitude/latitude, as spatial.Contains sees edges. It returns false
// when the line meets no edge, which happens only when p or q lies on the
// boundary itself.
func (a *Area) crossing(p, q orb.Point, entering bool) (float64, bool) {
	seg := orb.Bound{Min: p, Max: p}.Extend(q)
	best, found := math.Inf(1), false
	if entering {
		best = math.Inf(-1)
	}
	for i, poly := range a.polys {
		if len(poly) == 0 || !a.bounds[i][0].Intersects(seg) {
			continue
		}
		for _, ring := range poly {
			for k := 1; k < len(ring); k++ {
				t, ok := spatial.SegmentFraction(p, q, ring[k-1], ring[k])
				if !ok {
					continue
				}
				found = true
				if entering {
					best = math.Max(best, t)
				} else {
					best = math.Min(best, t)
				}
			}
		}
	}
	return best, found
}
