package incident_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/forest"
	"lookout/layers/incident"
	"lookout/layers/market"
)

var t0 = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)

func alert(domain layers.Domain, subject string, p orb.Point, at time.Time) layers.Alert {
	return layers.Alert{Rule: "ir_flame", Domain: domain, Severity: 3, Layer: "ir_detectors", Subject: subject, Point: p, At: at}
}

func TestCorrelate(t *testing.T) {
	c := incident.NewCorrelator()
	first := c.Correlate(alert(layers.Forest, "ir-1", orb.Point{107.0, 29.5}, t0), "inc-a")
	cases := []struct {
		name  string
		a     layers.Alert
		want  string // incident, "" for a new one
		newID string
	}{
		{"repeat of the same subject", alert(layers.Forest, "ir-1", orb.Point{107.0, 29.5}, t0.Add(time.Minute)), "inc-a", "x1"},
		{"another detector 1 km away", alert(layers.Forest, "ir-2", orb.Point{107.01, 29.5}, t0.Add(2*time.Minute)), "inc-a", "x2"},
		{"same place, other domain", alert(layers.Market, "ph-1", orb.Point{107.0, 29.5}, t0.Add(2*time.Minute)), "", "inc-b"},
		{"same domain 30 km away", alert(layers.Forest, "ir-3", orb.Point{107.3, 29.5}, t0.Add(3*time.Minute)), "", "inc-c"},
		{"same place, an hour later", alert(layers.Forest, "ir-4", orb.Point{107.0, 29.5}, t0.Add(time.Hour)), "", "inc-d"},
	}
	if !first.New || first.Incident != "inc-a" {
		t.Fatalf("first alert: %+v", first)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := c.Correlate(tc.a, tc.newID)
			want, wantNew := tc.want, false
			if want == "" {
				want, wantNew = tc.newID, true
			}
			if d.Incident != want || d.New != wantNew || d.Reason == "" {
				t.Fatalf("got %+v, want incident %s (new %v)", d, want, wantNew)
			}
		})
	}
	c.Close("inc-a")
	if d := c.Correlate(alert(layers.Forest, "ir-1", orb.Point{107.0, 29.5}, t0.Add(5*time.Minute)), "inc-e"); !d.New {
		t.Fatalf("after the incident was closed, a repeat joined it: %+v", d)
	}
}

func TestAct(t *testing.T) {
	inc := func(status string) *layers.Feature {
		return &layers.Feature{ID: "inc-1", Layer: "incidents", Version: 7, Props: map[string]any{"status": status}}
	}
	cases := []struct {
		status, action, to string
		err                error
	}{
		{"new", "ack", "acknowledged", nil},
		{"new", "verify", "verified", nil},
		{"acknowledged", "dismiss", "dismissed", nil},
		{"verified", "dispatch", "dispatched", nil},
		{"dispatched", "arrive", "on_scene", nil},
		{"on_scene", "resolve", "resolved", nil},
		{"new", "resolve", "", incident.ErrTransition},
		{"resolved", "ack", "", incident.ErrTransition},
		{"dismissed", "verify", "", incident.ErrTransition},
		{"new", "teleport", "", incident.ErrAction},
	}
	for _, tc := range cases {
		t.Run(tc.status+"/"+tc.action, func(t *testing.T) {
			c, err := incident.Act(inc(tc.status), tc.action, "张三", "", t0)
			if !errors.Is(err, tc.err) {
				t.Fatalf("got %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if c.Props["status"] != tc.to || c.Actor != "张三" || c.IfVersion != 7 || c.Props["acknowledged_at"] != t0 {
				t.Fatalf("change %+v", c)
			}
		})
	}
}

// world opens a World of detectors, pharmacies and the incident layers on a
// GeoPackage, with an engine running the forest and market rules.
func world(t *testing.T, clock *atomic.Int64) (*layers.World, *incident.Engine) {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "inc.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defs := []*layers.Layer{forest.IRDetectors, market.Pharmacies, incident.Alerts, incident.Incidents}
	w, err := layers.Open(context.Background(), store, defs, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	rules := append(forest.Rules(nil), market.Rules(10*time.Minute)...)
	e, err := incident.NewEngine(w, rules, incident.Options{Logger: quiet, Tick: 20 * time.Millisecond,
		Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	if err != nil {
		t.Fatal(err)
	}
	w.Subscribe(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; w.Close(); store.Close() })
	return w, e
}

func put(t *testing.T, w *layers.World, c layers.Change) {
	t.Helper()
	res, err := w.Apply(context.Background(), []layers.Change{c})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
}

func detector(id string, lon float64, status string) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: "ir_detectors", ID: id, Geometry: orb.Point{lon, 29.5},
		Props: map[string]any{"name": "金佛山" + id, "status": status, "district": "500119"}}
}

// waitFor polls until cond holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func count(w *layers.World, layer string) int {
	st, _ := w.Stats(layer)
	return st.Count
}

