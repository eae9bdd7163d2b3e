package spatial

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the mean Earth radius in metres (IUGG), used by every
// great-circle computation in Lookout.
const EarthRadius = 6371008.8

const rad = math.Pi / 180

// Distance returns the great-circle distance in metres between two points
// (haversine formula, accurate to well under a metre at city scale).
func Distance(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlat := lat2 - lat1
	dlon := (b[0] - a[0]) * rad
	s := math.Sin(dlat/2)*math.Sin(dlat/2) +
		math.Cos(lat1)*math.Cos(lat2)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * EarthRadius * math.Asin(math.Min(1, math.Sqrt(s)))
}

// Bearing returns the initial great-circle bearing from a to b in degrees
// clockwise from north, in [0, 360).
func Bearing(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlon := (b[0] - a[0]) * rad
	y := math.Sin(dlon) * math.Cos(lat2)
	x := math.Cos(lat1)*math.Sin(lat2) - math.Sin(lat1)*math.Cos(lat2)*math.Cos(dlon)
	return normalizeDegrees(math.Atan2(y, x) / rad)
}

// Destination returns the point reached by travelling dist metres from p on
// the initial bearing (degrees clockwise from north) along a great circle.
func Destination(p orb.Point, bearing, dist float64) orb.Point {
	lat1, lon1 := p[1]*rad, p[0]*rad
	brg := bearing * rad
	ang := dist / EarthRadius
	lat2 := math.Asin(math.Sin(lat1)*math.Cos(ang) + math.Cos(lat1)*math.Sin(ang)*math.Cos(brg))
	lon2 := lon1 + math.Atan2(math.Sin(brg)*math.Sin(ang)*math.Cos(lat1),
		math.Cos(ang)-math.Sin(lat1)*math.Sin(lat2))
	return orb.Point{normalizeLon(lon2 / rad), lat2 / rad}
}

// normalizeDegrees maps an angle in degrees to [0, 360).
func normalizeDegrees(d float64) float64 {
	d = math.Mod(d, 360)
	if d < 0 {
		d += 360
		if d == 360 {
			// -1e-14 + 360 rounds to 360, which is out of range.
			d = 0
		}
	}
	return d
}

// normalizeLon maps a longitude in degrees to [-180, 180).
func normalizeLon(lon float64) float64 {
	return math.Mod(lon+540, 360) - 180
}

// BoundDistance returns a lower bound, in metres, of the great-circle distance
// from p to any point inside the longitude/latitude box b; it is exact for the
// nearest point of the box and zero when p is inside. The R-tree's k-nearest
// search relies on it never overestimating.
func BoundDistance(p orb.Point, b orb.Bound) float64 {
	lon, lat := p[0], p[1]
	if lon >= b.Min[0] && lon <= b.Max[0] {
		switch {
		case lat < b.Min[1]:
			return Distance(p, orb.Point{lon, b.Min[1]})
		case lat > b.Max[1]:
			return Distance(p, orb.Point{lon, b.Max[1]})
		}
		return 0
	}
	// The nearest point lies on the meridian edge nearer in longitude, which
	// may be the far one across the antimeridian.
	edge, dlon := b.Min[0], b.Min[0]-lon
	if lon > b.Max[0] {
		edge, dlon = b.Max[0], lon-b.Max[0]
		if wrap := b.Min[0] + 360 - lon; wrap < dlon {
			edge, dlon = b.Min[0], wrap
		}
	} else if wrap := lon + 360 - b.Max[0]; wrap < dlon {
		edge, dlon = b.Max[0], wrap
	}
	dlon *= rad
	if dlon >= math.Pi/2 {
		// More than a quarter turn away, the distance to the meridian only
		// shrinks towards the pole, so the nearest point is an end of the
		// edge.
		return math.Min(Distance(p, orb.Point{edge, b.Min[1]}), Distance(p, orb.Point{edge, b.Max[1]}))
	}
	// On a sphere the foot of the perpendicular from p to a meridian is
	// poleward of p's latitude: tan(footLat) = tan(lat) / cos(dlon). The
	// distance grows monotonically away from the foot, so clamping it to the
	// edge gives the nearest point of the edge.
	foot := math.Atan(math.Tan(lat*rad)/math.Cos(dlon)) / rad
	foot = math.Max(b.Min[1], math.Min(b.Max[1], foot))
	return Distance(p, orb.Point{edge, foot})
}
