package bearing

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Defaults and limits of a Sighting's fields.
const (
	// DefaultSigma is the 1-sigma bearing error, in degrees, assumed for a
	// sighting that does not give one. Its cone, ±4°, covers the bearing
	// error the demo's simulated cameras are given.
	DefaultSigma = 2.0
	// MinSigma and MaxSigma bound a given Sigma, in degrees. A finer
	// bearing (MinSigma is 9 m across at 5 km) would be finer than the
	// surveyed position of the camera it is measured from, and a cone
	// wider than 4·MaxSigma (120°) says nothing about where the smoke is.
	MinSigma = 0.1
	MaxSigma = 30.0
	// DefaultRange is how far, in metres, a camera that does not say sees
	// smoke: the 5 km of Chongqing's forest cameras.
	DefaultRange = 5000.0
	// MinRange and MaxRange bound a given Range, in metres. MaxRange keeps
	// every set of cameras within the distance where the local plane is
	// accurate.
	MinRange = 100.0
	MaxRange = 30000.0
)

// Errors returned by Locate and Cluster. An invalid sighting's error wraps
// ErrInvalid and names the sighting's index, the field and the reason.
var (
	ErrNoSightings = errors.New("bearing: no sightings")
	ErrInvalid     = errors.New("bearing: invalid sighting")
)

// Sighting is one camera's report of smoke: the direction from the camera
// to the smoke, how precise that direction is, and how far the camera sees.
type Sighting struct {
	// Source is the camera's feature ID. A camera counts once: of several
	// sightings from one Source only the newest is used.
	Source string
	// Origin is the camera's position (longitude, latitude).
	Origin orb.Point
	// Bearing is the direction to the smoke in degrees clockwise from true
	// north; any finite value is accepted and normalised to [0, 360).
	Bearing float64
	// Sigma is the 1-sigma bearing error in degrees, within [MinSigma,
	// MaxSigma]; 0 means DefaultSigma.
	Sigma float64
	// Range is how far the camera sees, in metres, within [MinRange,
	// MaxRange]; 0 means DefaultRange. Smoke beyond it is not considered.
	Range float64
	// At is when the camera saw the smoke; Cluster groups only sightings
	// close in time, and the newest sighting of a camera replaces older ones.
	At time.Time
}

// normalise checks the i-th sighting s and returns it with its bearing in
// [0, 360) and its defaults filled in.
func normalise(i int, s Sighting) (Sighting, error) {
	lon, lat := s.Origin[0], s.Origin[1]
	switch {
	case s.Source == "":
		return s, invalid(i, "Source", "empty")
	case !finite(lon) || lon < -180 || lon > 180:
		return s, invalid(i, "Origin", "longitude %g is not a finite number in [-180, 180]", lon)
	case !(math.Abs(lat) < 90):
		// At a pole every direction is south: a bearing means nothing.
		return s, invalid(i, "Origin", "latitude %g is not a number in (-90, 90)", lat)
	case !finite(s.Bearing):
		return s, invalid(i, "Bearing", "%g is not a finite number", s.Bearing)
	case !finite(s.Sigma) || s.Sigma != 0 && (s.Sigma < MinSigma || s.Sigma > MaxSigma):
		return s, invalid(i, "Sigma", "%g is not 0 or within [%g, %g] degrees", s.Sigma, MinSigma, MaxSigma)
	case !finite(s.Range) || s.Range != 0 && (s.Range < MinRange || s.Range > MaxRange):
		return s, invalid(i, "Range", "%g is not 0 or within [%g, %g] metres", s.Range, MinRange, MaxRange)
	}
	s.Bearing = math.Mod(s.Bearing, 360)
	if s.Bearing < 0 {
		// -1e-14 + 360 rounds to 360, which is out of range.
		if s.Bearing += 360; s.Bearing == 360 {
			s.Bearing = 0
		}
	}
	if s.Sigma == 0 {
		s.Sigma = DefaultSigma
	}
	if s.Range == 0 {
		s.Range = DefaultRange
	}
	return s, nil
}

// invalid returns an error wrapping ErrInvalid that names sighting i's
// field and says what is wrong with it.
func invalid(i int, field, format string, args ...any) error {
	return fmt.Errorf("%w: sightings[%d].%s: %s", ErrInvalid, i, field, fmt.Sprintf(format, args...))
}

// finite reports whether x is neither NaN nor infinite.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// prepare validates and normalises every sighting and keeps, of each
// camera, only the newest (the later one in s when two are equally new).
// The result is sorted by Source.
func prepare(s []Sighting) ([]Sighting, error) {
	newest := make(map[string]int, len(s))
	out := make([]Sighting, 0, len(s))
	for i, x := range s {
		x, err := normalise(i, x)
		if err != nil {
			return nil, err
		}
		if j, ok := newest[x.Source]; ok {
			if !x.At.Before(out[j].At) {
				out[j] = x
			}
			continue
		}
		newest[x.Source] = len(out)
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b Sighting) int { return strings.Compare(a.Source, b.Source) })
	return out, nil
}
