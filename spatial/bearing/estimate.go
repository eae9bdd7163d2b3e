package bearing

import (
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Kind tells a located fire from a direction only.
type Kind uint8

const (
	// Sector is an estimate that knows the direction of the smoke but not
	// its distance: one camera, or cameras whose bearings cross at less
	// than MinCrossing.
	Sector Kind = iota + 1
	// Located is an estimate from two or more cameras whose cones meet and
	// whose bearings cross at MinCrossing or more.
	Located
)

// String returns "sector" or "located".
func (k Kind) String() string {
	switch k {
	case Sector:
		return "sector"
	case Located:
		return "located"
	}
	return "unknown"
}

// Estimate is where a fire is, as far as the sightings of it tell.
type Estimate struct {
	Kind Kind
	// Point is the best single point: for Located, the weighted
	// least-squares crossing of the bearings (or the centre of Area when
	// that crossing falls outside it); for one camera, the point at half
	// its range on its bearing; for cameras that do not cross, the centre
	// of their overlap. It is always inside Area.
	Point orb.Point
	// Radius is the radius in metres of the circle around Point that covers
	// Area: the uncertainty to draw when a circle is all a map can show.
	Radius float64
	// Area is the uncertainty region: the common part of the contributing
	// cameras' cones (each the bearing ± 2σ, out to the camera's range),
	// one closed counter-clockwise ring.
	Area orb.Polygon
	// AreaKm2 is the area of Area in square kilometres.
	AreaKm2 float64
	// Sources are the IDs of the cameras that contributed, sorted.
	Sources []string
	// At is the time of the newest contributing sighting.
	At time.Time
}

// Locate estimates where one fire is from sightings all assumed to be of
// it. Of each camera only the newest sighting counts. When the cones of all
// cameras do not meet, the largest set of cameras whose cones do is used
// (the narrowest cones first), and the others are left out of Sources; when
// no two meet, the narrowest cone alone gives a Sector. It returns
// ErrNoSightings for no sightings and an error wrapping ErrInvalid for an
// invalid one.
func Locate(s []Sighting) (Estimate, error) {
	if len(s) == 0 {
		return Estimate{}, ErrNoSightings
	}
	ok, err := prepare(s)
	if err != nil {
		return Estimate{}, err
	}
	cones := make([]cone, len(ok))
	for i, x := range ok {
		cones[i] = newCone(x)
	}
	// Cameras too far apart to share a fire are grouped apart, each part
	// on a plane of its own; the best group of any part wins.
	var best *scene
	var bestGroup group
	for _, part := range components(cones, 0) {
		sc := newScene(part, 0)
		if g := sc.best(allFree(len(part))); best == nil || g.better(bestGroup) {
			best, bestGroup = sc, g
		}
	}
	return best.estimate(bestGroup), nil
}

// allFree returns n trues.
func allFree(n int) []bool {
	free := make([]bool, n)
	for i := range free {
		free[i] = true
	}
	return free
}

// estimate turns a group into an Estimate.
func (s *scene) estimate(g group) Estimate {
	e := Estimate{Kind: Sector, Sources: make([]string, len(g.members)), At: g.last}
	rays := make([]ray, len(g.members))
	for i, m := range g.members {
		c := s.cones[m]
		e.Sources[i] = c.Source
		o, d := c.ray(s.pl)
		rays[i] = ray{o: o, d: d, sigma: c.Sigma}
	}
	slices.Sort(e.Sources)
	var p vec
	switch {
	case len(g.members) == 1:
		c := s.cones[g.members[0]]
		p = s.pl.project(spatial.Destination(c.Origin, c.Bearing, c.Range/2))
	case crossing(rays) < MinCrossing:
		p = centroid(g.region)
	default:
		e.Kind = Located
		p = centroid(g.region)
		// Off the region, the crossing is behind a camera or beyond its
		// range: the region's centre is then the better guess.
		if q, ok := leastSquares(rays, p); ok && inside(g.region, q) {
			p = q
		}
	}
	e.Point = s.pl.unproject(p)
	e.Radius = reach(g.region, p)
	e.Area = orb.Polygon{s.pl.ring(g.region)}
	e.AreaKm2 = g.area / 1e6
	return e
}
