package heat

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// Score returns the materialised score of cell c, at Options.Res or at one
// of Options.Parents, as of its last evaluation (Score.At: the last event
// in it or the last Recompute, whichever is later). It reports false for
// a cell that holds no forest cell of the grid.
func (g *Grid) Score(c cells.Cell) (Score, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if i, ok := g.index[c]; ok {
		return g.scoreOf(ref{-1, i}), true
	}
	for li := range g.levels {
		if i, ok := g.levels[li].index[c]; ok {
			return g.scoreOf(ref{int32(li), i}), true
		}
	}
	return Score{}, false
}

// Cells returns the scores of the cells at resolution res (Options.Res or
// one of Options.Parents) that may overlap bound b: those whose centre
// lies within b grown by more than a cell's radius, so that a map
// viewport is covered to its edges; a few cells beyond them may come too.
// They come in the order the cells were first added. Another resolution
// gives nil.
func (g *Grid) Cells(b orb.Bound, res int) []Score {
	g.mu.RLock()
	defer g.mu.RUnlock()
	m := marginKm(res) / 111.2
	lat := math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])) + m
	b = orb.Bound{
		Min: orb.Point{b.Min[0] - m/math.Max(0.01, math.Cos(lat*math.Pi/180)), b.Min[1] - m},
		Max: orb.Point{b.Max[0] + m/math.Max(0.01, math.Cos(lat*math.Pi/180)), b.Max[1] + m},
	}
	if res == g.o.Res {
		return g.within(b, g.centres, -1)
	}
	for li := range g.levels {
		if g.levels[li].res == res {
			return g.within(b, g.levels[li].centres, int32(li))
		}
	}
	return nil
}

// within returns the scores of the nodes of level li whose centres lie in
// b, counting them first so that the result is allocated once.
func (g *Grid) within(b orb.Bound, centres []orb.Point, li int32) []Score {
	n := 0
	for _, p := range centres {
		if b.Contains(p) {
			n++
		}
	}
	out := make([]Score, 0, n)
	for i, p := range centres {
		if b.Contains(p) {
			out = append(out, g.scoreOf(ref{li, int32(i)}))
		}
	}
	return out
}

// marginKm is more than the largest centre-to-corner distance of an H3
// cell at res near Chongqing: 1.6 times the mean edge length, which is
// 1,281 km at resolution 0 and shrinks by √7 a resolution.
func marginKm(res int) float64 { return 1.6 * 1281.256 / math.Pow(math.Sqrt(7), float64(res)) }

