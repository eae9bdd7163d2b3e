package sim

import (
	"log/slog"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

// testEnv returns an env whose scenarios happen at the given rate, with
// its log kept in lg.
func testEnv(rate float64, lg *logs) *env {
	return &env{seed: 11, log: slog.New(lg), stats: newCounters(), rate: rate,
		now: time.Date(2026, 11, 23, 10, 0, 0, 0, cst)}
}

// run steps b n times by dt seconds and returns every item it queued.
func run(b behaviour, e *env, n int, dt float64) []item {
	var out []item
	for range n {
		e.t += dt
		e.dt = dt
		e.now = e.now.Add(time.Duration(dt * float64(time.Second)))
		e.out = newOutbox()
		b.step(e)
		for _, layer := range layerOrder {
			out = append(out, e.out.items[layer]...)
		}
	}
	return out
}

func point(p orb.Point, props map[string]any, id string) feature {
	return feature{id: id, geom: p, props: props}
}

func TestFireLifecycle(t *testing.T) {
	ds, _ := chongqing.Districts()
	var centre orb.Point
	for i := range ds {
		if ds[i].Code == "500229" { // 城口县, nearly all forest
			centre = spatial.InteriorPoint(ds[i].Geometry)
		}
	}
	var cams, irs []feature
	for k := range 6 {
		cams = append(cams, point(spatial.Destination(centre, float64(k*60), 1500), map[string]any{
			"district": "500229", "status": "online", "fov": 360.0, "range_m": 5000.0}, "cam-"+string(rune('a'+k))))
		irs = append(irs, point(spatial.Destination(centre, float64(k*60), 40), map[string]any{
			"district": "500229", "status": "online"}, "ir-"+string(rune('a'+k))))
	}
	lg := &logs{}
	e := testEnv(1e-9, lg)
	f := newForest(e, chongqing.NewLocator(ds), cams, irs, nil)
	f.nextFire = 0
	items := run(f, e, 6*60, 30)
	fires := lg.with("sim: fire")
	if len(fires) != 1 || len(lg.with("sim: fire out")) != 1 {
		t.Fatalf("%d fires started and %d put out in three hours, want one of each", len(fires), len(lg.with("sim: fire out")))
	}
	fp := orb.Point{fires[0]["lon"].(float64), fires[0]["lat"].(float64)}
	at := map[string]orb.Point{}
	for _, x := range append(cams, irs...) {
		at[x.id] = x.point()
	}
	cleared, reported := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		switch it.Event {
		case "smoke", "flame":
			reported[it.ID] = true
			if cleared[it.ID] {
				t.Errorf("%s reported %s after it was cleared", it.ID, it.Event)
			}
			if it.Event == "smoke" {
				if d := angleDiff(it.Properties["smoke_bearing"].(float64), spatial.Bearing(at[it.ID], fp)); d > bearingNoise+0.01 {
					t.Errorf("%s: smoke bearing %.2f° off", it.ID, d)
				}
			}
		case "clear":
			cleared[it.ID] = true
			if it.Properties["status"] != "online" {
				t.Errorf("%s cleared to %v", it.ID, it.Properties["status"])
			}
		}
	}
	if len(reported) == 0 {
		t.Fatal("no device reported the fire")
	}
	for id := range reported {
		if !cleared[id] {
			t.Errorf("%s reported the fire but was never cleared", id)
		}
	}
	for _, d := range append(f.cams, f.irs...) {
		if d.alarmed || d.status != "online" || d.fire != nil {
			t.Errorf("%s is %s (alarmed %v) after the fire is out", d.id, d.status, d.alarmed)
		}
	}
}

func TestColdStorage(t *testing.T) {
	var phs []feature
	for k := range 5 {
		phs = append(phs, point(orb.Point{106.55, 29.56}, map[string]any{"cold_temp": 5.0, "cold_status": "normal"}, "ph-"+string(rune('a'+k))))
	}
	e := testEnv(1e-9, &logs{})
	m := newMarket(e, phs, nil, nil)
	for _, it := range run(m, e, 24*60, 60) {
		if c := it.Properties["cold_temp"].(float64); c < coldLow || c > coldHigh || it.Properties["cold_status"] != "normal" {
			t.Fatalf("%s read %.1f °C (%v) with no excursion", it.ID, c, it.Properties["cold_status"])
		}
	}
	m.nextCold = e.t
	items := run(m, e, 2*60, 60)
	alarm, last := 0, map[string]any{}
	for _, it := range items {
		c := it.Properties["cold_temp"].(float64)
		if out := c < coldLow || c > coldHigh; out != (it.Properties["cold_status"] == "alarm") {
			t.Errorf("%s read %.1f °C with status %v", it.ID, c, it.Properties["cold_status"])
		}
		if it.Properties["cold_status"] == "alarm" {
			alarm++
		}
		last[it.ID] = it.Properties["cold_status"]
	}
	if alarm == 0 {
		t.Error("an excursion never went out of range")
	}
	for id, st := range last {
		if st != "normal" {
			t.Errorf("%s is still %v an hour after its excursion", id, st)
		}
	}
}

func TestEpisodes(t *testing.T) {
	kit := []feature{point(orb.Point{106.55, 29.56}, map[string]any{"camera_status": "online"}, "kit-1")}
	lift := []feature{point(orb.Point{106.55, 29.56}, map[string]any{"status": "normal", "risk_index": 20.0}, "elv-1")}
	e := testEnv(1e-9, &logs{})
	m := newMarket(e, nil, kit, lift)
	m.nextViol, m.nextFault = e.t, e.t
	var events []string
	for _, it := range run(m, e, 3*60, 60) {
		events = append(events, it.ID+" "+it.Event)
	}
	want := []string{"elv-1 fault", "kit-1 violation", "kit-1 violation_cleared", "elv-1 recovered"}
	got := map[string]int{}
	for _, ev := range events {
		got[ev]++
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("%q happened %d times in %v", w, got[w], events)
		}
	}
}

// TestHotspotCreated puts a satellite hot spot through the real server:
// numbered after those an earlier run left, and valid for the layer.
func TestHotspotCreated(t *testing.T) {
	f := newFixture(t, nil)
	s := New(f.srv.URL, Options{Seed: 1, Logger: slog.New(slog.DiscardHandler)})
	ds, _ := chongqing.Districts()
	earlier := []feature{{id: "hs-0001"}, {id: "hs-sim-00007"}}
	s.e.out, s.e.now = newOutbox(), time.Now().In(cst)
	fo := newForest(&s.e, chongqing.NewLocator(ds), nil, nil, earlier)
	for n := range 3 {
		fo.hotspot(&s.e, &fire{n: n, p: orb.Point{108.75, 31.9}, code: "500229"})
	}
	s.flush(t.Context(), s.e.out, s.e.now)
	if st := s.Stats(); st.Accepted[Key{"hotspots", "create"}] != 3 || st.Rejected[Key{"hotspots", "create"}] != 0 {
		t.Fatalf("hot spots: %v accepted, %v rejected", st.Accepted, st.Rejected)
	}
	for _, id := range []string{"hs-sim-00008", "hs-sim-00009", "hs-sim-00010"} {
		ft, err := f.world.Feature("hotspots", id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if src := ft.Props["source"]; (src != "viirs" && src != "modis") || ft.Props["status"] != "new" {
			t.Errorf("%s: source %v, status %v", id, src, ft.Props["status"])
		}
	}
}
