package heat

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// addLeaf appends the leaf c and links it under its parents (chain, in the
// order of g.levels), creating the parents it is the first cell of.
func (g *Grid) addLeaf(c cells.Cell, centre orb.Point, chain []cells.Cell) int32 {
	i := int32(len(g.leaves))
	g.leaves = append(g.leaves, leaf{cell: c, district: -1, parent: -1})
	g.centres = append(g.centres, centre)
	g.index[c] = i
	child := i
	for li := range g.levels {
		lv := &g.levels[li]
		p, exists := lv.index[chain[li]]
		if !exists {
			p = int32(len(lv.nodes))
			lv.nodes = append(lv.nodes, agg{cell: chain[li], parent: -1, max: -1})
			lv.centres = append(lv.centres, chain[li].Center())
			lv.index[chain[li]] = p
		}
		lv.nodes[p].children = append(lv.nodes[p].children, child)
		if li == 0 {
			g.leaves[child].parent = p
		} else {
			g.levels[li-1].nodes[child].parent = p
		}
		if exists {
			break // the parent is linked upwards already
		}
		child = p
	}
	return i
}

// moveLeaf puts leaf i into district d, and counts it there in its
// parents.
func (g *Grid) moveLeaf(i, d int32) {
	l := &g.leaves[i]
	old := l.district
	if old == d {
		return
	}
	if old >= 0 {
		ls := g.districts[old].leaves
		k := slices.Index(ls, i)
		ls[k] = ls[len(ls)-1]
		g.districts[old].leaves = ls[:len(ls)-1]
	}
	g.districts[d].leaves = append(g.districts[d].leaves, i)
	l.district = d
	for li, p := 0, l.parent; p >= 0 && li < len(g.levels); li++ {
		a := &g.levels[li].nodes[p]
		a.dist = countDistrict(a.dist, old, -1)
		a.dist = countDistrict(a.dist, d, +1)
		p = a.parent
	}
}

func countDistrict(ds []distCount, d, delta int32) []distCount {
	if d < 0 {
		return ds
	}
	for k := range ds {
		if ds[k].district == d {
			ds[k].n += delta
			return ds
		}
	}
	return append(ds, distCount{d, delta})
}

// evalLeaf evaluates leaf i at time at (Unix ns), stores the result,
// queues the leaf if its class changed, and returns the evaluation it
// replaced.
func (g *Grid) evalLeaf(i int32, at int64) (old eval) {
	l := &g.leaves[i]
	w := &g.o.Weights
	p := parts{
		fuel:     l.fuel,
		weather:  g.districts[l.district].weather,
		activity: saturate(l.presence.at(at, g.o.ActivityHalfLife), w.ActivityScale.Seconds()),
		alarms:   saturate(l.alarms.at(at, g.o.AlarmHalfLife), w.AlarmScale),
	}
	ev := eval{p: p, score: combine(p, *w), at: at}
	ev.class = classOf(ev.score)
	old, l.ev = l.ev, ev
	if ev.class != old.class {
		g.queue(ref{-1, i}, &l.mark)
	}
	return old
}

// evaluate evaluates leaf i at time at and carries the change up through
// its parents: sums and class counts by the difference, the maximum by
// comparison, rescanning a parent's children only when its maximum fell.
// That is a handful of additions per level and at most seven reads on a
// rescan, so an event costs microseconds whatever the size of the grid.
func (g *Grid) evaluate(i int32, at int64) {
	old := g.evalLeaf(i, at)
	nw := g.leaves[i].ev
	dn := int32(0)
	oldMax := -1.0
	if old.class == 0 {
		dn = 1
	} else {
		oldMax = old.score
	}
	newMax := nw.score
	for li, p := 0, g.leaves[i].parent; p >= 0 && li < len(g.levels); li++ {
		a := &g.levels[li].nodes[p]
		a.n += dn
		a.score += nw.score - old.score
		a.sum.add(nw.p, 1)
		a.sum.add(old.p, -1)
		if old.class > 0 {
			a.counts[old.class-1]--
		}
		a.counts[nw.class-1]++
		a.at = max(a.at, nw.at)
		prev := a.max
		if newMax >= a.max {
			a.max = newMax
		} else if oldMax == a.max {
			a.max = g.childMax(li, p)
		}
		g.classify(li, p)
		oldMax, newMax = prev, a.max
		p = a.parent
	}
}

// childMax returns the highest score among the cells under parent p of
// level li, from its children.
func (g *Grid) childMax(li int, p int32) float64 {
	m := -1.0
	for _, c := range g.levels[li].nodes[p].children {
		if li == 0 {
			if l := &g.leaves[c]; l.ev.class > 0 {
				m = math.Max(m, l.ev.score)
			}
		} else {
			m = math.Max(m, g.levels[li-1].nodes[c].max)
		}
	}
	return m
}

// classify sets the class of parent p of level li from its class counts,
// and queues it if the class changed.
func (g *Grid) classify(li int, p int32) {
	a := &g.levels[li].nodes[p]
	if c := shareClass(&a.counts, a.n, g.o.ParentShare); c != a.class {
		a.class = c
		g.queue(ref{int32(li), p}, &a.mark)
	}
}

// rebuild recomputes every parent from the leaves' evaluations, from
// scratch, so that the sums carried by evaluate do not drift.
func (g *Grid) rebuild() {
	for li := range g.levels {
		for j := range g.levels[li].nodes {
			a := &g.levels[li].nodes[j]
			a.n, a.score, a.sum, a.max, a.counts, a.at = 0, 0, parts{}, -1, [5]int32{}, 0
		}
	}
	if len(g.levels) == 0 {
		return
	}
	for i := range g.leaves {
		l := &g.leaves[i]
		if l.parent < 0 || l.ev.class == 0 {
			continue
		}
		a := &g.levels[0].nodes[l.parent]
		a.n++
		a.score += l.ev.score
		a.sum.add(l.ev.p, 1)
		a.max = math.Max(a.max, l.ev.score)
		a.counts[l.ev.class-1]++
		a.at = max(a.at, l.ev.at)
	}
	for li := range g.levels {
		for j := range g.levels[li].nodes {
			g.classify(li, int32(j))
			a := &g.levels[li].nodes[j]
			if a.parent < 0 || li+1 == len(g.levels) {
				continue
			}
			up := &g.levels[li+1].nodes[a.parent]
			up.n += a.n
			up.score += a.score
			up.sum.add(a.sum, 1)
			up.max = math.Max(up.max, a.max)
			for k := range a.counts {
				up.counts[k] += a.counts[k]
			}
			up.at = max(up.at, a.at)
		}
	}
}

// queue records that node r's class changed, for Changes.
func (g *Grid) queue(r ref, m *mark) {
	if !m.queued {
		m.queued = true
		g.dirty = append(g.dirty, r)
	}
}
