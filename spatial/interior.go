package spatial

import (
	"sort"

	"github.com/paulmach/orb"
)

// InteriorPoint returns a point inside a polygonal geometry, where a label
// reads well: on the horizontal line through the middle of the largest
// part's bound, the middle of the widest stretch that is inside. Unlike the
// centroid, it is inside concave and holed shapes. For other geometries it
// returns the centre of the bound.
func InteriorPoint(g orb.Geometry) orb.Point {
	var poly orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		poly = g
	case orb.MultiPolygon:
		best := -1.0
		for _, p := range g {
			if len(p) == 0 {
				continue
			}
			b := p[0].Bound()
			if a := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]); a > best {
				best, poly = a, p
			}
		}
	}
	if len(poly) == 0 || len(poly[0]) < 4 {
		return g.Bound().Center()
	}
	b := poly[0].Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	var xs []float64
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			a, c := r[i-1], r[i]
			if (a[1] <= y) != (c[1] <= y) {
				xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	best, at := -1.0, b.Center()
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > best {
			best, at = w, orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	return at
}
