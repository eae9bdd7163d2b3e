package fence

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Kind says whether a zone is to be kept to or kept away from.
type Kind uint8

// The kinds. The zero Kind is not valid.
const (
	// Inclusion zones must be stayed inside: a supervised person's allowed
	// area, an official vehicle's jurisdiction. Leaving one is a violation.
	Inclusion Kind = iota + 1
	// Exclusion zones must be kept out of: listed places, forbidden venues.
	// Entering one, or crossing it between two fixes, is a violation.
	Exclusion
)

// String returns "inclusion" or "exclusion".
func (k Kind) String() string {
	switch k {
	case Inclusion:
		return "inclusion"
	case Exclusion:
		return "exclusion"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Zone is a geofence. Put validates it and keeps a copy.
type Zone struct {
	// ID names the zone; Put with an ID already present replaces that zone.
	ID   string
	Kind Kind
	// Shape is an orb.Polygon or orb.MultiPolygon (holes are outside), or
	// an orb.Point with Radius for a circle.
	Shape orb.Geometry
	// Radius in metres of a point zone; must be 0 for polygons.
	Radius float64
	// Warn is the width in metres of a warning ring: outside the edge of an
	// exclusion zone, inside the edge of an inclusion zone; 0 for none.
	Warn float64
	// Schedule says when the zone is in force; the zero value is always.
	Schedule Schedule
	// Dwell and DwellFixes debounce state changes: a change is confirmed
	// only after it has held for Dwell and for DwellFixes consecutive
	// fixes. Both 0 confirm at once (so does DwellFixes 1).
	Dwell      time.Duration
	DwellFixes int
	// MaxInside raises InsideTooLong once the subject has been inside for
	// this long (loitering at a venue); 0 turns it off.
	MaxInside time.Duration
	// Subjects are the subject IDs the zone applies to; empty means every
	// subject (a forbidden venue applies to every official vehicle, a
	// person's allowed area to that person only).
	Subjects []string
}

// ErrInvalidZone is wrapped by every error Put returns. An invalid shape
// also wraps spatial.ErrInvalidGeometry.
var ErrInvalidZone = errors.New("fence: invalid zone")

// edgeTolerance, in metres, absorbs rounding: a point this close to a
// zone's edge is on it, which counts as inside, but only Possibly so.
const edgeTolerance = 0.01

// zone is a validated Zone with what evaluating it needs.
type zone struct {
	Zone
	bound  orb.Bound // the shape's bound grown by the radius and, outside, the ring
	circle bool
	polys  orb.MultiPolygon
	rings  []ring
	tracks map[string]*track // subject → its state against this zone
	mark   uint64            // the Observe call that last evaluated it
}

// ring is one ring of a polygon zone as a line, with its bound.
type ring struct {
	line orb.LineString
	b    orb.Bound
}

func invalid(id, format string, args ...any) error {
	return fmt.Errorf("%w %q: %s", ErrInvalidZone, id, fmt.Sprintf(format, args...))
}

// newZone validates z and prepares a copy of it.
func newZone(z Zone) (*zone, error) {
	id := z.ID
	if id == "" {
		return nil, invalid(id, "empty ID")
	}
	if z.Kind != Inclusion && z.Kind != Exclusion {
		return nil, invalid(id, "kind %v is neither inclusion nor exclusion", z.Kind)
	}
	if err := spatial.Validate(z.Shape, spatial.Limits{}); err != nil {
		return nil, fmt.Errorf("%w %q: shape: %w", ErrInvalidZone, id, err)
	}
	nz := &zone{Zone: z}
	nz.Shape = orb.Clone(z.Shape)
	switch g := nz.Shape.(type) {
	case orb.Point:
		if !(z.Radius > 0) || math.IsInf(z.Radius, 0) {
			return nil, invalid(id, "a point zone needs a finite radius > 0, not %g", z.Radius)
		}
		nz.circle = true
	case orb.Polygon:
		nz.polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		nz.polys = g
	default:
		return nil, invalid(id, "shape %T is not a Polygon, MultiPolygon or Point", g)
	}
	switch {
	case !nz.circle && z.Radius != 0:
		return nil, invalid(id, "radius %g on a polygon zone (radius is for point zones)", z.Radius)
	case !(z.Warn >= 0) || math.IsInf(z.Warn, 0):
		return nil, invalid(id, "warning ring %g m is not a finite width >= 0", z.Warn)
	case z.Dwell < 0 || z.DwellFixes < 0 || z.MaxInside < 0:
		return nil, invalid(id, "negative dwell %v, dwell fixes %d or max inside %v", z.Dwell, z.DwellFixes, z.MaxInside)
	}
	if err := z.Schedule.validate(); err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrInvalidZone, id, err)
	}
	nz.Schedule.Windows = slices.Clone(z.Schedule.Windows)
	nz.Subjects = nil
	for _, s := range z.Subjects {
		if s == "" {
			return nil, invalid(id, "empty subject ID")
		}
		if !slices.Contains(nz.Subjects, s) {
			nz.Subjects = append(nz.Subjects, s)
		}
	}
	for _, poly := range nz.polys {
		for _, r := range poly {
			nz.rings = append(nz.rings, ring{line: orb.LineString(r), b: r.Bound()})
		}
	}
	grow := z.Radius
	if z.Kind == Exclusion {
		grow += z.Warn
	}
	nz.bound = growBound(nz.Shape.Bound(), grow)
	nz.tracks = make(map[string]*track)
	return nz, nil
}

