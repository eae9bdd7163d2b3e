package gather

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/cells"
)

// chongqing is the municipality's bounding box; central its central urban
// districts.
var (
	chongqing = orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.19, 32.20}}
	central   = orb.Bound{Min: orb.Point{106.35, 29.40}, Max: orb.Point{106.75, 29.75}}
)

func pointIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
}

// TestCellReach checks the k-ring bound of cellIndex.infoOf on random pairs
// of points anywhere in Chongqing up to Radius apart: the second point's
// cell must be in the first one's k-ring, or the index would miss a
// neighbour.
func TestCellReach(t *testing.T) {
	tests := []struct {
		res    int
		radius float64
	}{{9, 100}, {9, 150}, {9, 400}, {10, 100}, {11, 100}, {8, 100}, {7, 1000}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("res %d, %v m", tt.res, tt.radius), func(t *testing.T) {
			ix := newCellIndex(tt.res, tt.radius)
			r := rand.New(rand.NewPCG(uint64(tt.res), 2026))
			for range 5000 {
				p := pointIn(r, chongqing)
				dist := tt.radius * []float64{1, r.Float64()}[r.IntN(2)]
				q := spatial.Destination(p, r.Float64()*360, dist)
				cp, _ := cells.Of(p, tt.res)
				cq, _ := cells.Of(q, tt.res)
				if !slicesContains(ix.infoOf(cp).disk, cq) {
					t.Fatalf("%v and %v are %.1f m apart, but %s is not in the k-ring of %s", p, q, spatial.Distance(p, q), cq, cp)
				}
			}
		})
	}
}

func slicesContains(cs []cells.Cell, c cells.Cell) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// spread returns a detector with n people in cases of three across the
// central districts, each member 1 km or more from the others, and each
// person's first fix given; and a second round of fixes, 30 s later, a few
// metres off.
func spread(n int, find int) (*Detector, []wfix) {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	d := New(Options{})
	d.find = find
	var next []wfix
	for i := range n {
		id := fmt.Sprintf("p%d", i)
		d.SetGroup(id, fmt.Sprintf("case%d", i/3))
		home := pointIn(r, central)
		if i%3 != 0 {
			home = spatial.Destination(next[len(next)-1].p, float64(i%3)*120, 1000)
		}
		d.Observe(id, home, t0)
		next = append(next, wfix{id, t0.Add(grain), spatial.Destination(home, r.Float64()*360, 5)})
	}
	return d, next
}

// TestCostDoesNotGrowWithN checks that a fix of someone with no
// co-defendant near examines a number of people that does not grow with
// the number of people (oneself, in practice), where a scan examines them
// all (it is left out at 30,000 people, where it takes seconds).
func TestCostDoesNotGrowWithN(t *testing.T) {
	for _, n := range []int{300, 3000, 30000} {
		t.Run(fmt.Sprint(n, " people"), func(t *testing.T) {
			finds := []int{viaCells, viaScan}
			if n > 3000 {
				finds = finds[:1]
			}
			for _, find := range finds {
				d, round := spread(n, find)
				d.examined = 0
				for _, f := range round {
					d.Observe(f.who, f.p, f.t)
				}
				per := float64(d.examined) / float64(n)
				switch {
				case find == viaCells && per > 1.1:
					t.Errorf("index: %.2f people examined per fix, want about 1 (oneself)", per)
				case find == viaScan && per != float64(n):
					t.Errorf("scan: %.2f people examined per fix, want %d", per, n)
				}
			}
		})
	}
}

// TestCostGrowsWithLocalDensity checks that what a fix examines is the
// co-defendants filed in the cells around it: it grows with how many are
// close by, and strangers of other cases close by, or co-defendants far
// away, do not count.
func TestCostGrowsWithLocalDensity(t *testing.T) {
	tests := []struct {
		name      string
		radius    float64
		near      int     // co-defendants around the first member, besides them
		spacing   float64 // metres between neighbours on a circle of 60 m
		far       int     // co-defendants 3 km away
		strangers int     // people of other cases at the first member's spot
		want      int
	}{
		{name: "alone in one's case: nobody, a case of one cannot gather", radius: 100, want: 0},
		{name: "a thousand strangers at the same spot do not count", radius: 100, far: 1, strangers: 1000, want: 1},
		{name: "co-defendants 3 km away do not count", radius: 100, far: 20, want: 1},
		{name: "one co-defendant near", radius: 20, near: 1, want: 2},
		{name: "nine co-defendants near", radius: 20, near: 9, want: 10},
		{name: "nine co-defendants near and strangers", radius: 20, near: 9, strangers: 1000, want: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Options{Radius: tt.radius})
			add := func(id, group string, p orb.Point) {
				d.SetGroup(id, group)
				d.Observe(id, p, t0)
			}
			// Neighbours on a circle of 60 m around the first member, at
			// least 37 m (more than Radius) from each other and from them.
			add("m0", "c1", jiefangbei)
			for i := range tt.near {
				add(fmt.Sprint("near", i), "c1", spatial.Destination(jiefangbei, float64(i)*36, 60))
			}
			for i := range tt.far {
				add(fmt.Sprint("far", i), "c1", spatial.Destination(jiefangbei, float64(i)*18, 3000))
			}
			for i := range tt.strangers {
				add(fmt.Sprint("s", i), fmt.Sprint("other", i), spatial.Destination(jiefangbei, float64(i), 10))
			}
			d.examined = 0
			d.Observe("m0", jiefangbei, t0.Add(time.Second))
			if d.examined != tt.want {
				t.Errorf("examined %d, want %d", d.examined, tt.want)
			}
		})
	}
}
