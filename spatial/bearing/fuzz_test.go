package bearing

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// FuzzLocate checks that Locate and Cluster never panic, reject bad input
// with the package's errors, and turn good input into finite estimates
// near the cameras. When the top bit of n is set the inputs are folded
// into the valid ranges, so that the fuzzer explores the geometry rather
// than the validation.
func FuzzLocate(f *testing.F) {
	f.Add(106.38, 29.83, 45.0, 2.0, 5000.0, 106.41, 29.83, 315.0, 0.0, 0.0, 0.0, uint8(2))
	f.Add(106.38, 29.83, 45.0, 2.0, 5000.0, 106.41, 29.83, 315.0, 1.0, 8000.0, 270.0, uint8(3))
	f.Add(106.38, 29.83, 0.0, 0.0, 0.0, 106.381, 29.83, 0.0, 0.0, 0.0, 180.0, uint8(4))
	f.Add(179.99, 89.5, 10.0, 30.0, 30000.0, -179.99, 89.6, 200.0, 0.1, 100.0, 90.0, uint8(0x83))
	f.Add(math.NaN(), 29.83, 45.0, 2.0, 5000.0, 106.41, 29.83, math.Inf(1), 0.0, 0.0, 0.0, uint8(2))
	f.Add(0.0, 0.0, -1e300, 1e-300, 1e300, 0.0, 0.0, 1e300, 0.0, 0.0, -0.0, uint8(0x84))
	f.Fuzz(func(t *testing.T, lon1, lat1, b1, s1, r1, lon2, lat2, b2, s2, r2, b3 float64, n uint8) {
		if n&0x80 != 0 {
			lon1, lon2 = fold(lon1, -180, 180), fold(lon2, -180, 180)
			lat1, lat2 = fold(lat1, -89.99, 89.99), fold(lat2, -89.99, 89.99)
			s1, s2 = fold(s1, MinSigma, MaxSigma), fold(s2, MinSigma, MaxSigma)
			r1, r2 = fold(r1, MinRange, MaxRange), fold(r2, MinRange, MaxRange)
		}
		all := []Sighting{
			{Source: "a", Origin: orb.Point{lon1, lat1}, Bearing: b1, Sigma: s1, Range: r1, At: t0},
			{Source: "b", Origin: orb.Point{lon2, lat2}, Bearing: b2, Sigma: s2, Range: r2, At: t0.Add(time.Minute)},
			{Source: "c", Origin: orb.Point{lon2, lat1}, Bearing: b3, At: t0.Add(2 * time.Minute)},
			{Source: "a", Origin: orb.Point{lon1, lat2}, Bearing: b3, At: t0.Add(-time.Minute)},
			{Source: "d", Origin: orb.Point{lon1, lat2}, Bearing: b1 + b2, Sigma: s2, Range: r1, At: t0.Add(time.Hour)},
		}
		s := all[:int(n&0x7f)%(len(all)+1)]
		e, err := Locate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNoSightings) {
				t.Fatalf("Locate: unexpected error %v", err)
			}
			return
		}
		checkSane(t, s, e)
		es, err := Cluster(s, Options{})
		if err != nil {
			t.Fatalf("Cluster rejects what Locate accepts: %v", err)
		}
		var sources []string
		for _, e := range es {
			checkSane(t, s, e)
			sources = append(sources, e.Sources...)
		}
		slices.Sort(sources)
		if want := distinctSources(s); !slices.Equal(sources, want) {
			t.Errorf("Cluster: sources %q, want each of %q once", sources, want)
		}
	})
}

// checkSane fails t unless e is finite, well formed, and near a camera of
// its own: never a point 1000 km away.
func checkSane(t *testing.T, in []Sighting, e Estimate) {
	t.Helper()
	if e.Kind != Sector && e.Kind != Located {
		t.Fatalf("Kind = %d", e.Kind)
	}
	if !finitePoint(e.Point) || !finite(e.Radius) || e.Radius < 0 || !finite(e.AreaKm2) || e.AreaKm2 < 0 {
		t.Fatalf("not finite: Point %v, Radius %v, AreaKm2 %v", e.Point, e.Radius, e.AreaKm2)
	}
	if len(e.Area) != 1 || len(e.Area[0]) < 4 || e.Area[0][0] != e.Area[0][len(e.Area[0])-1] {
		t.Fatalf("Area is not one closed ring: %v", e.Area)
	}
	for _, p := range e.Area[0] {
		if !finitePoint(p) {
			t.Fatalf("Area vertex %v not finite", p)
		}
	}
	if len(e.Sources) == 0 || !slices.IsSorted(e.Sources) {
		t.Fatalf("Sources = %q", e.Sources)
	}
	if e.Radius > 2*MaxRange*1.001 {
		t.Errorf("Radius = %.0f m, more than any cone is wide", e.Radius)
	}
	for _, x := range in {
		if x.Source == e.Sources[0] {
			x, _ = normalise(0, x)
			if d := spatial.Distance(x.Origin, e.Point); d <= x.Range*1.001 {
				return
			}
		}
	}
	t.Errorf("Point %v is beyond the range of camera %s", e.Point, e.Sources[0])
}

// fold maps a finite x into [lo, hi]; NaN and infinities are kept, to be
// rejected.
func fold(x, lo, hi float64) float64 {
	if !finite(x) {
		return x
	}
	return lo + math.Abs(math.Mod(x, hi-lo))
}

func finitePoint(p orb.Point) bool {
	return finite(p[0]) && finite(p[1]) && math.Abs(p[0]) <= 180 && math.Abs(p[1]) <= 90
}

// distinctSources returns the sorted distinct sources of s.
func distinctSources(s []Sighting) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Source)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
