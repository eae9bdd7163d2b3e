package gather

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// The benchmark's world, built from a fixed seed: 2,300 people under
// supervision in 渝中区 (Yuzhong), in 800 cases of two to five
// co-defendants, each sending a fix every 30 s. Most walk about their own
// homes, far from their co-defendants; the members of one case in twenty
// walk about a shared spot and keep meeting, so that gatherings start and
// end. A Tick follows every round of fixes, as the custody layer's would.
// The index is compared with the naive search — every person for every
// fix, O(N²) a round — and with a scan of one's own case.

const (
	benchPeople = 2300
	benchPath   = 64 // fixes per person before their path repeats
)

var (
	yuzhong    = orb.Bound{Min: orb.Point{106.49, 29.535}, Max: orb.Point{106.595, 29.575}}
	benchSizes = []int{2, 3, 2, 4, 3, 2, 5, 2} // 2.875 on average: 800 cases
)

// benchWorld is the detector under test and where it is in the world.
type benchWorld struct {
	d     *Detector
	ids   []string
	paths [][]orb.Point
	step  int // fixes given so far, so that time only moves forward
}

// newBenchWorld builds the world for candidate search find and gives it
// two rounds of fixes, so that the cells are cached and the groups settled.
func newBenchWorld(find int) *benchWorld {
	r := rand.New(rand.NewPCG(2026, 1123))
	w := &benchWorld{d: New(Options{})}
	w.d.find = find
	for c := 0; len(w.ids) < benchPeople; c++ {
		size := min(benchSizes[c%len(benchSizes)], benchPeople-len(w.ids))
		spot := pointIn(r, yuzhong)
		for range size {
			id := "person-" + strconv.Itoa(len(w.ids))
			home := spot
			if c%20 != 0 {
				home = pointIn(r, yuzhong)
			}
			w.d.SetGroup(id, "case-"+strconv.Itoa(c))
			w.ids = append(w.ids, id)
			w.paths = append(w.paths, benchWalk(r, home))
		}
	}
	for range 2 * benchPeople {
		w.next()
	}
	return w
}

// next gives the world's next fix: people in turn, 30 s apart each, a
// millisecond apart within a round, and a Tick after each round. It
// returns the number of events raised.
func (w *benchWorld) next() int {
	s, k := w.step%benchPeople, w.step/benchPeople
	w.step++
	round := t0.Add(time.Duration(k) * 30 * time.Second)
	n := len(w.d.Observe(w.ids[s], w.paths[s][k%benchPath], round.Add(time.Duration(s)*time.Millisecond)))
	if s == benchPeople-1 {
		n += len(w.d.Tick(round.Add(29 * time.Second)))
	}
	return n
}

// benchWalk returns a path of benchPath points about home: out on a
// meandering course of steps of 5–40 m and back the same way.
func benchWalk(r *rand.Rand, home orb.Point) []orb.Point {
	path := make([]orb.Point, benchPath)
	p, heading := spatial.Destination(home, r.Float64()*360, r.Float64()*30), r.Float64()*360
	for i := range benchPath / 2 {
		path[i] = p
		heading += r.NormFloat64() * 40
		p = spatial.Destination(p, heading, 5+r.Float64()*35)
	}
	for i := benchPath / 2; i < benchPath; i++ {
		path[i] = path[benchPath-1-i]
	}
	return path
}

func BenchmarkObserve(b *testing.B) {
	modes := []struct {
		name string
		find int
	}{{"index", viaCells}, {"naive", viaScan}, {"case", viaCase}}
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			w := newBenchWorld(m.find)
			w.d.examined = 0
			b.ReportAllocs()
			for b.Loop() {
				w.next()
			}
			b.ReportMetric(float64(w.d.examined)/float64(b.N), "examined/op")
		})
	}
}
