package heat_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// presenceOf returns the decayed presence, in seconds, behind a cell's
// activity part.
func presenceOf(t *testing.T, g *heat.Grid, c cells.Cell) float64 {
	t.Helper()
	return amount(mustScore(t, g, c).Activity, g.Options().Weights.ActivityScale.Seconds())
}

// fixes returns n fixes every step from start at p.
func fixes(p orb.Point, start time.Time, step time.Duration, n int) []fixAt {
	out := make([]fixAt, n)
	for i := range out {
		out[i] = fixAt{p, start.Add(time.Duration(i) * step)}
	}
	return out
}

type fixAt struct {
	p  orb.Point
	at time.Time
}

func TestPresence(t *testing.T) {
	cs := patch(t, jinyun, 2)
	a, b := cs[0], cs[1]
	pa, pb := a.Center(), b.Center()
	h := 3 * time.Hour // the default ActivityHalfLife
	end := t0.Add(20 * time.Minute)
	tests := []struct {
		name         string
		fixes        []fixAt
		wantA, wantB float64 // presence as of end, seconds
		late         uint64
	}{
		{"a fix a second for ten minutes", fixes(pa, t0, time.Second, 601), stay(t0, 10*time.Minute, end, h), 0, 0},
		{"a fix a minute for ten minutes", fixes(pa, t0, time.Minute, 11), stay(t0, 10*time.Minute, end, h), 0, 0},
		{"the first fix credits nothing", fixes(pa, t0, 0, 1), 0, 0, 0},
		{"a gap longer than MaxCredit is capped", []fixAt{{pa, t0}, {pb, t0.Add(15 * time.Minute)}},
			stay(t0, 5*time.Minute, end, h), 0, 0},
		{"the previous fix's cell is credited", []fixAt{{pa, t0}, {pb, t0.Add(time.Minute)}, {pa, t0.Add(3 * time.Minute)}},
			stay(t0, time.Minute, end, h), stay(t0.Add(time.Minute), 2*time.Minute, end, h), 0},
		{"duplicates are dropped", []fixAt{{pa, t0}, {pa, t0}, {pb, t0.Add(time.Minute)}},
			stay(t0, time.Minute, end, h), 0, 1},
		{"a late fix is dropped", []fixAt{{pa, t0}, {pa, t0.Add(2 * time.Minute)}, {pb, t0.Add(time.Minute)}, {pb, t0.Add(3 * time.Minute)}},
			stay(t0, 3*time.Minute, end, h), 0, 1},
		{"outside the forest counts nowhere", []fixAt{{orb.Point{106.5771, 29.5576}, t0}, {pa, t0.Add(time.Minute)}}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{}, cs, 0.8, rain)
			for _, f := range tt.fixes {
				if err := g.Presence("粤B12345", f.p, f.at); err != nil {
					t.Fatal(err)
				}
			}
			recompute(t, g, end)
			if got := presenceOf(t, g, a); !near(got, tt.wantA, 1e-6) {
				t.Errorf("presence in the first cell %.6f s, want %.6f", got, tt.wantA)
			}
			if got := presenceOf(t, g, b); !near(got, tt.wantB, 1e-6) {
				t.Errorf("presence in the second cell %.6f s, want %.6f", got, tt.wantB)
			}
			if got := g.Stats().LateFixes; got != tt.late {
				t.Errorf("%d late fixes, want %d", got, tt.late)
			}
		})
	}
}

// TestPresenceRate checks the time weighting over subjects that report
// at different rates: as many subjects for as long credit the same
// presence whatever the rate.
func TestPresenceRate(t *testing.T) {
	cs := patch(t, jinyun, 1)
	per := map[time.Duration]float64{}
	for _, step := range []time.Duration{time.Second, 10 * time.Second, time.Minute, 5 * time.Minute} {
		g := newGrid(t, heat.Options{}, cs, 0.8, rain)
		for _, f := range fixes(cs[0].Center(), t0, step, int(time.Hour/step)+1) {
			if err := g.Presence("ranger-07", f.p, f.at); err != nil {
				t.Fatal(err)
			}
		}
		recompute(t, g, t0.Add(time.Hour))
		per[step] = presenceOf(t, g, cs[0])
	}
	for step, p := range per {
		if !near(p, per[time.Second], 1e-9) {
			t.Errorf("a fix every %v credits %.3f s, a fix a second %.3f s", step, p, per[time.Second])
		}
	}
}

// TestPresenceForget checks that a subject idle for longer than Forget is
// credited and dropped, and that its next fix starts afresh.
func TestPresenceForget(t *testing.T) {
	cs := patch(t, jinyun, 1)
	g := newGrid(t, heat.Options{}, cs, 0.8, rain)
	p := cs[0].Center()
	later := t0.Add(2 * time.Hour)
	if err := g.Presence("护林员-3", p, t0); err != nil {
		t.Fatal(err)
	}
	recompute(t, g, later)
	if n := g.Stats().Subjects; n != 0 {
		t.Errorf("%d subjects remembered after two idle hours, want 0", n)
	}
	want := stay(t0, 5*time.Minute, later, 3*time.Hour)
	if got := presenceOf(t, g, cs[0]); !near(got, want, 1e-9) {
		t.Errorf("presence %.6f s after forgetting, want MaxCredit's %.6f s", got, want)
	}
	if err := g.Presence("护林员-3", p, later.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	recompute(t, g, later.Add(time.Minute))
	want = stay(t0, 5*time.Minute, later.Add(time.Minute), 3*time.Hour)
	if got := presenceOf(t, g, cs[0]); !near(got, want, 1e-9) {
		t.Errorf("presence %.6f s after the next fix, want %.6f s: nothing more", got, want)
	}
}
