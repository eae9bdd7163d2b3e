package heat

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// TestIncrementalMatchesRebuild applies random events one by one and checks
// after each that the parents carried by evaluate are what rebuild makes
// from scratch.
func TestIncrementalMatchesRebuild(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	start := time.Date(2026, 3, 20, 14, 0, 0, 0, time.UTC)
	centre, err := cells.Of(orb.Point{107.73, 29.47}, 8) // 仙女山
	if err != nil {
		t.Fatal(err)
	}
	cs, err := cells.Disk(centre, 12)
	if err != nil {
		t.Fatal(err)
	}
	g := New(Options{})
	for _, c := range cs {
		if err := g.SetFuel(c, r.Float64(), fmt.Sprint(500100+r.IntN(3))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2000 {
		at := start.Add(time.Duration(i) * 10 * time.Second)
		c := cs[r.IntN(len(cs))]
		switch r.IntN(10) {
		case 0:
			err = g.SetFuel(c, r.Float64(), fmt.Sprint(500100+r.IntN(4)))
		case 1:
			_, err = g.SetWeather(fmt.Sprint(500100+r.IntN(4)), Weather{TempC: 40 * r.Float64(), RH: 100 * r.Float64(),
				WindKmh: 40 * r.Float64(), DaysSinceRain: r.IntN(12)}, at)
		case 2, 3:
			_, err = g.Alarm(c.Center(), at.Add(-time.Duration(r.IntN(3600))*time.Second), 4*r.Float64()-1)
		default:
			err = g.Presence(fmt.Sprint(r.IntN(20)), c.Center(), at)
		}
		if err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 {
			checkAgainstRebuild(t, g, i)
		}
	}
}

func checkAgainstRebuild(t *testing.T, g *Grid, step int) {
	t.Helper()
	before := make([][]agg, len(g.levels))
	for li := range g.levels {
		before[li] = append([]agg(nil), g.levels[li].nodes...)
	}
	g.rebuild()
	checkDistricts(t, g, step)
	for li := range g.levels {
		for j, want := range g.levels[li].nodes {
			got := before[li][j]
			sumOK := math.Abs(got.score-want.score) < 1e-9 && math.Abs(got.sum.activity-want.sum.activity) < 1e-9 &&
				math.Abs(got.sum.alarms-want.sum.alarms) < 1e-9 && math.Abs(got.sum.fuel-want.sum.fuel) < 1e-9
			if got.n != want.n || got.max != want.max || got.counts != want.counts || got.class != want.class || !sumOK {
				t.Fatalf("step %d, res %d node %d: carried n %d max %v counts %v class %d score %v; rebuilt %d %v %v %d %v",
					step, g.levels[li].res, j, got.n, got.max, got.counts, got.class, got.score,
					want.n, want.max, want.counts, want.class, want.score)
			}
		}
	}
}

// checkDistricts checks the cells per district that moveLeaf carries in
// each parent against the leaves.
func checkDistricts(t *testing.T, g *Grid, step int) {
	t.Helper()
	want := make([]map[int32]map[int32]int32, len(g.levels))
	for li := range want {
		want[li] = map[int32]map[int32]int32{}
	}
	for i := range g.leaves {
		l := &g.leaves[i]
		for li, p := 0, l.parent; p >= 0 && li < len(g.levels); li++ {
			if want[li][p] == nil {
				want[li][p] = map[int32]int32{}
			}
			want[li][p][l.district]++
			p = g.levels[li].nodes[p].parent
		}
	}
	for li := range g.levels {
		for j, a := range g.levels[li].nodes {
			total := int32(0)
			for _, d := range a.dist {
				total += d.n
				if d.n != want[li][int32(j)][d.district] {
					t.Fatalf("step %d, res %d node %d: district %d has %d cells, the leaves say %d",
						step, g.levels[li].res, j, d.district, d.n, want[li][int32(j)][d.district])
				}
			}
			if total != a.n {
				t.Fatalf("step %d, res %d node %d: %d cells by district, %d in all", step, g.levels[li].res, j, total, a.n)
			}
		}
	}
}
