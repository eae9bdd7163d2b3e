package heat_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/heat"
)

// mixWeather is a typical spring day over four districts: rain in one,
// mild in one, dry in one, a heat wave in the last.
var mixWeather = []heat.Weather{
	rain,
	{TempC: 16, RH: 60, WindKmh: 8, DaysSinceRain: 3},   // 12+4+15+10 = 0.41
	{TempC: 22, RH: 40, WindKmh: 15, DaysSinceRain: 6},  // 0.73
	{TempC: 33, RH: 28, WindKmh: 20, DaysSinceRain: 12}, // 20+16+50+20 = 1
}

// mixedGrid returns a grid of about 2,800 cells around 缙云山 in four
// districts (quarters by longitude and latitude) with the weathers of
// mixWeather, fuel in patches from 0.3 to 1, 200 subjects moving through
// it for an hour with fixes every 10 to 60 s, and 40 alarms over the last
// day; recomputed at the end of the hour. It also returns its bound.
func mixedGrid(t testing.TB) (*heat.Grid, orb.Bound) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 7))
	cs := patch(t, jinyun, 30)
	g := heat.New(heat.Options{})
	b := orb.Bound{Min: jinyun, Max: jinyun}
	for _, c := range cs {
		p := c.Center()
		b = b.Extend(p)
		d := 0
		if p[0] > jinyun[0] {
			d++
		}
		if p[1] > jinyun[1] {
			d += 2
		}
		// Patches: fuel follows a coarse checkerboard of about 5 km, with noise.
		f := 0.3 + 0.35*float64((int(p[0]/0.05)+int(p[1]/0.05))%3) + 0.1*r.Float64()
		if err := g.SetFuel(c, f, fmt.Sprint(500100+d)); err != nil {
			t.Fatal(err)
		}
	}
	for d, w := range mixWeather {
		if _, err := g.SetWeather(fmt.Sprint(500100+d), w, t0); err != nil {
			t.Fatal(err)
		}
	}
	for s := range 200 {
		p, step := cs[r.IntN(len(cs))].Center(), time.Duration(10+r.IntN(50))*time.Second
		for at := t0; at.Before(t0.Add(time.Hour)); at = at.Add(step) {
			p = orb.Point{p[0] + (r.Float64()-0.5)*0.002, p[1] + (r.Float64()-0.5)*0.002}
			if err := g.Presence(fmt.Sprint("subject-", s), p, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	for range 40 {
		p := cs[r.IntN(len(cs))].Center()
		if _, err := g.Alarm(p, t0.Add(-time.Duration(r.IntN(24*60))*time.Minute), 1+2*r.Float64()); err != nil {
			t.Fatal(err)
		}
	}
	recompute(t, g, t0.Add(time.Hour))
	return g, b
}

// TestSpread checks that a typical mix of inputs spreads over all five
// classes rather than piling into one.
func TestSpread(t *testing.T) {
	g, b := mixedGrid(t)
	var counts [6]int
	all := g.Cells(b, 8)
	for _, s := range all {
		counts[s.Class]++
	}
	t.Logf("cells per class 1–5: %v of %d", counts[1:], len(all))
	for k := 1; k <= 5; k++ {
		share := float64(counts[k]) / float64(len(all))
		if share < 0.002 || share > 0.6 {
			t.Errorf("class %d holds %.1f %% of the cells, want 0.2–60 %%", k, 100*share)
		}
	}
}
