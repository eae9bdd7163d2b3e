package bearing

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestLocateExactBearings(t *testing.T) {
	tests := []struct {
		name string
		fire orb.Point
		cams []cam
	}{
		{"right angle", jinyun, []cam{{ID: "a", From: 225, Dist: 3000}, {ID: "b", From: 135, Dist: 3500}}},
		{"narrow 20° crossing", jinyun, []cam{{ID: "a", From: 200, Dist: 4000}, {ID: "b", From: 180, Dist: 4500}}},
		{"wide 160° crossing", jinyun, []cam{{ID: "a", From: 10, Dist: 2000}, {ID: "b", From: 170, Dist: 4000}}},
		{"near the edge of range", jinyun, []cam{{ID: "a", From: 300, Dist: 4900}, {ID: "b", From: 30, Dist: 4900}}},
		{"three cameras", jinyun, []cam{{ID: "a", From: 0, Dist: 2500}, {ID: "b", From: 120, Dist: 3000}, {ID: "c", From: 240, Dist: 4000}}},
		{"mixed sigmas and ranges", jinyun, []cam{{ID: "a", From: 80, Dist: 12000, Sigma: 0.5, Range: 20000}, {ID: "b", From: 350, Dist: 1500, Sigma: 4, Range: 3000}}},
		{"five cameras", orb.Point{106.45, 29.75}, []cam{
			{ID: "a", From: 0, Dist: 2500}, {ID: "b", From: 70, Dist: 3000}, {ID: "c", From: 150, Dist: 4000},
			{ID: "d", From: 220, Dist: 1800}, {ID: "e", From: 290, Dist: 4200}}},
		{"30 km apart, 29 km out", jinyun, []cam{{ID: "a", From: 90, Dist: 29000, Sigma: 0.5, Range: 30000}, {ID: "b", From: 180, Dist: 29000, Sigma: 0.5, Range: 30000}}},
		{"across the antimeridian", orb.Point{179.99, -16.8}, []cam{{ID: "a", From: 90, Dist: 3000}, {ID: "b", From: 0, Dist: 3000}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Locate(sightings(tt.fire, tt.cams...))
			if err != nil {
				t.Fatal(err)
			}
			checkEstimate(t, e)
			if e.Kind != Located {
				t.Fatalf("Kind = %v, want located", e.Kind)
			}
			// The gnomonic plane makes bearing lines exactly straight, so
			// the fix is exact but for rounding.
			if d := spatial.Distance(e.Point, tt.fire); d > 0.05 {
				t.Errorf("Point %v is %.3f m from the fire, want within 5 cm", e.Point, d)
			}
			if len(e.Sources) != len(tt.cams) {
				t.Errorf("Sources = %q, want all %d cameras", e.Sources, len(tt.cams))
			}
			if !spatial.Contains(e.Area, tt.fire) {
				t.Error("the fire is not inside Area")
			}
		})
	}
}

