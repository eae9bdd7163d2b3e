package chongqing

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS 84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

var (
	wgs84E2 = wgs84F * (2 - wgs84F)
	wgs84E  = math.Sqrt(wgs84E2)
	// qPole is the authalic q at the pole; authalicR2 is the square of the radius of
	// the sphere with the ellipsoid's surface area.
	qPole      = authalicQ(1)
	authalicR2 = wgs84A * wgs84A * qPole / 2
)

// authalicQ is q(φ) of the authalic latitude, given sin φ (Snyder 1987, eq. 3-12).
func authalicQ(sinPhi float64) float64 {
	es := wgs84E * sinPhi
	return (1 - wgs84E2) * (sinPhi/(1-es*es) - 1/(2*wgs84E)*math.Log((1-es)/(1+es)))
}

// AreaKM2 returns the area of a polygon or multipolygon on the WGS 84 ellipsoid in
// square kilometres; other geometries have no area.
//
// It uses the same spherical-excess style sum as orb/geo.Area, but on the authalic
// sphere with each latitude converted to its authalic latitude, which makes it an
// equal-area computation on the ellipsoid. orb/geo.Area instead uses a sphere of the
// equatorial radius, which overstates areas at Chongqing's latitude by about 0.3%.
func AreaKM2(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		return polygonArea(g) / 1e6
	case orb.MultiPolygon:
		sum := 0.0
		for _, p := range g {
			sum += polygonArea(p)
		}
		return sum / 1e6
	}
	return 0
}

// polygonArea returns the area in m² of the exterior ring less the holes.
func polygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(ringArea(p[0]))
	for _, h := range p[1:] {
		a -= math.Abs(ringArea(h))
	}
	return a
}

// ringArea returns the signed area in m² of a ring, positive when it runs
// counter-clockwise; the ring may be closed or not.
func ringArea(r orb.Ring) float64 {
	n := len(r)
	if n > 1 && r[0] == r[n-1] {
		n--
	}
	if n < 3 {
		return 0
	}
	sum := 0.0
	for i := 0; i < n; i++ {
		prev, next := r[(i+n-1)%n], r[(i+1)%n]
		sinBeta := authalicQ(math.Sin(r[i][1]*math.Pi/180)) / qPole
		sum += (prev[0] - next[0]) * math.Pi / 180 * sinBeta
	}
	return sum * authalicR2 / 2
}
