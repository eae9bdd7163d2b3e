package spatial_test

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Places used throughout the tests.
var (
	jiefangbei = orb.Point{106.5771, 29.5576} // 解放碑, Yuzhong
	wanzhou    = orb.Point{108.4085, 30.8078} // 万州
)

// chongqing is the bounding box of the municipality.
var chongqing = orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.19, 32.20}}

// newRand returns a deterministic generator, so that a failure reproduces.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x10c0a7))
}

// pointIn returns a point drawn uniformly (in degrees) from b.
func pointIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{
		b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
		b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
	}
}

// boxAround returns a box of random size, up to maxDeg a side, whose corner
// is drawn from b.
func boxAround(r *rand.Rand, b orb.Bound, maxDeg float64) orb.Bound {
	lo := pointIn(r, b)
	return orb.Bound{Min: lo, Max: orb.Point{lo[0] + r.Float64()*maxDeg, lo[1] + r.Float64()*maxDeg}}
}

// vincenty is the great-circle distance in metres by the Vincenty formula
// for a sphere: an independent reference for spatial.Distance (haversine),
// well conditioned at every distance, antipodes included.
func vincenty(a, b orb.Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlon := (b[0] - a[0]) * rad
	y := math.Hypot(math.Cos(lat2)*math.Sin(dlon),
		math.Cos(lat1)*math.Sin(lat2)-math.Sin(lat1)*math.Cos(lat2)*math.Cos(dlon))
	x := math.Sin(lat1)*math.Sin(lat2) + math.Cos(lat1)*math.Cos(lat2)*math.Cos(dlon)
	return spatial.EarthRadius * math.Atan2(y, x)
}

// near reports whether got is within tol of want.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol
}