// TestLocateNoisyBearings has each camera's bearing off by up to ±2° (1σ
// of the default Sigma), so the fire is inside every cone and must be
// inside the estimate's Area and within Radius of its Point.
func TestLocateNoisyBearings(t *testing.T) {
	geometries := []struct {
		name string
		cams []cam
	}{
		{"two at right angles", []cam{{ID: "a", From: 225, Dist: 3000}, {ID: "b", From: 135, Dist: 3500}}},
		{"two at 40°", []cam{{ID: "a", From: 200, Dist: 4000}, {ID: "b", From: 160, Dist: 2000}}},
		{"three around", []cam{{ID: "a", From: 0, Dist: 2500}, {ID: "b", From: 120, Dist: 3000}, {ID: "c", From: 240, Dist: 4000}}},
		{"four, one far", []cam{{ID: "a", From: 0, Dist: 1000}, {ID: "b", From: 90, Dist: 2000}, {ID: "c", From: 180, Dist: 3000}, {ID: "d", From: 270, Dist: 4800}}},
	}
	for _, g := range geometries {
		t.Run(g.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(len(g.cams))))
			for trial := range 300 {
				cams := append([]cam(nil), g.cams...)
				for i := range cams {
					cams[i].Err = (2*r.Float64() - 1) * 2
				}
				corners := [][2]float64{{-2, -2}, {-2, 2}, {2, -2}, {2, 2}}
				if trial < len(corners) { // the first two cameras off by ±2° exactly
					cams[0].Err, cams[1].Err = corners[trial][0], corners[trial][1]
				}
				e, err := Locate(sightings(jinyun, cams...))
				if err != nil {
					t.Fatal(err)
				}
				checkEstimate(t, e)
				if e.Kind != Located || len(e.Sources) != len(cams) {
					t.Fatalf("trial %d: %v from %q, want located from all", trial, e.Kind, e.Sources)
				}
				if !spatial.Contains(e.Area, jinyun) {
					t.Fatalf("trial %d: the fire is not inside Area", trial)
				}
				if d := spatial.Distance(e.Point, jinyun); d > e.Radius*1.003 {
					t.Fatalf("trial %d: the fire is %.1f m from Point, beyond Radius %.1f m", trial, d, e.Radius)
				}
			}
		})
	}
}

func TestLocateOneCamera(t *testing.T) {
	tests := []struct {
		name       string
		cam        cam
		sigma, rng float64 // the effective values
	}{
		{"defaults", cam{ID: "a", From: 200, Dist: 3000}, DefaultSigma, DefaultRange},
		{"precise, long range", cam{ID: "a", From: 45, Dist: 9000, Sigma: 0.5, Range: 12000}, 0.5, 12000},
		{"wide", cam{ID: "a", From: 90, Dist: 1000, Sigma: 10, Range: 2000}, 10, 2000},
		{"looking north across 0°", cam{ID: "a", From: 180, Dist: 2500, Err: 1.5}, DefaultSigma, DefaultRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.cam.sighting(jinyun)
			e, err := Locate([]Sighting{s})
			if err != nil {
				t.Fatal(err)
			}
			checkEstimate(t, e)
			if e.Kind != Sector {
				t.Errorf("Kind = %v, want sector", e.Kind)
			}
			if !spatial.Contains(e.Area, jinyun) {
				t.Error("the fire is not inside Area")
			}
			want := 0.5 * tt.rng * tt.rng * (2 * spread * tt.sigma * math.Pi / 180) / 1e6
			if math.Abs(e.AreaKm2-want) > 0.002*want {
				t.Errorf("AreaKm2 = %.5f, want %.5f (the sector's area)", e.AreaKm2, want)
			}
			mid := spatial.Destination(s.Origin, s.Bearing, tt.rng/2)
			if d := spatial.Distance(e.Point, mid); d > 1 {
				t.Errorf("Point is %.2f m from half range on the bearing", d)
			}
			if e.Radius < tt.rng/2 || e.Radius > tt.rng*0.6 {
				t.Errorf("Radius = %.1f m, want just over half the range %.0f m", e.Radius, tt.rng)
			}
		})
	}
}

