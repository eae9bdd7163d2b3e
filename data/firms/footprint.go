package firms

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Footprint returns the ground pixel of the detection as a closed,
// counter-clockwise rectangle of ScanKM × TrackKM centred on the point, for
// a client that wants to draw it: the point is the pixel's centre, and the
// fire is somewhere inside.
//
// FIRMS gives the pixel's size but not its orientation. The rectangle lays
// the scan east–west and the track north–south, a fair approximation for
// polar orbiters, whose ground track runs within about 10–15° of north–south
// at Chongqing's latitude (it is rotated by that much in truth). It is laid
// out in the point's local metre frame; near the poles it is clamped to the
// valid range, and it is not split at the antimeridian.
func (h Hotspot) Footprint() orb.Polygon {
	lat := math.Max(-89.9, math.Min(89.9, h.Lat))
	f := spatial.NewFrame(orb.Point{h.Lon, lat})
	dx, dy := h.ScanKM*500, h.TrackKM*500 // half sizes in metres
	corner := func(x, y float64) orb.Point {
		p := f.LonLat(x, y)
		p[0] = math.Max(-180, math.Min(180, p[0]))
		p[1] = math.Max(-90, math.Min(90, p[1]))
		return p
	}
	sw, se, ne, nw := corner(-dx, -dy), corner(dx, -dy), corner(dx, dy), corner(-dx, dy)
	return orb.Polygon{orb.Ring{sw, se, ne, nw, sw}}
}
