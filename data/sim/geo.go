package sim

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// lerp returns the point a fraction t of the way from a to b.
func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

// jitter returns p moved by a normal error of sigma metres in each axis,
// never more than limit metres in all.
func jitter(r *rand.Rand, p orb.Point, sigma, limit float64) orb.Point {
	x, y := r.NormFloat64()*sigma, r.NormFloat64()*sigma
	if d := math.Hypot(x, y); d > limit && d > 0 {
		x, y = x*limit/d, y*limit/d
	}
	return spatial.NewFrame(p).LonLat(x, y)
}

// edgeDistance returns the distance in metres from p to the nearest
// boundary of a polygon.
func edgeDistance(poly orb.Polygon, p orb.Point) float64 {
	d := math.Inf(1)
	for _, ring := range poly {
		d = math.Min(d, spatial.DistanceTo(p, orb.LineString(ring)))
	}
	return d
}

// insideBy reports whether p lies inside poly at least margin metres from
// its boundary.
func insideBy(poly orb.Polygon, p orb.Point, margin float64) bool {
	return spatial.Contains(poly, p) && (margin <= 0 || edgeDistance(poly, p) >= margin)
}

// shape is a polygonal area with the bounds of its parts and rings kept,
// for point tests many times faster than planar's, which measure every
// ring's bound on every call.
type shape struct {
	rings  []orb.Ring
	bounds []orb.Bound
	bound  orb.Bound
}

// newShape returns the shape of a Polygon or MultiPolygon.
func newShape(g orb.Geometry) *shape {
	s := &shape{bound: g.Bound()}
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	for _, poly := range polys {
		for _, r := range poly {
			s.rings = append(s.rings, r)
			s.bounds = append(s.bounds, r.Bound())
		}
	}
	return s
}

// contains reports whether p is inside the shape by the even-odd rule over
// all its rings (holes and parts alike, which never overlap).
func (s *shape) contains(p orb.Point) bool {
	if !s.bound.Contains(p) {
		return false
	}
	inside := false
	for k, r := range s.rings {
		if !s.bounds[k].Contains(p) {
			continue
		}
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				inside = !inside
			}
		}
	}
	return inside
}

// segmentInside reports whether the segment a–b lies inside s: both ends
// inside, and no edge of s crossed or touched on the way.
func (s *shape) segmentInside(a, b orb.Point) bool {
	if !s.contains(a) || !s.contains(b) {
		return false
	}
	seg := orb.Bound{Min: a, Max: a}.Extend(b)
	for k, r := range s.rings {
		if !s.bounds[k].Intersects(seg) {
			continue
		}
		for i := 0; i+1 < len(r); i++ {
			if segmentsMeet(a, b, r[i], r[i+1]) {
				return false
			}
		}
	}
	return true
}

// segmentsMeet reports whether segments a–b and c–d cross or touch.
func segmentsMeet(a, b, c, d orb.Point) bool {
	side := func(p, q, r orb.Point) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	apart := func(x, y float64) bool { return x > 0 && y < 0 || x < 0 && y > 0 }
	d1, d2, d3, d4 := side(c, d, a), side(c, d, b), side(a, b, c), side(a, b, d)
	if apart(d1, d2) && apart(d3, d4) {
		return true
	}
	// An end of one on the other.
	on := func(p, q, r orb.Point, s float64) bool {
		return s == 0 && math.Min(p[0], q[0]) <= r[0] && r[0] <= math.Max(p[0], q[0]) &&
			math.Min(p[1], q[1]) <= r[1] && r[1] <= math.Max(p[1], q[1])
	}
	return on(c, d, a, d1) || on(c, d, b, d2) || on(a, b, c, d3) || on(a, b, d, d4)
}

// stream returns the random stream called name for seed: streams are
// independent, so one behaviour's draws never shift another's.
func stream(seed uint64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// uniform returns a float in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index drawn with probability proportional to weights.
func weighted(r *rand.Rand, weights []float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// round returns x rounded to the given number of decimals.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

// angleDiff returns the absolute difference of two bearings in degrees,
// in [0, 180].
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return math.Min(d, 360-d)
}
