package heat_test

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// t0 is an afternoon of the spring fire season.
var t0 = time.Date(2026, 3, 20, 14, 0, 0, 0, time.FixedZone("CST", 8*3600))

var jinyun = orb.Point{106.385, 29.835} // 缙云山, a forest park

// Weathers whose index is known (see TestFireWeather).
var (
	rain     = heat.Weather{TempC: 6, RH: 90, WindKmh: 5}                      // 0.09
	heatWave = heat.Weather{TempC: 42, RH: 20, WindKmh: 70, DaysSinceRain: 20} // 1
)

func mustOf(t testing.TB, p orb.Point, res int) cells.Cell {
	t.Helper()
	c, err := cells.Of(p, res)
	if err != nil {
		t.Fatalf("Of(%v, %d): %v", p, res, err)
	}
	return c
}

// patch returns the resolution-8 cells within k grid steps of p's cell.
func patch(t testing.TB, p orb.Point, k int) []cells.Cell {
	t.Helper()
	cs, err := cells.Disk(mustOf(t, p, 8), k)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// newGrid returns a grid over cs, all in district "500109" with fuel f,
// and that district's weather set at t0.
func newGrid(t testing.TB, opt heat.Options, cs []cells.Cell, f float64, w heat.Weather) *heat.Grid {
	t.Helper()
	g := heat.New(opt)
	for _, c := range cs {
		if err := g.SetFuel(c, f, "500109"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.SetWeather("500109", w, t0); err != nil {
		t.Fatal(err)
	}
	return g
}

func mustScore(t testing.TB, g *heat.Grid, c cells.Cell) heat.Score {
	t.Helper()
	s, ok := g.Score(c)
	if !ok {
		t.Fatalf("Score(%v): not in the grid", c)
	}
	return s
}

func recompute(t testing.TB, g *heat.Grid, now time.Time) []heat.Score {
	t.Helper()
	ch, err := g.Recompute(now)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// amount inverts the saturation of a part: the decayed amount behind a
// part value p of a grid with the given scale (1 − e^(−x/scale) = p).
func amount(p, scale float64) float64 { return -math.Log1p(-p) * scale }

// stay is the presence, in seconds as of time at, of a stay of d from
// start: the integral of 2^(−(at−s)/h) over the stay.
func stay(start time.Time, d time.Duration, at time.Time, h time.Duration) float64 {
	hs := h.Seconds()
	end := at.Sub(start.Add(d)).Seconds()
	begin := at.Sub(start).Seconds()
	return hs / math.Ln2 * (math.Exp2(-end/hs) - math.Exp2(-begin/hs))
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
