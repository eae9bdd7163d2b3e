package heat_test

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// TestDistricts checks the roll-up against the cells: counts, shares,
// mean, maximum and ranking.
func TestDistricts(t *testing.T) {
	g, b := mixedGrid(t)
	want := rollUp(g.Cells(b, 8))
	ds := g.Districts()
	total := 0
	for i, d := range ds {
		a := want[d.Code]
		if a == nil {
			t.Fatalf("district %s is not among the cells' districts", d.Code)
		}
		total += d.Cells
		shares := 0.0
		for _, s := range d.Shares {
			shares += s
		}
		if math.Abs(shares-1) > 1e-12 {
			t.Errorf("%s: shares %v sum to %v", d.Code, d.Shares, shares)
		}
		if d.Cells != a.n || !near(d.Mean, a.sum/float64(a.n), 1e-12) || d.Max != a.max {
			t.Errorf("%s: %d cells, mean %v, max %v; the cells say %d, %v, %v", d.Code, d.Cells, d.Mean, d.Max, a.n, a.sum/float64(a.n), a.max)
		}
		for k := range d.Shares {
			if d.Shares[k] != float64(a.counts[k])/float64(a.n) {
				t.Errorf("%s: share of class %d %v, the cells say %d of %d", d.Code, k+1, d.Shares[k], a.counts[k], a.n)
			}
		}
		if d.Class != percentileClass(a.counts, 0.1) {
			t.Errorf("%s: class %d, its counts %v say %d", d.Code, d.Class, a.counts, percentileClass(a.counts, 0.1))
		}
		if i > 0 && ds[i-1].Mean < d.Mean {
			t.Errorf("%s (mean %v) is ranked below %s (mean %v)", d.Code, d.Mean, ds[i-1].Code, ds[i-1].Mean)
		}
	}
	if st := g.Stats(); total != st.Cells[8] || len(ds) != len(want) || st.Districts != len(ds) {
		t.Errorf("districts hold %d cells in %d districts; the grid has %d cells, the cells %d districts",
			total, len(ds), st.Cells[8], len(want))
	}
}

// acc is a district rolled up by hand.
type acc struct {
	n        int
	sum, max float64
	counts   [5]int
}

// rollUp sums cells by district.
func rollUp(cs []heat.Score) map[string]*acc {
	out := map[string]*acc{}
	for _, s := range cs {
		a := out[s.District]
		if a == nil {
			a = &acc{}
			out[s.District] = a
		}
		a.n++
		a.sum += s.Score
		a.max = math.Max(a.max, s.Score)
		a.counts[s.Class-1]++
	}
	return out
}

// TestRecomputeReportsOnce checks that each class change is reported once,
// by Changes or Recompute, whichever comes first.
func TestRecomputeReportsOnce(t *testing.T) {
	cs := patch(t, jinyun, 3)
	c := mustOf(t, jinyun, 8)
	g := newGrid(t, heat.Options{}, cs, 0.5, rain)
	st := g.Stats()
	nodes := st.Cells[5] + st.Cells[6] + st.Cells[7] + st.Cells[8]
	steps := []struct {
		name string
		do   func() []heat.Score
		want int // changes reported; -1: the cell and its resolution-7 parent
	}{
		{"the first recompute reports every cell", func() []heat.Score { return recompute(t, g, t0) }, nodes},
		{"then nothing", func() []heat.Score { return recompute(t, g, t0) }, 0},
		{"an alarm and its withdrawal before a report", func() []heat.Score {
			g.Alarm(jinyun, t0, 1)
			g.Alarm(jinyun, t0, -1)
			return g.Changes()
		}, 0},
		// One cell is a seventh of its resolution-7 parent, but less than a
		// tenth of the 37 cells under the coarser ones: their class holds.
		{"an alarm changes the cell and its parent", func() []heat.Score { g.Alarm(jinyun, t0, 3); return g.Changes() }, -1},
		{"reported by Changes, not again by Recompute", func() []heat.Score { return recompute(t, g, t0.Add(time.Minute)) }, 0},
		{"nor by Changes", g.Changes, 0},
		{"a week later the alarm has decayed", func() []heat.Score { return recompute(t, g, t0.Add(7*24*time.Hour)) }, -1},
	}
	for _, s := range steps {
		got := s.do()
		want := s.want
		if want < 0 {
			want = 2
			for _, sc := range got {
				if sc.Cell != c && !(sc.Cell.Res() == 7 && contains(sc.Cell, c)) {
					t.Errorf("%s: %v reported, not the alarm's cell or its parent", s.name, sc.Cell)
				}
			}
		}
		if len(got) != want {
			t.Errorf("%s: %d changes, want %d", s.name, len(got), want)
		}
	}
}

