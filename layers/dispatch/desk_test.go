package dispatch_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lookout/layers"
	"lookout/layers/dispatch"
	"lookout/layers/incident"
)

func TestDispatchRefuses(t *testing.T) {
	w := crowd(t, around)
	desk := newDesk(t, w)
	ctx := context.Background()
	cases := []struct {
		name  string
		ids   []string
		want  error
		field string
	}{
		{"off duty", []string{"walk", "offduty"}, dispatch.ErrUnavailable, ""},
		{"unavailable", []string{"unavail"}, dispatch.ErrUnavailable, ""},
		{"busy elsewhere", []string{"busy"}, dispatch.ErrBusy, ""},
		{"unknown responder", []string{"walk", "nobody"}, layers.ErrInvalid, "responder_ids[1]"},
		{"listed twice", []string{"walk", "walk"}, layers.ErrInvalid, "responder_ids[1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := desk.Dispatch(ctx, "inc-fire", tc.ids, "甲", "", t0)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			var fe *layers.FieldError
			if tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field) {
				t.Fatalf("err %v, want field %s", err, tc.field)
			}
			// Nothing was written: the incident is still new, the first
			// responder still free.
			inc, _ := w.Feature("incidents", "inc-fire")
			r, _ := w.Feature("responders", "walk")
			if inc.Props["status"] != "new" || r.Props["task"] != nil {
				t.Fatalf("a refused dispatch wrote: incident %v, walk's task %v", inc.Props["status"], r.Props["task"])
			}
		})
	}
	if _, _, err := desk.Dispatch(ctx, "inc-nope", []string{"walk"}, "甲", "", t0); !errors.Is(err, layers.ErrNotFound) {
		t.Fatalf("unknown incident: %v", err)
	}
}

// TestTaskLifecycle dispatches two responders, moves one toward the fire
// and onto the scene, and resolves: every state is reached by the fixes
// alone, and resolving frees both.
func TestTaskLifecycle(t *testing.T) {
	w := crowd(t, around)
	desk := newDesk(t, w)
	tr, err := dispatch.NewTracker(desk, quiet)
	if err != nil {
		t.Fatal(err)
	}
	w.Subscribe(tr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	inc, tasks, err := desk.Dispatch(ctx, "inc-fire", []string{"crew-a", "walk"}, "调度员甲", "带水泵", t0)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Props["status"] != "dispatched" || len(tasks) != 2 || tasks[0].Props["state"] != "assigned" {
		t.Fatalf("dispatch: %v, %d tasks", inc.Props, len(tasks))
	}
	if _, _, err := desk.Dispatch(ctx, "inc-fire", []string{"crew-a"}, "调度员乙", "", t0); !errors.Is(err, dispatch.ErrBusy) {
		t.Fatalf("second dispatch of a busy crew: %v", err)
	}
	crew := tasks[0].ID
	steps := []struct {
		name   string
		metres float64
		state  string
		status string
	}{
		{"a fix no closer: still assigned", 2000, "assigned", "dispatched"},
		{"500 m closer: en route", 1500, "en_route", "dispatched"},
		{"inside 150 m: on scene", 120, "on_scene", "on_scene"},
	}
	for i, st := range steps {
		put(t, w, fixAt("crew-a", st.metres, t0.Add(time.Duration(i+1)*time.Minute)))
		a := waitFor(t, w, "assignments", crew, func(f *layers.Feature) bool { return f.Props["state"] == st.state })
		// The incident follows the task in a write of its own.
		inc = waitFor(t, w, "incidents", "inc-fire", func(f *layers.Feature) bool { return f.Props["status"] == st.status })
		// So does the crew's task_state: the World's readers lock one layer
		// at a time, so a reader may see the task before the crew of one
		// batch.
		r := waitFor(t, w, "responders", "crew-a", func(f *layers.Feature) bool { return f.Props["task_state"] == st.state })
		if inc.Props["status"] != st.status || r.Props["task_state"] != st.state {
			t.Fatalf("%s: incident %v, crew task_state %v, task %v", st.name, inc.Props["status"], r.Props["task_state"], a.Props)
		}
	}
	// The first fix, no closer than when sent, did not count as setting
	// out: en route is the second fix's time.
	if a, _ := w.Feature("assignments", crew); a.Props["en_route_at"] != t0.Add(2*time.Minute) {
		t.Errorf("en route at %v, want the second fix's time", a.Props["en_route_at"])
	}
	if inc.Props["on_scene_at"] != t0.Add(3*time.Minute) {
		t.Errorf("incident on scene at %v, want the fix's time", inc.Props["on_scene_at"])
	}
	c, err := incident.Act(inc, "resolve", "调度员甲", "", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	put(t, w, c)
	released, err := desk.Release(ctx, "inc-fire", "调度员甲", t0.Add(time.Hour))
	if err != nil || len(released) != 2 {
		t.Fatalf("release: %d, %v", len(released), err)
	}
	for _, id := range []string{"crew-a", "walk"} {
		if r, _ := w.Feature("responders", id); r.Props["task"] != nil || r.Props["task_state"] != nil {
			t.Errorf("%s still has a task after release: %v", id, r.Props)
		}
	}
	if all, _ := desk.Tasks("inc-fire"); len(all) != 2 || all[0].Props["state"] != "released" || all[1].Props["released_by"] != "调度员甲" {
		t.Fatalf("tasks after resolve: %v", all)
	}
}

func TestTaskActions(t *testing.T) {
	w := crowd(t, around)
	desk := newDesk(t, w)
	ctx := context.Background()
	_, tasks, err := desk.Dispatch(ctx, "inc-fire", []string{"ranger-a"}, "甲", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	id := tasks[0].ID
	cases := []struct {
		action string
		want   error
		state  string
	}{
		{"fly", dispatch.ErrAction, "assigned"},
		{"accept", nil, "en_route"},
		{"accept", dispatch.ErrTransition, "en_route"},
		{"arrive", nil, "on_scene"},
		{"release", nil, "released"},
		{"arrive", dispatch.ErrTransition, "released"},
	}
	for _, tc := range cases {
		_, err := desk.Act(ctx, id, tc.action, "ranger-a", "", t0.Add(time.Minute))
		if !errors.Is(err, tc.want) {
			t.Fatalf("%s: err %v, want %v", tc.action, err, tc.want)
		}
		if a, _ := w.Feature("assignments", id); a.Props["state"] != tc.state {
			t.Fatalf("after %s: state %v, want %s", tc.action, a.Props["state"], tc.state)
		}
	}
	if inc, _ := w.Feature("incidents", "inc-fire"); inc.Props["status"] != "on_scene" {
		t.Fatalf("an arrival brings the incident on scene: %v", inc.Props["status"])
	}
}

// waitFor polls a feature until ok holds (the tracker acts on its own
// goroutine) and fails after 5 s.
func waitFor(t *testing.T, w *layers.World, layer, id string, ok func(*layers.Feature) bool) *layers.Feature {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f, err := w.Feature(layer, id)
		if err == nil && ok(f) {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/%s: condition not reached in 5 s: %v", layer, id, f)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
