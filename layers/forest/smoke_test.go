package forest

import (
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"lookout/layers"
	"lookout/layers/incident"
	"lookout/spatial"
)

var (
	fire = orb.Point{106.38, 29.83} // on 缙云山
	t0   = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
)

// camera is a camera feature 3–4 km from the fire reporting smoke on a
// bearing off by noise degrees, at t0+at.
func camera(id string, from float64, dist float64, noise float64, at time.Duration, status string) *layers.Feature {
	p := spatial.Destination(fire, from, dist)
	props := map[string]any{"name": "缙云山" + id + "号", "status": status, "range_m": 5000.0, "district": "500109"}
	if status == "alarm" {
		props["smoke_bearing"] = spatial.Bearing(p, fire) + noise
		props["smoke_at"] = t0.Add(at)
	}
	return &layers.Feature{ID: id, Layer: Cameras.Name, Geometry: p, Props: props, Updated: t0.Add(at)}
}

func report(r *Smoke, f, old *layers.Feature) []layers.Alert {
	return r.Observe(layers.Event{Layer: Cameras.Name, ID: f.ID, Feature: f, Old: old})
}

func TestSmokeTriangulates(t *testing.T) {
	r := &Smoke{}
	a1 := camera("a", 200, 3500, 1.5, 0, "alarm")
	as := report(r, a1, nil)
	if len(as) != 1 || as[0].Estimate != "sector" || len(as[0].Related) != 0 {
		t.Fatalf("first camera: %+v, want one sector alert", as)
	}
	if !planar.PolygonContains(as[0].Area.(orb.Polygon), fire) {
		t.Fatalf("the sector does not hold the fire")
	}
	sector := as[0]
	// The same camera again, with a fresh bearing: nothing new.
	if as := report(r, camera("a", 200, 3500, -1, 3*time.Minute, "alarm"), a1); len(as) != 0 {
		t.Fatalf("repeat: %+v, want none", as)
	}
	b := camera("b", 300, 4000, -1.2, 4*time.Minute, "alarm")
	as = report(r, b, nil)
	if len(as) != 1 || as[0].Estimate != "located" || len(as[0].Related) != 1 || as[0].Related[0] != "a" {
		t.Fatalf("second camera: %+v, want one located alert related to a", as)
	}
	got := as[0]
	if d := spatial.Distance(got.Point, fire); d > got.Radius || d > 300 {
		t.Fatalf("estimate %.0f m from the fire, radius %.0f m", d, got.Radius)
	}
	if got.Radius >= sector.Radius {
		t.Fatalf("located radius %.0f m not below the sector's %.0f m", got.Radius, sector.Radius)
	}
	// Both alerts make one incident, which moves to the located estimate.
	c := incident.NewCorrelator()
	d1 := c.Correlate(sector, "inc-1")
	d2 := c.Correlate(got, "inc-2")
	if !d1.New || d2.New || d2.Incident != "inc-1" || !d2.Move {
		t.Fatalf("decisions %+v %+v, want the second to join and move the first", d1, d2)
	}
	// Camera a clears and sees smoke again later: a new episode.
	report(r, camera("a", 200, 3500, 0, 30*time.Minute, "online"), nil)
	if as := report(r, camera("a", 200, 3500, 0.5, 31*time.Minute, "alarm"), nil); len(as) != 1 {
		t.Fatalf("after clearing: %+v, want one alert", as)
	}
}

func TestSmokeFarApartIsTwoFires(t *testing.T) {
	r := &Smoke{}
	report(r, camera("a", 200, 3500, 0, 0, "alarm"), nil)
	far := camera("z", 0, 3000, 0, time.Minute, "alarm")
	far.Geometry = orb.Point{107.9, 29.3} // 150 km away, looking at its own smoke
	far.Props["smoke_bearing"] = 90.0
	as := report(r, far, nil)
	if len(as) != 1 || as[0].Estimate != "sector" || len(as[0].Related) != 0 {
		t.Fatalf("far camera: %+v, want a sector of its own", as)
	}
}

func TestSmokeIgnoresReportsWithoutBearing(t *testing.T) {
	r := &Smoke{}
	f := camera("a", 200, 3500, 0, 0, "alarm")
	delete(f.Props, "smoke_bearing")
	if as := report(r, f, nil); len(as) != 0 {
		t.Fatalf("%+v", as)
	}
}

// TestSmokeThresholdAdaptsToDanger checks the risk-adaptive threshold: the
// same faint plume alerts where danger is high and stays quiet where it is
// low; a report without a confidence is taken as it comes.
func TestSmokeThresholdAdaptsToDanger(t *testing.T) {
	cases := []struct {
		name       string
		class      int // 0: no danger function
		confidence float64
		alert      bool
	}{
		{"no grid, above the base threshold", 0, 0.65, true},
		{"no grid, below it", 0, 0.55, false},
		{"low danger wants a clear plume", 1, 0.75, false},
		{"low danger, clear plume", 1, 0.85, true},
		{"extreme danger takes a faint one", 5, 0.35, true},
		{"extreme danger, fainter still", 5, 0.25, false},
		{"no confidence reported", 1, -1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &Smoke{}
			if tc.class > 0 {
				r.Danger = func(orb.Point) int { return tc.class }
			}
			f := camera("a", 200, 3500, 0, 0, "alarm")
			if tc.confidence >= 0 {
				f.Props["smoke_confidence"] = tc.confidence
			}
			if got := len(report(r, f, nil)) == 1; got != tc.alert {
				t.Fatalf("alert %v, want %v", got, tc.alert)
			}
		})
	}
}
