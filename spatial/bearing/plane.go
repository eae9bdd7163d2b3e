package bearing

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// vec is a position or a direction in the local plane: metres east (x) and
// north (y) of the plane's centre.
type vec struct{ x, y float64 }

const rad = math.Pi / 180

func (a vec) add(b vec) vec       { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec       { return vec{a.x - b.x, a.y - b.y} }
func (a vec) scale(k float64) vec { return vec{a.x * k, a.y * k} }
func (a vec) dot(b vec) float64   { return a.x*b.x + a.y*b.y }
func (a vec) norm() float64       { return math.Hypot(a.x, a.y) }
func (a vec) finite() bool        { return finite(a.x) && finite(a.y) }
func cross(a, b vec) float64      { return a.x*b.y - a.y*b.x }
func (a vec) unit() vec           { return a.scale(1 / a.norm()) }
func (a vec) normal() vec         { return vec{-a.y, a.x} }
func (a vec) dist(b vec) float64  { return a.sub(b).norm() }

// plane is a gnomonic projection of the sphere onto the plane tangent at a
// centre. Every great circle is a straight line in it, so a bearing from a
// camera is exactly a straight ray and two rays cross exactly where the
// great circles do. It is true to scale at the centre: at 30 km from it
// distances are stretched by under 0.003% and at 60 km by under 0.01%,
// which the planar distances and areas computed in it inherit.
type plane struct {
	lon0             float64 // degrees
	lat0             float64 // degrees
	sinLat0, cosLat0 float64
}

// horizon is the smallest cosine of the angle between a point and the
// centre that is projected faithfully. A point 90° or more round the Earth
// from the centre has no place in a gnomonic plane; it is projected as if
// it were 89.994° away instead, far off but finite. Cameras that can see a
// common fire are never more than a degree apart.
const horizon = 1e-4

// newPlane returns the plane centred on pts, which must not be empty: at the
// mean of their directions from the Earth's centre, which is well defined
// for a compact set anywhere on the globe, across the antimeridian or
// around a pole.
func newPlane(pts []orb.Point) plane {
	var x, y, z float64
	for _, p := range pts {
		sinLat, cosLat := math.Sincos(p[1] * rad)
		sinLon, cosLon := math.Sincos(p[0] * rad)
		x, y, z = x+cosLat*cosLon, y+cosLat*sinLon, z+sinLat
	}
	lon0, lat0 := pts[0][0], pts[0][1]
	if h := math.Hypot(x, y); h > 0 || z != 0 {
		lon0, lat0 = math.Atan2(y, x)/rad, math.Atan2(z, h)/rad
	}
	pl := plane{lon0: lon0, lat0: lat0}
	pl.sinLat0, pl.cosLat0 = math.Sincos(lat0 * rad)
	return pl
}

// project returns p's position in the plane.
func (pl plane) project(p orb.Point) vec {
	sinLat, cosLat := math.Sincos(p[1] * rad)
	sinLon, cosLon := math.Sincos((p[0] - pl.lon0) * rad)
	cosC := math.Max(horizon, pl.sinLat0*sinLat+pl.cosLat0*cosLat*cosLon)
	k := spatial.EarthRadius / cosC
	return vec{k * cosLat * sinLon, k * (pl.cosLat0*sinLat - pl.sinLat0*cosLat*cosLon)}
}

// unproject returns the longitude and latitude of v.
func (pl plane) unproject(v vec) orb.Point {
	rho := v.norm()
	if rho == 0 {
		return orb.Point{pl.lon0, pl.lat0}
	}
	sinC, cosC := math.Sincos(math.Atan(rho / spatial.EarthRadius))
	lat := math.Asin(max(-1, min(1, cosC*pl.sinLat0+v.y*sinC*pl.cosLat0/rho)))
	lon := pl.lon0*rad + math.Atan2(v.x*sinC, rho*pl.cosLat0*cosC-v.y*pl.sinLat0*sinC)
	return orb.Point{wrapLon(lon / rad), lat / rad}
}

// ring returns poly as a closed longitude/latitude ring.
func (pl plane) ring(poly []vec) orb.Ring {
	r := make(orb.Ring, 0, len(poly)+1)
	for _, v := range poly {
		r = append(r, pl.unproject(v))
	}
	return append(r, r[0])
}

// wrapLon maps a longitude or longitude difference in degrees to
// [-180, 180).
func wrapLon(d float64) float64 {
	d = math.Mod(d+180, 360)
	if d < 0 {
		d += 360
	}
	if d -= 180; d >= 180 {
		// A tiny negative remainder plus 360 rounds to 360.
		d -= 360
	}
	return d
}
