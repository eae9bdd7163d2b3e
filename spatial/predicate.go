package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Contains reports whether the polygonal geometry g contains p. Holes are
// excluded; a point on a boundary may go either way. Non-polygonal
// geometries contain nothing, except a Bound, which contains its edges.
func Contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return g.Bound().Contains(p) && planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		for _, poly := range g {
			if poly.Bound().Contains(p) && planar.PolygonContains(poly, p) {
				return true
			}
		}
	case orb.Ring:
		return planar.RingContains(g, p)
	case orb.Bound:
		return g.Contains(p)
	case orb.Collection:
		for _, c := range g {
			if Contains(c, p) {
				return true
			}
		}
	}
	return false
}

// DistanceTo returns the distance in metres from p to the nearest point of g,
// zero when a polygonal g contains p. Points use the great-circle distance;
// for lines and rings the nearest point is found in an equirectangular
// projection centred on p and its great-circle distance returned, which is
// within 0.5% of the true distance up to a few hundred kilometres — the
// scale of a city and its districts — and never less than BoundDistance to
// g's bound.
func DistanceTo(p orb.Point, g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Point:
		return Distance(p, g)
	case orb.MultiPoint:
		return minOver(len(g), func(i int) float64 { return Distance(p, g[i]) })
	case orb.LineString:
		return pathDistance(p, g)
	case orb.MultiLineString:
		return minOver(len(g), func(i int) float64 { return pathDistance(p, g[i]) })
	case orb.Ring:
		if planar.RingContains(g, p) {
			return 0
		}
		return pathDistance(p, g)
	case orb.Polygon:
		if Contains(g, p) {
			return 0
		}
		return minOver(len(g), func(i int) float64 { return pathDistance(p, g[i]) })
	case orb.MultiPolygon:
		return minOver(len(g), func(i int) float64 { return DistanceTo(p, g[i]) })
	case orb.Bound:
		return BoundDistance(p, g)
	case orb.Collection:
		return minOver(len(g), func(i int) float64 { return DistanceTo(p, g[i]) })
	}
	return math.Inf(1)
}

func minOver(n int, f func(i int) float64) float64 {
	best := math.Inf(1)
	for i := 0; i < n; i++ {
		best = math.Min(best, f(i))
	}
	return best
}

// pathDistance is the distance in metres from p to the polyline ls: the
// great-circle distance to the point of ls nearest p in an equirectangular
// projection centred on p. Measuring to a point of ls, rather than in the
// projection, keeps the result no less than BoundDistance to ls's bound, as
// Near.Exact requires: the projection alone comes out short to the south
// (0.2% at 150 km, enough to reorder a nearest search).
func pathDistance(p orb.Point, ls []orb.Point) float64 {
	switch len(ls) {
	case 0:
		return math.Inf(1)
	case 1:
		return Distance(p, ls[0])
	}
	kx := math.Cos(p[1]*rad) * rad * EarthRadius
	ky := rad * EarthRadius
	best, nearest := math.Inf(1), ls[0]
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		ax, ay := (a[0]-p[0])*kx, (a[1]-p[1])*ky
		bx, by := (b[0]-p[0])*kx, (b[1]-p[1])*ky
		if t, d := originSegmentNearest(ax, ay, bx, by); d < best {
			best = d
			nearest = lerp(a, b, t)
		}
	}
	return Distance(p, nearest)
}

// originSegmentNearest returns where on segment ab (0 at a, 1 at b) the
// plane comes nearest to the origin, and the squared distance there.
func originSegmentNearest(ax, ay, bx, by float64) (t, d2 float64) {
	dx, dy := bx-ax, by-ay
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	x, y := ax+t*dx, ay+t*dy
	return t, x*x + y*y
}

// lerp returns the point a fraction t of the way from a to b, exactly a or
// b at the ends so that the result never leaves the segment's bound.
func lerp(a, b orb.Point, t float64) orb.Point {
	switch t {
	case 0:
		return a
	case 1:
		return b
	}
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}