// Districts returns the roll-up of every district with forest cells,
// ranked by mean score, highest first (by code on a tie), from the cells'
// materialised scores.
func (g *Grid) Districts() []District {
	g.mu.RLock()
	defer g.mu.RUnlock()
	type acc struct {
		sum, max float64
		counts   [5]int32
	}
	accs := make([]acc, len(g.districts))
	for i := range accs {
		accs[i].max = -1
	}
	for i := range g.leaves { // in order: a sequential scan
		l := &g.leaves[i]
		a := &accs[l.district]
		a.sum += l.ev.score
		a.max = math.Max(a.max, l.ev.score)
		a.counts[l.ev.class-1]++
	}
	out := make([]District, 0, len(g.districts))
	for di, d := range g.districts {
		n := len(d.leaves)
		if n == 0 {
			continue
		}
		a := &accs[di]
		r := District{Code: d.code, Cells: n, Mean: a.sum / float64(n), Max: a.max, Weather: d.weather,
			Class: int(shareClass(&a.counts, int32(n), g.o.ParentShare))}
		for k := range a.counts {
			r.Shares[k] = float64(a.counts[k]) / float64(n)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b District) int {
		return cmp.Or(cmp.Compare(b.Mean, a.Mean), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// Recompute evaluates every cell at now (or at its own later evaluation
// time), rebuilds the parents from scratch, and forgets idle subjects
// (see Options.Forget). It then returns what Changes would: the cells of
// every resolution whose class changed since they were last reported.
// Decay is exact without it (see decayed); it is what brings the
// materialised scores of the cells without events up to date, so running it
// every minute keeps every score within a minute of now.
func (g *Grid) Recompute(now time.Time) ([]Score, error) {
	t, err := unixNano(now)
	if err != nil {
		return nil, fmt.Errorf("recompute: %w", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.forget(t)
	for i := range g.leaves {
		g.evalLeaf(int32(i), max(t, g.leaves[i].ev.at))
	}
	g.rebuild()
	g.asOf = t
	return g.drain(), nil
}

// Changes returns the cells of every resolution whose class changed since
// they were last reported by Changes or Recompute, each once, with its
// current score: the deltas to push to map clients after a batch of
// events, without waiting for the next Recompute. A class that changed
// and changed back is not reported. Res cells come before parents when
// both changed in one event; otherwise the order is that of the changes.
// The first call reports every cell, as every class changed from none.
func (g *Grid) Changes() []Score {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.drain()
}

func (g *Grid) drain() []Score {
	var out []Score
	for _, r := range g.dirty {
		m, class := g.markOf(r)
		m.queued = false
		if class != m.reported {
			m.reported = class
			out = append(out, g.scoreOf(r))
		}
	}
	g.dirty = g.dirty[:0]
	return out
}

func (g *Grid) markOf(r ref) (*mark, int8) {
	if r.level < 0 {
		l := &g.leaves[r.i]
		return &l.mark, l.ev.class
	}
	a := &g.levels[r.level].nodes[r.i]
	return &a.mark, a.class
}

// scoreOf returns the Score of node r.
func (g *Grid) scoreOf(r ref) Score {
	if r.level < 0 {
		l := &g.leaves[r.i]
		return Score{Cell: l.cell, District: g.districts[l.district].code, Score: l.ev.score, Max: l.ev.score,
			Class: int(l.ev.class), Cells: 1, Fuel: l.ev.p.fuel, Weather: l.ev.p.weather,
			Activity: l.ev.p.activity, Alarms: l.ev.p.alarms, At: timeOf(l.ev.at)}
	}
	a := &g.levels[r.level].nodes[r.i]
	s := Score{Cell: a.cell, Class: int(a.class), Cells: int(a.n), Max: math.Max(a.max, 0), At: timeOf(a.at)}
	if a.n > 0 {
		k := 1 / float64(a.n)
		s.Score = a.score * k
		p := a.sum.scale(k)
		s.Fuel, s.Weather, s.Activity, s.Alarms = p.fuel, p.weather, p.activity, p.alarms
	}
	best := distCount{-1, 0}
	for _, d := range a.dist {
		if d.n > best.n || d.n == best.n && d.n > 0 && g.districts[d.district].code < g.districts[best.district].code {
			best = d
		}
	}
	if best.district >= 0 {
		s.District = g.districts[best.district].code
	}
	return s
}

// Stats describe the grid's size and what it has dropped.
type Stats struct {
	Cells     map[int]int // cells per resolution, Res and parents
	Districts int         // districts with forest cells
	Subjects  int         // subjects whose newest fix is remembered
	LateFixes uint64      // fixes dropped as duplicates or out of order
	AsOf      time.Time   // the last Recompute's time
}

// Stats returns the grid's statistics.
func (g *Grid) Stats() Stats {
	g.mu.RLock()
	defer g.mu.RUnlock()
	s := Stats{Cells: map[int]int{g.o.Res: len(g.leaves)}, Subjects: len(g.subjects), LateFixes: g.late, AsOf: timeOf(g.asOf)}
	for _, lv := range g.levels {
		s.Cells[lv.res] = len(lv.nodes)
	}
	for _, d := range g.districts {
		if len(d.leaves) > 0 {
			s.Districts++
		}
	}
	return s
}

// ClassAt returns the danger class of the forest cell holding p, or 0 when
// p is not in the grid's forest (or not a valid point). Rules use it to
// adapt their thresholds to the danger where a sensor looks.
func (g *Grid) ClassAt(p orb.Point) int {
	c, err := cells.Of(p, g.o.Res)
	if err != nil {
		return 0
	}
	s, ok := g.Score(c)
	if !ok {
		return 0
	}
	return s.Class
}
