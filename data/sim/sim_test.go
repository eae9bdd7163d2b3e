package sim

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

// TestSimulation runs the simulator for 8 simulated minutes against the
// demo world, with the rare scenarios made 30 times as frequent, and
// checks what it sent against what it logged.
func TestSimulation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	before := positions(t, f, "vehicles")
	lg := &logs{}
	s := New(f.srv.URL, Options{Seed: 7, Scenarios: 30, Logger: slog.New(lg), Ticks: ticks(48, 10*time.Second)})
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	accepted, rejected := st.Total()
	t.Logf("%d ticks, %d batches, %d items accepted, scenarios %v", st.Ticks, st.Batches, accepted, st.Scenarios)
	if rejected > 0 || st.Dropped > 0 {
		t.Fatalf("%d items rejected, %d requests dropped: %v", rejected, st.Dropped, st.Rejected)
	}
	for _, k := range []Key{{"vehicles", "position"}, {"responders", "position"}, {"custody_persons", "position"},
		{"cameras", "heartbeat"}, {"ir_detectors", "heartbeat"}, {"pharmacies", "temperature"}, {"cameras", "smoke"}} {
		if st.Accepted[k] == 0 {
			t.Errorf("nothing accepted of %v", k)
		}
	}
	items := f.rec.all()
	t.Run("vehicles move and stay in 江北区", func(t *testing.T) { checkVehicles(t, f, before, items, lg) })
	t.Run("people keep to their zones", func(t *testing.T) { checkPeople(t, f, items, lg) })
	t.Run("cameras point at the fire", func(t *testing.T) { checkFires(t, f, items, lg) })
}

// positions returns the points of a layer's features by ID.
func positions(t *testing.T, f *fixture, layer string) map[string]orb.Point {
	t.Helper()
	fs, _, err := f.world.Page(layer, pageAll)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]orb.Point{}
	for _, ft := range fs {
		out[ft.ID], _ = ft.Geometry.(orb.Point)
	}
	return out
}

// broke returns the IDs logged as breaking one of the rules.
func broke(lg *logs, rules ...string) map[string]bool {
	out := map[string]bool{}
	for _, r := range lg.with("sim: rule break") {
		if !slices.Contains(rules, r["rule"].(string)) {
			continue
		}
		for _, key := range []string{"vehicle", "person"} {
			if id, ok := r[key].(string); ok {
				out[id] = true
			}
		}
		if ids, ok := r["persons"].([]string); ok {
			for _, id := range ids {
				out[id] = true
			}
		}
	}
	return out
}

func checkVehicles(t *testing.T, f *fixture, before map[string]orb.Point, items []sent, lg *logs) {
	after := positions(t, f, "vehicles")
	moved := 0
	for id, p := range after {
		if spatial.Distance(p, before[id]) > 200 {
			moved++
		}
	}
	ds, _ := chongqing.Districts()
	var jb *shape
	for i := range ds {
		if ds[i].Code == jiangbeiCode {
			jb = newShape(ds[i].Geometry)
		}
	}
	away := broke(lg, "out_of_area")
	outside := map[string]bool{}
	for _, it := range items {
		if it.Layer == "vehicles" && it.Type == "position" && !jb.contains(orb.Point{*it.Lon, *it.Lat}) {
			outside[it.ID] = true
			if !away[it.ID] {
				t.Errorf("%s is at %.5f,%.5f, outside 江北区, and no out_of_area trip was logged", it.ID, *it.Lon, *it.Lat)
			}
		}
	}
	t.Logf("%d of %d vehicles moved more than 200 m; %d logged out of area, %d seen outside", moved, len(after), len(away), len(outside))
	if moved < 50 {
		t.Errorf("only %d vehicles moved", moved)
	}
}

func checkPeople(t *testing.T, f *fixture, items []sent, lg *logs) {
	zones := map[string]orb.Polygon{}
	fs, _, err := f.world.Page("custody_zones", pageAll)
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range fs {
		zones[z.Props["person"].(string)] = z.Geometry.(orb.Polygon)
	}
	breakers := broke(lg, "leave_zone", "listed_place", "gathering")
	fixes, outside := 0, 0
	for _, it := range items {
		if it.Layer != "custody_persons" {
			continue
		}
		fixes++
		if z, ok := zones[it.ID]; ok && !spatial.Contains(z, orb.Point{*it.Lon, *it.Lat}) {
			outside++
			if !breakers[it.ID] {
				t.Errorf("%s reported %.5f,%.5f outside their zone, and no rule break was logged", it.ID, *it.Lon, *it.Lat)
			}
		}
		if a := *it.Accuracy; a < 5 || a > 50 {
			t.Errorf("%s reported an accuracy of %g m", it.ID, a)
		}
	}
	t.Logf("%d fixes of supervised people, %d outside their zones by %d logged rule breakers", fixes, outside, len(breakers))
	if len(breakers) == 0 {
		t.Error("no rule break in 8 minutes at 30 times the rate")
	}
}

func checkFires(t *testing.T, f *fixture, items []sent, lg *logs) {
	var fires []orb.Point
	for _, r := range lg.with("sim: fire") {
		fires = append(fires, orb.Point{r["lon"].(float64), r["lat"].(float64)})
	}
	cams := positions(t, f, "cameras")
	irs := positions(t, f, "ir_detectors")
	smoke, flame := 0, 0
	for _, it := range items {
		switch it.kind() {
		case "smoke":
			smoke++
			c, got := cams[it.ID], it.Properties["smoke_bearing"].(float64)
			best := 360.0
			for _, fp := range fires {
				if spatial.Distance(c, fp) <= 5000 {
					best = min(best, angleDiff(got, spatial.Bearing(c, fp)))
				}
			}
			// The log rounds the fire's position to 1 cm; smoke_bearing is
			// rounded to 0.01°.
			if best > bearingNoise+0.02 {
				t.Errorf("%s reports smoke at %.2f°, %.2f° off the bearing of any fire within 5 km", it.ID, got, best)
			}
		case "flame":
			flame++
			near := false
			for _, fp := range fires {
				near = near || spatial.Distance(irs[it.ID], fp) <= flameReach+0.1
			}
			if !near {
				t.Errorf("%s reports a flame with no fire within %g m", it.ID, flameReach)
			}
		}
	}
	t.Logf("%d fires, %d smoke reports, %d flame reports", len(fires), smoke, flame)
	if len(fires) == 0 || smoke == 0 {
		t.Error("no fire seen by a camera")
	}
	for _, it := range items {
		if it.kind() == "smoke" {
			ft, err := f.world.Feature("cameras", it.ID)
			if err != nil || ft.Props["status"] != "alarm" {
				t.Errorf("camera %s reported smoke but is %v (%v)", it.ID, ft.Props["status"], err)
			}
		}
	}
}