// contains reports whether parent is an ancestor of c.
func contains(parent, c cells.Cell) bool {
	p, err := c.Parent(parent.Res())
	return err == nil && p == parent
}

// TestCellsViewport checks that Cells returns every grid cell that
// overlaps a viewport, at each resolution.
func TestCellsViewport(t *testing.T) {
	g, _ := mixedGrid(t)
	view := orb.Bound{Min: orb.Point{106.30, 29.78}, Max: orb.Point{106.42, 29.86}}
	for _, res := range []int{5, 6, 7, 8} {
		got := map[cells.Cell]bool{}
		for _, s := range g.Cells(view, res) {
			got[s.Cell] = true
		}
		cover, err := cells.Cover(view, res, cells.Overlap)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cover {
			if _, in := g.Score(c); in {
				n++
				if !got[c] {
					t.Errorf("res %d: %v overlaps the view but is missing", res, c)
				}
			}
		}
		if n == 0 || len(got) > 3*n+20 {
			t.Errorf("res %d: %d cells returned for %d overlapping", res, len(got), n)
		}
	}
	if got := g.Cells(view, 9); got != nil {
		t.Errorf("Cells at resolution 9 = %d cells, want nil", len(got))
	}
}

func TestErrors(t *testing.T) {
	g := newGrid(t, heat.Options{}, patch(t, jinyun, 1), 0.5, rain)
	c7 := mustOf(t, jinyun, 7)
	tests := []struct {
		name string
		err  error
	}{
		{"fuel of a resolution-7 cell", g.SetFuel(c7, 0.5, "500109")},
		{"fuel of an invalid cell", g.SetFuel(cells.Cell(12345), 0.5, "500109")},
		{"fuel without a district", g.SetFuel(mustOf(t, jinyun, 8), 0.5, "")},
		{"NaN fuel", g.SetFuel(mustOf(t, jinyun, 8), math.NaN(), "500109")},
		{"weather without a district", second(g.SetWeather("", rain, t0))},
		{"weather at the zero time", second(g.SetWeather("500109", rain, time.Time{}))},
		{"presence without a subject", g.Presence("", jinyun, t0)},
		{"presence at a NaN point", g.Presence("x", orb.Point{math.NaN(), 29}, t0)},
		{"alarm of infinite weight", second(g.Alarm(jinyun, t0, math.Inf(1)))},
		{"recompute at the zero time", second(g.Recompute(time.Time{}))},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, heat.ErrInput) {
			t.Errorf("%s: error %v, want ErrInput", tt.name, tt.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// TestConcurrent runs readers beside a writer, for the race detector.
func TestConcurrent(t *testing.T) {
	g, b := mixedGrid(t)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				g.Cells(b, 7)
				g.Districts()
				g.Score(mustOf(t, jinyun, 8))
			}
		})
	}
	for i := range 300 {
		at := t0.Add(time.Hour + time.Duration(i)*time.Second)
		if err := g.Presence("巡护车-1", orb.Point{jinyun[0] + float64(i)*1e-4, jinyun[1]}, at); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			recompute(t, g, at)
		}
	}
	close(stop)
	wg.Wait()
}

func TestClassAt(t *testing.T) {
	cases := []struct {
		name string
		w    heat.Weather
		p    orb.Point
		want int
	}{
		{"rain over the forest", rain, jinyun, 1},
		{"a heat wave over it", heatWave, jinyun, 5},
		{"outside the forest", heatWave, orb.Point{106.58, 29.56}, 0},
		{"not a point on Earth", heatWave, orb.Point{200, 100}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{}, patch(t, jinyun, 2), 1, tc.w)
			recompute(t, g, t0)
			if got := g.ClassAt(tc.p); got != tc.want {
				t.Fatalf("class %d, want %d", got, tc.want)
			}
		})
	}
}
