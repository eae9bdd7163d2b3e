package bearing

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Scenarios are set on 缙云山 (Jinyun Mountain, 北碚区), the forested ridge
// north-west of central Chongqing.
var (
	jinyun = orb.Point{106.38, 29.83}
	t0     = time.Date(2026, 4, 5, 13, 0, 0, 0, time.FixedZone("CST", 8*3600))
)

// at returns the instant min minutes after t0.
func at(min float64) time.Time { return t0.Add(time.Duration(min * float64(time.Minute))) }

// cam describes a camera relative to a fire: where it stands (From degrees
// and Dist metres from the fire) and how wrong its bearing is (Err degrees).
type cam struct {
	ID         string
	From, Dist float64
	Err        float64
	Sigma      float64
	Range      float64
	Min        float64 // minutes after t0
}

// sighting returns c's sighting of the fire at fire.
func (c cam) sighting(fire orb.Point) Sighting {
	o := spatial.Destination(fire, c.From, c.Dist)
	return Sighting{Source: c.ID, Origin: o, Bearing: spatial.Bearing(o, fire) + c.Err,
		Sigma: c.Sigma, Range: c.Range, At: at(c.Min)}
}

// sightings returns the sightings of fire by cams.
func sightings(fire orb.Point, cams ...cam) []Sighting {
	s := make([]Sighting, len(cams))
	for i, c := range cams {
		s[i] = c.sighting(fire)
	}
	return s
}

// checkEstimate fails t unless e is well formed: a valid closed ring,
// Point inside it, Radius covering it, AreaKm2 matching it and Sources
// sorted.
func checkEstimate(t testing.TB, e Estimate) {
	t.Helper()
	if err := spatial.Validate(e.Area, spatial.Limits{}); err != nil {
		t.Fatalf("Area invalid: %v", err)
	}
	if !spatial.Contains(e.Area, e.Point) {
		t.Errorf("Point %v not inside Area", e.Point)
	}
	for _, v := range e.Area[0] {
		if d := spatial.Distance(e.Point, v); d > e.Radius*1.003+0.01 {
			t.Errorf("vertex %v is %.1f m from Point, beyond Radius %.1f m", v, d, e.Radius)
		}
	}
	if got, want := e.AreaKm2, sphericalKm2(e.Area[0]); math.Abs(got-want) > 0.003*want+1e-9 {
		t.Errorf("AreaKm2 = %.6f, the ring encloses %.6f", got, want)
	}
	if len(e.Sources) == 0 || !slices.IsSorted(e.Sources) {
		t.Errorf("Sources = %q, want sorted and not empty", e.Sources)
	}
}

// sphericalKm2 returns the area of a small closed ring in km², by the
// shoelace formula on a plane tangent at its first vertex: an independent
// check of the package's own plane.
func sphericalKm2(r orb.Ring) float64 {
	const k = spatial.EarthRadius * math.Pi / 180
	c := math.Cos(r[0][1] * math.Pi / 180)
	var a float64
	for i := 0; i+1 < len(r); i++ {
		x1, y1 := (r[i][0]-r[0][0])*k*c, (r[i][1]-r[0][1])*k
		x2, y2 := (r[i+1][0]-r[0][0])*k*c, (r[i+1][1]-r[0][1])*k
		a += x1*y2 - x2*y1
	}
	return math.Abs(a) / 2 / 1e6
}

// inFront reports whether p is in front of the camera of s: within its
// range and within 2σ of its bearing, give or take a little.
func inFront(s Sighting, p orb.Point) bool {
	s, _ = normalise(0, s)
	d := spatial.Distance(s.Origin, p)
	off := math.Abs(math.Mod(spatial.Bearing(s.Origin, p)-s.Bearing+540, 360) - 180)
	return d <= s.Range*1.001 && (d < 1 || off <= spread*s.Sigma+0.1)
}
