package demo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// metresPerDegree is the length of one degree of latitude on the mean sphere.
const metresPerDegree = 6371008.8 * math.Pi / 180

// frame is a local equirectangular projection centred on an origin: x metres
// east and y metres north. Over the few kilometres it is used for it is exact
// enough for layouts, and it maps straight lines to straight lines, so a
// rectangle laid out in metres stays a convex quadrilateral in lon/lat.
type frame struct {
	o      orb.Point
	kx, ky float64
}

func newFrame(o orb.Point) frame {
	return frame{o: o, kx: metresPerDegree * math.Cos(o[1]*math.Pi/180), ky: metresPerDegree}
}

// ll returns the lon/lat of the local point (x, y).
func (f frame) ll(x, y float64) orb.Point { return orb.Point{f.o[0] + x/f.kx, f.o[1] + y/f.ky} }

// xy returns the local coordinates of p.
func (f frame) xy(p orb.Point) (x, y float64) { return (p[0] - f.o[0]) * f.kx, (p[1] - f.o[1]) * f.ky }

// offset returns the point dist metres from p towards bearing (degrees
// clockwise from north).
func offset(p orb.Point, bearing, dist float64) orb.Point {
	a := bearing * math.Pi / 180
	return newFrame(p).ll(dist*math.Sin(a), dist*math.Cos(a))
}

// rectangle returns the closed counter-clockwise ring of a w×h metre
// rectangle centred on local (cx, cy), rotated by rot radians about the
// frame's origin.
func (f frame) rectangle(cx, cy, w, h, rot float64) orb.Ring {
	s, c := math.Sin(rot), math.Cos(rot)
	corners := [4][2]float64{{cx - w/2, cy - h/2}, {cx + w/2, cy - h/2}, {cx + w/2, cy + h/2}, {cx - w/2, cy + h/2}}
	r := make(orb.Ring, 0, 5)
	for _, k := range corners {
		r = append(r, f.ll(k[0]*c-k[1]*s, k[0]*s+k[1]*c))
	}
	return append(r, r[0])
}

// circle returns a closed counter-clockwise ring of n vertices approximating
// a circle of radius metres around the frame's origin.
func (f frame) circle(radius float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, f.ll(radius*math.Cos(a), radius*math.Sin(a)))
	}
	return append(r, r[0])
}

// ringCentroid returns the area centroid of a ring.
func ringCentroid(r orb.Ring) orb.Point {
	c, _ := planar.CentroidArea(orb.Polygon{r})
	return c
}