func TestEngineRaisesAndCorrelates(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	w, e := world(t, &clock)
	put(t, w, detector("ir-1", 107.0, "online"))
	put(t, w, detector("ir-2", 107.01, "online"))
	put(t, w, detector("ir-1", 107.0, "alarm"))
	waitFor(t, "the first alert", func() bool { return count(w, "alerts") == 1 && count(w, "incidents") == 1 })
	put(t, w, detector("ir-1", 107.0, "alarm")) // still in alarm: no new alert
	put(t, w, detector("ir-2", 107.01, "alarm"))
	waitFor(t, "the second alert", func() bool { return count(w, "alerts") == 2 })
	if n := count(w, "incidents"); n != 1 {
		t.Fatalf("%d incidents, want the second alarm merged into the first", n)
	}
	page, _, _ := w.Page("incidents", layers.Page{Limit: 10})
	inc := page[0]
	if inc.Props["alerts"] != int64(2) || inc.Props["status"] != "new" || inc.Props["domain"] != "forest" || inc.Props["district"] != "500119" {
		t.Fatalf("incident %v", inc.Props)
	}
	alerts, _, _ := w.Page("alerts", layers.Page{Limit: 10})
	for _, a := range alerts {
		if a.Props["incident"] != inc.ID || a.Props["reason"] == "" {
			t.Fatalf("alert %v", a.Props)
		}
	}
	// The journal is the store's: a change is in memory a moment before its
	// commit lands.
	var hist []layers.Record
	var err error
	waitFor(t, "the journal", func() bool {
		hist, err = w.History(context.Background(), "incidents", inc.ID, 0)
		return err != nil || len(hist) == 2
	})
	if err != nil || len(hist) != 2 || hist[0].Change.Actor != incident.Actor || hist[0].Change.Event != "open" {
		t.Fatalf("history %v %+v", err, hist)
	}
	// The counters move just after the write the layers show.
	waitFor(t, "the counters", func() bool { st := e.Stats(); return st.Alerts == 2 && st.Incidents == 1 && st.Failed == 0 })
}

func TestColdStorageNeedsTime(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	w, _ := world(t, &clock)
	ph := func(id string, temp float64, ago time.Duration) layers.Change {
		return layers.Change{Op: layers.Upsert, Layer: "pharmacies", ID: id, Geometry: orb.Point{106.57, 29.56},
			Props: map[string]any{"name": "桐君阁大药房" + id, "cold_temp": temp}, Time: time.Now().Add(-ago)}
	}
	put(t, w, ph("ph-1", 5, 20*time.Minute))
	put(t, w, ph("ph-1", 9.5, time.Minute)) // out of range a minute: a door opened, not an alert
	put(t, w, ph("ph-2", 5, 20*time.Minute))
	put(t, w, ph("ph-2", 9.5, 11*time.Minute)) // out of range for eleven minutes: spoiled vaccine
	waitFor(t, "the cold storage alert", func() bool { return count(w, "alerts") == 1 })
	time.Sleep(100 * time.Millisecond)
	alerts, _, _ := w.Page("alerts", layers.Page{Limit: 10})
	if len(alerts) != 1 || alerts[0].Props["subject"] != "ph-2" || alerts[0].Props["rule"] != "cold_storage" {
		t.Fatalf("alerts %v", alerts)
	}
	put(t, w, ph("ph-2", 5, 0)) // back in range, then out again: a new excursion
	put(t, w, ph("ph-2", 9.5, 0))
	time.Sleep(100 * time.Millisecond)
	if n := count(w, "alerts"); n != 1 {
		t.Fatalf("%d alerts: a new excursion fired before its ten minutes", n)
	}
}

func TestSilence(t *testing.T) {
	r := &layers.Silence{ID: "camera_silent", Layer: "cameras", Expect: 10 * time.Minute, Severity: 1, Domain: layers.Forest,
		Ignore: map[string]bool{"offline": true}, Title: func(f *layers.Feature) layers.Title { return layers.Title{Zh: f.ID} }}
	cam := func(id, status string, at time.Time) layers.Event {
		f := &layers.Feature{ID: id, Layer: "cameras", Geometry: orb.Point{107, 30}, Updated: at, Props: map[string]any{"status": status}}
		return layers.Event{Layer: "cameras", ID: id, Feature: f, At: at}
	}
	r.Observe(cam("a", "online", t0))
	r.Observe(cam("b", "online", t0))
	r.Observe(cam("c", "offline", t0))
	cases := []struct {
		name  string
		event *layers.Event
		now   time.Time
		want  []string
	}{
		{"all fresh", nil, t0.Add(9 * time.Minute), nil},
		{"b reports again", ptr(cam("b", "online", t0.Add(9*time.Minute))), t0.Add(10 * time.Minute), []string{"a"}},
		{"a fired once only", nil, t0.Add(15 * time.Minute), nil},
		{"b silent in turn; c never watched", nil, t0.Add(20 * time.Minute), []string{"b"}},
		{"a reports and rearms", ptr(cam("a", "online", t0.Add(21*time.Minute))), t0.Add(31 * time.Minute), []string{"a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.event != nil {
				r.Observe(*tc.event)
			}
			var got []string
			for _, a := range r.Tick(tc.now) {
				got = append(got, a.Subject)
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestCorrelateWindowFor checks a window per alert: the same later alarm
// joins under a long window and opens a new incident under a short one.
func TestCorrelateWindowFor(t *testing.T) {
	cases := []struct {
		name   string
		window time.Duration // 0: the default 30 min
		gap    time.Duration
		joins  bool
	}{
		{"default window, 20 min later", 0, 20 * time.Minute, true},
		{"default window, 40 min later", 0, 40 * time.Minute, false},
		{"low danger, 60 min window, 40 min later", time.Hour, 40 * time.Minute, true},
		{"extreme danger, 15 min window, 20 min later", 15 * time.Minute, 20 * time.Minute, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := incident.NewCorrelator()
			c.WindowFor = func(layers.Alert) time.Duration { return tc.window }
			c.Correlate(alert(layers.Forest, "ir-1", orb.Point{107.0, 29.5}, t0), "inc-a")
			d := c.Correlate(alert(layers.Forest, "ir-2", orb.Point{107.005, 29.5}, t0.Add(tc.gap)), "inc-b")
			if got := d.Incident == "inc-a"; got != tc.joins {
				t.Fatalf("joined %v, want %v: %+v", got, tc.joins, d)
			}
		})
	}
}
