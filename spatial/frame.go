package spatial

import (
	"math"

	"github.com/paulmach/orb"
)

// MetresPerDegree is the length of one degree of a great circle (of
// latitude) on the mean sphere.
const MetresPerDegree = EarthRadius * math.Pi / 180

// Frame is a local equirectangular projection around an origin: x metres
// east and y metres north. Over the few kilometres it is meant for it is
// exact enough for layouts and nearby geometry, and it maps straight lines
// to straight lines, so a rectangle laid out in metres stays a convex
// quadrilateral in lon/lat. Farther out, use Destination and Distance.
type Frame struct {
	Origin orb.Point
	kx, ky float64
}

// NewFrame returns the frame around origin.
func NewFrame(origin orb.Point) Frame {
	return Frame{Origin: origin, kx: MetresPerDegree * math.Cos(origin[1]*math.Pi/180), ky: MetresPerDegree}
}

// LonLat returns the lon/lat of the local point (x, y).
func (f Frame) LonLat(x, y float64) orb.Point {
	return orb.Point{f.Origin[0] + x/f.kx, f.Origin[1] + y/f.ky}
}

// XY returns the local coordinates of p in metres.
func (f Frame) XY(p orb.Point) (x, y float64) {
	return (p[0] - f.Origin[0]) * f.kx, (p[1] - f.Origin[1]) * f.ky
}

// Circle returns a closed counter-clockwise polygon of n vertices on the
// circle of radius metres around c, laid out in c's frame.
func Circle(c orb.Point, radius float64, n int) orb.Polygon {
	f := NewFrame(c)
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, f.LonLat(radius*math.Cos(a), radius*math.Sin(a)))
	}
	return orb.Polygon{append(ring, ring[0])}
}
