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
// lines and rings are measured in an equirectangular projection centred on p,
// which is within 0.5% of the great-circle distance up to a few hundred
// kilometres — the scale of a city and its districts.
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

// pathDistance is the distance in metres from p to the polyline ls, in an
// equirectangular projection centred on p.
func pathDistance(p orb.Point, ls []orb.Point) float64 {
	if len(ls) == 1 {
		return Distance(p, ls[0])
	}
	kx := math.Cos(p[1]*rad) * rad * EarthRadius
	ky := rad * EarthRadius
	best := math.Inf(1)
	for i := 1; i < len(ls); i++ {
		ax, ay := (ls[i-1][0]-p[0])*kx, (ls[i-1][1]-p[1])*ky
		bx, by := (ls[i][0]-p[0])*kx, (ls[i][1]-p[1])*ky
		best = math.Min(best, originSegmentDistance(ax, ay, bx, by))
	}
	return best
}

// originSegmentDistance is the planar distance from the origin to segment ab.
func originSegmentDistance(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	x, y := ax+t*dx, ay+t*dy
	return math.Hypot(x, y)
}
