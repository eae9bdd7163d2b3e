package gather

import (
	"testing"
	"time"
)

func TestGatherings(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		groups string
		steps  []step
		want   []string
	}{{
		name:   "co-defendants together 12 minutes: Start after 10, End only beyond 150 m",
		groups: "A:c1 B:c1",
		steps: inOrder(every("A", 0, 20, 0), every("B", 0, 12, 20),
			every("B", 13, 14, 101), // beyond Radius, within EndFactor·Radius: still together
			every("B", 15, 20, 160)),
		want: []string{"start@10 since 0 A,B", "end@15 since 0 A,B apart"},
	}, {
		name:   "a meeting of 8 minutes raises nothing",
		groups: "A:c1 B:c1",
		steps:  inOrder(every("A", 0, 20, 0), every("B", 0, 8, 30), every("B", 9, 20, 400)),
	}, {
		name:   "strangers together raise nothing",
		groups: "A:c1 B:c2",
		steps:  inOrder(every("A", 0, 30, 0), every("B", 0, 30, 10)),
	}, {
		name:   "a person in no group raises nothing",
		groups: "A:c1",
		steps:  inOrder(every("A", 0, 30, 0), every("B", 0, 30, 10)),
	}, {
		name:   "120 m apart for 30 minutes is not together: hysteresis only keeps a started gathering",
		groups: "A:c1 B:c1",
		steps:  inOrder(every("A", 0, 30, 0), every("B", 0, 30, 120)),
	}, {
		name:   "K=3: two members raise nothing, the third joining starts the clock",
		opts:   Options{K: 3},
		groups: "A:c1 B:c1 C:c1",
		steps:  inOrder(every("A", 0, 30, 0), every("B", 0, 30, 50), every("C", 0, 4, 900), every("C", 5, 30, 120)),
		// C is 70 m from B, 120 m from A: linked through B.
		want: []string{"start@15 since 5 A,B,C"},
	}, {
		name:   "K=3: one of three leaving ends it, below K",
		opts:   Options{K: 3},
		groups: "A:c1 B:c1 C:c1",
		steps:  inOrder(every("A", 0, 20, 0), every("B", 0, 20, 50), every("C", 0, 12, 90), every("C", 13, 20, 900)),
		want:   []string{"start@10 since 0 A,B,C", "end@13 since 0 A,B,C apart"},
	}, {
		name:   "a third member joining a gathering keeps it going",
		groups: "A:c1 B:c1 C:c1",
		steps: inOrder(every("A", 0, 30, 0), every("B", 0, 20, 40), every("B", 21, 30, 900),
			every("C", 0, 14, 2000), every("C", 15, 30, 60)),
		want: []string{"start@10 since 0 A,B"},
	}, {
		name:   "a fix older than MaxAge does not place anyone",
		groups: "A:c1 B:c1",
		steps:  inOrder([]step{{-11, "A", 0}}, every("B", 0, 20, 10)),
	}, {
		name:   "a fix ageing out at the very moment Duration is reached does not start",
		groups: "A:c1 B:c1",
		steps:  inOrder([]step{{0, "A", 0}}, every("B", 0, 20, 10)),
	}, {
		name:   "Tick promotes a pending gathering when Duration elapses without new fixes",
		groups: "A:c1 B:c1",
		steps:  inOrder(every("A", 0, 5, 0), every("B", 0, 5, 10), tick(9), tick(10.5)),
		want:   []string{"start@10 since 0 A,B"},
	}, {
		name:   "Tick ends a gathering when fixes age out",
		groups: "A:c1 B:c1",
		steps:  inOrder(every("A", 0, 12, 0), every("B", 0, 14, 10), tick(21), tick(40)),
		want:   []string{"start@10 since 0 A,B", "end@22 since 0 A,B stale"},
	}, {
		name:   "fixes at the same instants report each event once",
		groups: "A:c1 B:c1 C:c1",
		steps: inOrder(every("A", 0, 30, 0), every("B", 0, 30, 30), every("C", 0, 30, 60),
			tick(3), tick(10), tick(10), every("C", 31, 32, 900), every("B", 33, 34, 900)),
		want: []string{"start@10 since 0 A,B,C", "end@33 since 0 A,B apart"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(tt.opts)
			groups(d, tt.groups)
			check(t, run(d, tt.steps), tt.want)
		})
	}
}

func TestEventCarriesFixes(t *testing.T) {
	d := New(Options{})
	groups(d, "A:c1 B:c1")
	// The instant of the last fixes is evaluated at the next fix or Tick.
	evs := run(d, inOrder(every("A", 0, 10, 0), every("B", 0, 9, 40), tick(10)))
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1 Start", len(evs))
	}
	e := evs[0]
	if e.Group != "c1" || e.ID == 0 || e.Duration != 10*time.Minute || !e.Start.Equal(at(0)) || !e.At.Equal(at(10)) {
		t.Errorf("start: %+v", e)
	}
	// A's fix at 10 placed A; B's last fix was at 9, a minute old.
	if a, b := e.Members[0], e.Members[1]; a.Person != "A" || a.Age != 0 || a.Point != east(0) ||
		b.Person != "B" || b.Age != time.Minute || !b.Fix.Equal(at(9)) || b.Point != east(40) {
		t.Errorf("members: %+v", e.Members)
	}
	if mid := east(20); !near(e.Place[0], mid[0], 1e-9) || !near(e.Place[1], mid[1], 1e-9) {
		t.Errorf("place %v, want the centroid %v", e.Place, mid)
	}
	end := run(d, inOrder(every("B", 11, 11, 500), tick(11)))
	if len(end) != 1 || end[0].ID != e.ID || end[0].Kind != End || !end[0].End.Equal(at(11)) ||
		end[0].Duration != 11*time.Minute || end[0].Members[1].Point != east(500) {
		t.Errorf("end: %+v", end)
	}
}

func TestMembership(t *testing.T) {
	together := inOrder(every("A", 0, 12, 0), every("B", 0, 12, 10))
	tests := []struct {
		name   string
		groups string
		change func(d *Detector)
		after  []step
		want   []string
	}{{
		name:   "removing a member ends the gathering at the next evaluated instant, that of the last fixes",
		groups: "A:c1 B:c1",
		change: func(d *Detector) { d.Remove("B") },
		after:  tick(12.5),
		want:   []string{"start@10 since 0 A,B", "end@12 since 0 A,B removed"},
	}, {
		name:   "moving a member to another case ends the gathering",
		groups: "A:c1 B:c1",
		change: func(d *Detector) { d.SetGroup("B", "c2") },
		after:  inOrder(every("A", 13, 14, 0), every("B", 13, 14, 10)),
		want:   []string{"start@10 since 0 A,B", "end@12 since 0 A,B removed"},
	}, {
		name:   "strangers put in one case start the clock at the next evaluated instant",
		groups: "A:c1 B:c2",
		change: func(d *Detector) { d.SetGroup("B", "c1") },
		after:  inOrder(tick(12.5), every("A", 13, 25, 0), every("B", 13, 25, 10)),
		want:   []string{"start@22 since 12 A,B"},
	}, {
		name:   "taking a member out of every group",
		groups: "A:c1 B:c1",
		change: func(d *Detector) { d.SetGroup("A", "") },
		after:  inOrder(every("A", 13, 25, 0), every("B", 13, 25, 10)),
		want:   []string{"start@10 since 0 A,B", "end@12 since 0 A,B removed"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Options{})
			groups(d, tt.groups)
			evs := run(d, together)
			tt.change(d)
			check(t, append(evs, run(d, tt.after)...), tt.want)
			if s := d.Stats(); s.Active+s.Pending > 1 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