// growBound returns b grown by m metres on every side, in degrees at the
// bound's poleward edge (where a metre is the most longitude), with 1% to
// spare for the bulge of great circles.
func growBound(b orb.Bound, m float64) orb.Bound {
	if m <= 0 {
		return b
	}
	dlat := 1.01 * m / (spatial.EarthRadius * math.Pi / 180)
	lat := math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])) + dlat
	dlon := 360.0
	if lat < 89 {
		dlon = math.Min(360, dlat/math.Cos(lat*math.Pi/180))
	}
	return orb.Bound{
		Min: orb.Point{math.Max(-180, b.Min[0]-dlon), math.Max(-90, b.Min[1]-dlat)},
		Max: orb.Point{math.Min(180, b.Max[0]+dlon), math.Min(90, b.Max[1]+dlat)},
	}
}

// distance returns the signed distance in metres from p to the zone's edge:
// negative inside, positive outside, and exactly 0 within edgeTolerance.
func (z *zone) distance(p orb.Point) float64 {
	var d float64
	if z.circle {
		d = spatial.Distance(p, z.Shape.(orb.Point)) - z.Radius
	} else {
		// The nearest point of a polygon's area, seen from outside it, is
		// on its boundary, and so is the nearest point of its complement
		// seen from inside: either way the distance is to the nearest ring,
		// holes included. Rings whose bound is further than the best so far
		// are skipped.
		d = math.Inf(1)
		for _, r := range z.rings {
			if spatial.BoundDistance(p, r.b) < d {
				d = math.Min(d, spatial.DistanceTo(p, r.line))
			}
		}
		if spatial.Contains(z.polys, p) {
			d = -d
		}
	}
	if math.Abs(d) <= edgeTolerance {
		return 0
	}
	return d
}

// region classifies a signed distance: the edge itself (0) is inside.
func (z *zone) region(d float64) State {
	if z.Kind == Inclusion {
		switch {
		case d > 0:
			return Outside
		case d > -z.Warn:
			return Warning
		}
		return Inside
	}
	switch {
	case d <= 0:
		return Inside
	case d <= z.Warn:
		return Warning
	}
	return Outside
}

// certainty is Definite when the accuracy circle of a fix at signed
// distance d lies wholly on one side of the zone's edge.
func certainty(d, accuracy float64) Certainty {
	if math.Abs(d) > accuracy+edgeTolerance {
		return Definite
	}
	return Possible
}

// in reports whether state s is inside the zone proper (for an inclusion
// zone its warning ring is inside it; for an exclusion zone it is not).
func in(k Kind, s State) bool {
	if k == Inclusion {
		return s != Outside
	}
	return s == Inside
}

// rest is the state a subject is assumed to be in until a fix says
// otherwise: compliant.
func rest(k Kind) State {
	if k == Inclusion {
		return Inside
	}
	return Outside
}

// violating reports whether state s with certainty c breaks a zone of kind k.
func violating(k Kind, s State, c Certainty) bool {
	return c == Definite && in(k, s) == (k == Exclusion)
}

// forEveryone reports whether the zone applies to every subject.
func (z *zone) forEveryone() bool { return len(z.Subjects) == 0 }
