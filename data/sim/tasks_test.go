package sim

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
)

// assign puts an assignment into the fixture's world, as the server's
// dispatch desk would.
func assign(t *testing.T, f *fixture, id, responder, state string, at orb.Point, sent time.Time, arrive float64) {
	t.Helper()
	props := map[string]any{"incident": "inc-test", "responder": responder, "responder_kind": "patrol_car",
		"state": state, "assigned_at": sent}
	if arrive > 0 {
		props["arrive_m"] = arrive
	}
	res, err := f.world.Apply(context.Background(), []layers.Change{{Op: layers.Upsert, Layer: assignmentsLayer, ID: id,
		Geometry: at, Props: props, Actor: "test"}})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		t.Fatal(err)
	}
}

// needAssignments skips a test whose world has no assignments layer.
func needAssignments(t *testing.T, f *fixture) {
	if _, err := f.world.Layer(assignmentsLayer); err != nil {
		t.Skip("the catalog has no assignments layer")
	}
}

// TestTaskFeed reads assignments from a real server: the active one sent
// last per responder, none once released, the last reading kept while
// the server fails, and nothing from a server without the layer.
func TestTaskFeed(t *testing.T) {
	t.Parallel()
	var failing atomic.Bool
	f := newFixture(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if failing.Load() {
				http.Error(w, "restarting", http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	needAssignments(t, f)
	quiet := slog.New(slog.DiscardHandler)
	feed := &taskFeed{api: &client{base: f.srv.URL, http: http.DefaultClient, log: quiet}, log: quiet}
	at, t0 := orb.Point{106.55, 29.57}, time.Now().Add(-time.Hour)
	assign(t, f, "asg-a", "rsp-patrol-001", taskEnRoute, at, t0, 0)
	assign(t, f, "asg-b", "rsp-patrol-001", "released", at, t0.Add(time.Minute), 0)
	assign(t, f, "asg-c", "rsp-crew-001", taskOnScene, at, t0, 300)
	steps := []struct {
		name string
		do   func()
		want map[string]string // responder → assignment
	}{
		{"the active ones", func() {}, map[string]string{"rsp-patrol-001": "asg-a", "rsp-crew-001": "asg-c"}},
		{"the one sent last", func() { assign(t, f, "asg-0", "rsp-patrol-001", taskAssigned, at, t0.Add(2*time.Minute), 0) },
			map[string]string{"rsp-patrol-001": "asg-0", "rsp-crew-001": "asg-c"}},
		{"released", func() { assign(t, f, "asg-c", "rsp-crew-001", "released", at, t0, 300) },
			map[string]string{"rsp-patrol-001": "asg-0"}},
		{"the server fails", func() { failing.Store(true) }, map[string]string{"rsp-patrol-001": "asg-0"}},
		{"it is back", func() { failing.Store(false); assign(t, f, "asg-0", "rsp-patrol-001", "released", at, t0, 0) },
			map[string]string{"rsp-patrol-001": "asg-a"}},
	}
	for _, st := range steps {
		st.do()
		feed.poll(t.Context())
		got := feed.current()
		if len(got) != len(st.want) {
			t.Errorf("%s: %d active assignments, want %d: %v", st.name, len(got), len(st.want), got)
		}
		for rsp, id := range st.want {
			if a := got[rsp]; a.id != id || a.at != at || a.arrive < defaultArrive {
				t.Errorf("%s: %s has %+v, want %s", st.name, rsp, a, id)
			}
		}
	}
}

// TestTaskFeedWithoutLayer reads a server without the assignments layer
// twice: no assignments, and one line logged.
func TestTaskFeedWithoutLayer(t *testing.T) {
	lg := &logs{}
	none := httptest.NewServer(http.NotFoundHandler())
	defer none.Close()
	feed := &taskFeed{api: &client{base: none.URL, http: http.DefaultClient, log: slog.New(lg)}, log: slog.New(lg)}
	feed.poll(t.Context())
	feed.poll(t.Context())
	if feed.current() != nil || len(lg.recs) != 1 {
		t.Errorf("from a server without the layer: %v, logged %v", feed.current(), lg.recs)
	}
}

// TestAnswersAssignment runs the simulator against a real server that
// holds an assignment for a patrol car: the car reports every fixEnRoute
// seconds on its way and ends within arrive_m/2 of the incident.
func TestAnswersAssignment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	needAssignments(t, f)
	car, err := f.world.Feature("responders", "rsp-patrol-001")
	if err != nil {
		t.Fatal(err)
	}
	from := car.Geometry.(orb.Point)
	at := spatial.Destination(from, 90, 2000)
	assign(t, f, "asg-sim", car.ID, taskAssigned, at, time.Now(), 150)
	lg := &logs{}
	s := New(f.srv.URL, Options{Seed: 9, Logger: slog.New(lg), Ticks: ticks(30, 20*time.Second)})
	if err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, rejected := s.Stats().Total(); rejected > 0 {
		t.Fatalf("%d items rejected", rejected)
	}
	var fixes []orb.Point
	for _, it := range f.rec.all() {
		if it.ID == car.ID && it.Type == "position" {
			fixes = append(fixes, orb.Point{*it.Lon, *it.Lat})
		}
	}
	// One fix a tick on the way, then one every other tick (30 s) on scene.
	way := len(fixes)
	for i, p := range fixes {
		if spatial.Distance(p, at) <= 75 {
			way = i
			break
		}
	}
	if want := way + (30-way)/2; way < 5 || len(fixes) < want-2 || len(fixes) > want+2 {
		t.Errorf("%d fixes in 30 ticks of 20 s, %d of them on the way: want one a tick on the way, then one every other", len(fixes), way)
	}
	if len(fixes) == 0 || spatial.Distance(fixes[len(fixes)-1], at) > 75 {
		t.Fatalf("the car is not within 75 m of the incident after 10 minutes: %v", lg.with("sim: responder sent"))
	}
	if len(lg.with("sim: responder on scene")) != 1 {
		t.Errorf("on scene logged %d times", len(lg.with("sim: responder on scene")))
	}
}