// TestLocateNoFix covers bearings that do not locate anything: rays that
// do not meet in front of both cameras, or that meet at too shallow an
// angle. The estimate must stay in front of a camera, within its range;
// wide cones that overlap although their bearing lines cross behind the
// cameras are located in the overlap, never behind.
func TestLocateNoFix(t *testing.T) {
	west := jinyun
	east := spatial.Destination(jinyun, 90, 1000)
	near := spatial.Destination(jinyun, 90, 150)
	tests := []struct {
		name    string
		a, b    Sighting
		sources int // how many cameras the estimate keeps
		kind    Kind
	}{
		{"parallel, 1 km apart", Sighting{Source: "a", Origin: west}, Sighting{Source: "b", Origin: east}, 1, Sector},
		{"diverging", Sighting{Source: "a", Origin: west, Bearing: 330}, Sighting{Source: "b", Origin: east, Bearing: 30}, 1, Sector},
		{"lines cross behind both", Sighting{Source: "a", Origin: west, Bearing: 200}, Sighting{Source: "b", Origin: east, Bearing: 160}, 1, Sector},
		{"lines cross behind one", Sighting{Source: "a", Origin: west, Bearing: 60}, Sighting{Source: "b", Origin: east, Bearing: 190}, 1, Sector},
		{"back to back", Sighting{Source: "a", Origin: west, Bearing: 270}, Sighting{Source: "b", Origin: east, Bearing: 90}, 1, Sector},
		{"parallel, 150 m apart", Sighting{Source: "a", Origin: west}, Sighting{Source: "b", Origin: near}, 2, Sector},
		{"nearly parallel, 150 m apart", Sighting{Source: "a", Origin: west, Bearing: 1}, Sighting{Source: "b", Origin: near, Bearing: 358}, 2, Sector},
		{"head on", Sighting{Source: "a", Origin: west, Bearing: 90}, Sighting{Source: "b", Origin: east, Bearing: 270}, 2, Sector},
		{"same place, same bearing", Sighting{Source: "a", Origin: west, Bearing: 10}, Sighting{Source: "b", Origin: west, Bearing: 10.5}, 2, Sector},
		{"wide cones, lines crossing behind", Sighting{Source: "a", Origin: west, Bearing: 350, Sigma: 10}, Sighting{Source: "b", Origin: near, Bearing: 10, Sigma: 10}, 2, Located},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Locate([]Sighting{tt.a, tt.b})
			if err != nil {
				t.Fatal(err)
			}
			checkEstimate(t, e)
			if e.Kind != tt.kind {
				t.Errorf("Kind = %v, want %v", e.Kind, tt.kind)
			}
			if len(e.Sources) != tt.sources {
				t.Errorf("Sources = %q, want %d", e.Sources, tt.sources)
			}
			for _, s := range []Sighting{tt.a, tt.b} {
				if (len(e.Sources) == 2 || e.Sources[0] == s.Source) && !inFront(s, e.Point) {
					t.Errorf("Point %v is not in front of camera %s", e.Point, s.Source)
				}
			}
			if e.Radius > DefaultRange {
				t.Errorf("Radius = %.0f m, want at most the range", e.Radius)
			}
		})
	}
}

// TestLocateLeavesOut checks which sightings an estimate is built from: the
// newest of each camera, and the cameras that agree.
func TestLocateLeavesOut(t *testing.T) {
	a := cam{ID: "a", From: 225, Dist: 3000}
	b := cam{ID: "b", From: 135, Dist: 3500, Min: 2}
	c := cam{ID: "c", From: 10, Dist: 2500, Min: 1}
	wrong := func(c cam, min float64) cam { c.Err, c.Min = 90, min; return c }
	tests := []struct {
		name    string
		cams    []cam
		kind    Kind
		sources int
		onFire  bool
	}{
		{"an older wrong bearing", []cam{a, wrong(b, 0), b}, Located, 2, true},
		{"a newer wrong bearing", []cam{a, wrong(b, 5), b}, Sector, 1, false},
		{"equal times: the later one", []cam{a, wrong(b, 2), b}, Located, 2, true},
		{"one camera disagrees", []cam{a, wrong(b, 0), c}, Located, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Locate(sightings(jinyun, tt.cams...))
			if err != nil {
				t.Fatal(err)
			}
			checkEstimate(t, e)
			if e.Kind != tt.kind || len(e.Sources) != tt.sources {
				t.Errorf("%v from %q, want %v from %d cameras", e.Kind, e.Sources, tt.kind, tt.sources)
			}
			if d := spatial.Distance(e.Point, jinyun); tt.onFire && d > 3 {
				t.Errorf("Point is %.1f m from the fire", d)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Sector: "sector", Located: "located", 0: "unknown"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}
