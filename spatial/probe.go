package spatial

import (
	"math"

	"github.com/paulmach/orb"
)

// probe ranks boxes and points by great-circle distance from one point,
// for best-first walks of the R-tree. It works in haversine units,
// h = sin²(d/2R), which grow with the distance d: comparing them orders as
// comparing distances, without an arcsine and a square root per entry, and
// the query point's cosine is taken once.
type probe struct {
	p      orb.Point
	cosLat float64
}

func newProbe(p orb.Point) probe { return probe{p: p, cosLat: math.Cos(p[1] * rad)} }

// point returns the haversine of the distance to q.
func (pr probe) point(q orb.Point) float64 { return pr.pointCos(q, math.Cos(q[1]*rad)) }

// pointCos is point for a q whose latitude's cosine is known (the index
// keeps it with each point).
func (pr probe) pointCos(q orb.Point, cosLat float64) float64 {
	sLat := math.Sin((q[1] - pr.p[1]) * rad / 2)
	sLon := math.Sin((q[0] - pr.p[0]) * rad / 2)
	return math.Min(1, sLat*sLat+pr.cosLat*cosLat*sLon*sLon)
}

// box returns a lower bound of the haversine of the distance to any point
// of b. The haversine is hav(Δφ) + cos φ₁ cos φ₂ hav(Δλ); each term is at
// least its value at the smallest latitude gap, the smallest longitude gap
// (across the antimeridian if shorter) and the smallest cosine of b's
// latitudes, so their sum never exceeds the true value.
func (pr probe) box(b orb.Bound) float64 {
	if b.Min == b.Max {
		return pr.point(b.Min)
	}
	lon, lat := pr.p[0], pr.p[1]
	dLat := 0.0
	switch {
	case lat < b.Min[1]:
		dLat = b.Min[1] - lat
	case lat > b.Max[1]:
		dLat = lat - b.Max[1]
	}
	dLon := 0.0
	if lon < b.Min[0] || lon > b.Max[0] {
		dLon = math.Min(gap(lon, b.Min[0]), gap(lon, b.Max[0]))
	}
	sLat := math.Sin(dLat * rad / 2)
	h := sLat * sLat
	if dLon > 0 {
		cosMin := math.Min(math.Cos(b.Min[1]*rad), math.Cos(b.Max[1]*rad))
		sLon := math.Sin(dLon * rad / 2)
		h += pr.cosLat * math.Max(cosMin, 0) * sLon * sLon
	}
	return math.Min(1, h)
}

// gap is the angle in degrees between two longitudes, the shorter way
// round.
func gap(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return math.Min(d, 360-d)
}

// metres turns a haversine back into a distance; havOf does the reverse.
func metres(h float64) float64 { return 2 * EarthRadius * math.Asin(math.Sqrt(math.Max(0, h))) }

func havOf(d float64) float64 {
	s := math.Sin(math.Min(d/EarthRadius, math.Pi) / 2)
	return s * s
}
