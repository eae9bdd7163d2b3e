package demo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"lookout/spatial"
)

// frame is spatial.Frame with the layouts the generators draw in it.
type frame struct{ spatial.Frame }

func newFrame(o orb.Point) frame { return frame{spatial.NewFrame(o)} }

// offset returns the point dist metres from p towards bearing (degrees
// clockwise from north).
func offset(p orb.Point, bearing, dist float64) orb.Point {
	a := bearing * math.Pi / 180
	return newFrame(p).LonLat(dist*math.Sin(a), dist*math.Cos(a))
}

// rectangle returns the closed counter-clockwise ring of a w×h metre
// rectangle centred on local (cx, cy), rotated by rot radians about the
// frame's origin.
func (f frame) rectangle(cx, cy, w, h, rot float64) orb.Ring {
	s, c := math.Sin(rot), math.Cos(rot)
	corners := [4][2]float64{{cx - w/2, cy - h/2}, {cx + w/2, cy - h/2}, {cx + w/2, cy + h/2}, {cx - w/2, cy + h/2}}
	r := make(orb.Ring, 0, 5)
	for _, k := range corners {
		r = append(r, f.LonLat(k[0]*c-k[1]*s, k[0]*s+k[1]*c))
	}
	return append(r, r[0])
}

// ringCentroid returns the area centroid of a ring.
func ringCentroid(r orb.Ring) orb.Point {
	c, _ := planar.CentroidArea(orb.Polygon{r})
	return c
}
