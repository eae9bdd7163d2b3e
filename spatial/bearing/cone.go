package bearing

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

const (
	// spread is the half-width of a cone in sigmas: about 95% of bearing
	// errors are within 2σ.
	spread = 2.0
	// arcStep is the largest angle, in degrees, between neighbouring
	// vertices of a cone's arc. At 5 km a 2° chord falls 0.8 m short of the
	// arc, so the polygon is the sector to well under a percent of its
	// area.
	arcStep = 2.0
)

// cone is the region a sighting puts the smoke in: the bearing ± 2σ, out
// to the camera's range.
type cone struct {
	Sighting
	// ring is the cone as a polygon: the camera, then an even number of
	// arc segments from bearing+2σ round to bearing−2σ, which runs
	// counter-clockwise. Its vertices are placed on the sphere, so that
	// they are exact in any plane.
	ring []orb.Point
}

// newCone returns the cone of the normalised sighting s.
func newCone(s Sighting) cone {
	half := spread * s.Sigma
	n := max(2, int(math.Ceil(2*half/arcStep)))
	n += n % 2
	ring := make([]orb.Point, 0, n+2)
	ring = append(ring, s.Origin)
	for i := 0; i <= n; i++ {
		b := s.Bearing + half - 2*half*float64(i)/float64(n)
		ring = append(ring, spatial.Destination(s.Origin, b, s.Range))
	}
	return cone{Sighting: s, ring: ring}
}

// axis returns the point at the cone's range on its bearing: the middle
// vertex of its arc.
func (c cone) axis() orb.Point { return c.ring[1+(len(c.ring)-2)/2] }

// in returns the cone as a counter-clockwise polygon in pl.
func (c cone) in(pl plane) []vec {
	poly := make([]vec, len(c.ring))
	for i, p := range c.ring {
		poly[i] = pl.project(p)
	}
	if area(poly) < 0 {
		// Not expected from the construction; kept so that clip's
		// orientation assumption always holds.
		for i, j := 0, len(poly)-1; i < j; i, j = i+1, j-1 {
			poly[i], poly[j] = poly[j], poly[i]
		}
	}
	return poly
}

// ray returns the camera's position in pl and the unit direction of its
// bearing there.
func (c cone) ray(pl plane) (origin, dir vec) {
	origin = pl.project(c.Origin)
	return origin, pl.project(c.axis()).sub(origin).unit()
}
