package gather

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestLateFixes feeds fixes that arrive after newer ones of the same group:
// a batch uploaded after a dead zone (sorted, as the caller must give it),
// a single delayed fix, fixes arriving just after a Tick. Each case is
// written with then, in arrival order; inOrder only merges the fixes that
// arrive together.
func TestLateFixes(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		steps   []step
		want    []string
		dropped int
	}{{
		name: "a batch after a dead zone implies a whole gathering",
		steps: then(
			inOrder([]step{{-1, "A", 2000}}, every("B", 0, 20, 0)),
			inOrder(every("A", 3, 14, 10), every("A", 15, 19, 2000))), // the batch, after B's fix at 20
		want: []string{"start@13 since 3 A,B late", "end@15 since 3 A,B apart late"},
	}, {
		name: "a batch after a dead zone implies a gathering that goes on live",
		steps: then(
			inOrder([]step{{-1, "A", 2000}}, every("B", 0, 20, 0)),
			every("A", 3, 19, 10), // the batch, after B's fix at 20
			inOrder(every("A", 20, 27, 10), every("B", 21, 25, 0), every("B", 26, 27, 900))),
		want: []string{"start@13 since 3 A,B late", "end@26 since 3 A,B apart"},
	}, {
		name: "a delayed fix showing one of them away does not end a started gathering",
		steps: then(
			inOrder(every("A", 0, 20, 0), every("B", 0, 20, 10)),
			[]step{{12.5, "A", 500}}, // together again at 13, as already seen
			inOrder(every("A", 21, 26, 0), every("B", 21, 24, 10), every("B", 25, 26, 900))),
		want: []string{"start@10 since 0 A,B", "end@25 since 0 A,B apart"},
	}, {
		name: "a delayed fix showing them together does not start anything",
		steps: then(
			inOrder(every("A", 0, 20, 2000), every("B", 0, 20, 0)),
			[]step{{5.5, "A", 10}},
			tick(40)),
	}, {
		name: "a gathering whose End a dead zone caused resumes when the batch shows it went on",
		steps: then(
			inOrder(every("A", 0, 12, 0), every("B", 0, 26, 10)), // A's fix at 12 ages out at 22
			every("A", 13, 25, 0),                                // the batch, after B's fix at 26
			inOrder(tick(27), every("A", 28, 28, 0), every("B", 28, 28, 900), tick(29))),
		want: []string{"start@10 since 0 A,B", "end@22 since 0 A,B stale",
			"start@22 since 0 A,B resumed late", "end@28 since 0 A,B apart"},
	}, {
		name: "a fix arriving just after a Tick ends the gathering at its own time",
		steps: then(
			inOrder(every("A", 0, 12, 0), every("B", 0, 12, 10), tick(12.5)),
			[]step{{12.2, "B", 900}},
			tick(13)),
		want: []string{"start@10 since 0 A,B", "end@12.2 since 0 A,B apart late"},
	}, {
		name: "late fixes of one member do not repeat an End a Tick reported",
		steps: then(
			inOrder(every("A", 0, 12, 0), every("B", 0, 12, 10)),
			tick(25),              // both fixes aged out at 22: End, stale
			every("A", 13, 24, 0), // B is still stale from 22 on
			tick(40)),
		want: []string{"start@10 since 0 A,B", "end@22 since 0 A,B stale"},
	}, {
		name: "a gathering told started that late fixes show never was ends at its Start time",
		opts: Options{Duration: 3 * time.Minute},
		steps: then(
			inOrder([]step{{0, "A", 0}}, every("B", 2, 8, 10), tick(8.5)), // A's fix at 0 counts until 10
			[]step{{1, "A", 2000}}, // A had left at 1
			tick(9)),
		want: []string{"start@5 since 2 A,B", "end@2 since 2 A,B apart late"},
	}, {
		name: "the part of a batch more than Lateness behind is dropped, the rest evaluated",
		steps: then(
			inOrder([]step{{-1, "A", 2000}}, every("B", 0, 40, 0)),
			every("A", 3, 39, 10)), // 3 to 19 are more than 20 minutes behind B's fix at 40
		want:    []string{"start@30 since 20 A,B late"},
		dropped: 17,
	}, {
		name: "a fix more than Lateness behind is dropped",
		steps: then(
			inOrder(every("A", 0, 30, 0), every("B", 0, 30, 900)),
			[]step{{9.5, "B", 10}}),
		dropped: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newPair(tt.opts)
			check(t, run(d, tt.steps), tt.want)
			if got := d.Stats().Dropped; got != tt.dropped {
				t.Errorf("dropped %d, want %d", got, tt.dropped)
			}
		})
	}
}

// TestBatchInAnyPosition checks that a dead zone's batch gives the same
// events whether every fix arrived in time or the batch arrives at some
// later minute, apart from the Late marks, as long as its oldest fix is
// within Lateness of the group's newest instant. A is 20 m from B from
// minute 4 to 16, then 130 m (apart, but within the hysteresis) to 30, then
// 400 m; the batch is A's fixes from 3 to the minute it arrives.
func TestBatchInAnyPosition(t *testing.T) {
	b := every("B", 0, 40, 0)
	a := inOrder(every("A", 0, 2, 3000), every("A", 4, 16, 20), every("A", 17, 30, 130), every("A", 31, 40, 400))
	live := describe(run(newPair(Options{}), inOrder(a, b)))
	if want := []string{"start@14 since 4 A,B", "end@31 since 4 A,B apart"}; !slices.Equal(live, want) {
		t.Fatalf("in time: got %q, want %q", live, want)
	}
	tests := []struct {
		arrive   float64
		lateness time.Duration // zero: the default, 20 minutes
	}{
		{arrive: 4}, {arrive: 10}, {arrive: 14}, {arrive: 16}, {arrive: 21}, {arrive: 23},
		// A's fix at 3 is more than 20 minutes behind B's newest fix.
		{arrive: 30, lateness: 30 * time.Minute},
		{arrive: 35, lateness: time.Hour},
		{arrive: 40, lateness: time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("batch arrives at minute %v", tt.arrive), func(t *testing.T) {
			var batch, rest []step
			for _, s := range a {
				if s.min > 2 && s.min <= tt.arrive {
					batch = append(batch, s)
				} else {
					rest = append(rest, s)
				}
			}
			steps := inOrder(rest, b)
			i := 0
			for i < len(steps) && steps[i].min <= tt.arrive {
				i++
			}
			d := newPair(Options{Lateness: tt.lateness})
			got := run(d, then(steps[:i], batch, steps[i:]))
			for j := range got {
				got[j].Late = false
			}
			if g := describe(got); !slices.Equal(g, live) {
				t.Errorf("events:\n got  %q\n want %q", g, live)
			}
			if n := d.Stats().Dropped; n != 0 {
				t.Errorf("dropped %d fixes", n)
			}
		})
	}
}

// newPair returns a detector with options o and A and B in case c1.
func newPair(o Options) *Detector {
	d := New(o)
	groups(d, "A:c1 B:c1")
	return d
}
