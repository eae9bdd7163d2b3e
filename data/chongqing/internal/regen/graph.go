package main

import (
	"container/heap"
	"fmt"
	"math"
)

// graph is the river network: every distinct vertex is a node and every pair of
// consecutive vertices an edge, so that pieces cut at GMT's bin edges join up.
type graph struct {
	pts   [][2]float64
	index map[[2]float64]int
	edges []edge
	adj   [][]int // edge ids at each node
}

type edge struct {
	a, b  int
	level int
	km    float64
}

func newGraph(segs []segment) *graph {
	g := &graph{index: map[[2]float64]int{}}
	node := func(p [2]float64) int {
		if i, ok := g.index[p]; ok {
			return i
		}
		g.index[p] = len(g.pts)
		g.pts = append(g.pts, p)
		g.adj = append(g.adj, nil)
		return len(g.pts) - 1
	}
	seen := map[[2]int]bool{}
	for _, s := range segs {
		for i := 0; i+1 < len(s.pts); i++ {
			a, b := node(s.pts[i]), node(s.pts[i+1])
			k := [2]int{min(a, b), max(a, b)}
			if a == b || seen[k] {
				continue
			}
			seen[k] = true
			id := len(g.edges)
			g.edges = append(g.edges, edge{a: a, b: b, level: s.level, km: distKM(s.pts[i], s.pts[i+1])})
			g.adj[a] = append(g.adj[a], id)
			g.adj[b] = append(g.adj[b], id)
		}
	}
	g.connectEnds()
	return g
}

// maxGapKM is how far a dangling river end may be from another river for the two
// to be joined: WDBII tributaries often stop short of, or beside, the vertices of
// the river they flow into.
const maxGapKM = 1.0

// connectEnds joins every dangling end (a node with one edge) to the nearest node
// of another connected component within maxGapKM, with an edge of the end's level.
func (g *graph) connectEnds() {
	comp := make([]int, len(g.pts))
	for i := range comp {
		comp[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if comp[i] != i {
			comp[i] = find(comp[i])
		}
		return comp[i]
	}
	for _, e := range g.edges {
		comp[find(e.a)] = find(e.b)
	}
	for n := range g.pts {
		if len(g.adj[n]) != 1 {
			continue
		}
		best, bestKM := -1, maxGapKM
		for m, q := range g.pts {
			if len(g.adj[m]) > 0 && find(m) != find(n) {
				if d := distKM(g.pts[n], q); d < bestKM {
					best, bestKM = m, d
				}
			}
		}
		if best < 0 {
			continue
		}
		id := len(g.edges)
		g.edges = append(g.edges, edge{a: n, b: best, level: g.edges[g.adj[n][0]].level, km: bestKM})
		g.adj[n] = append(g.adj[n], id)
		g.adj[best] = append(g.adj[best], id)
		comp[find(n)] = find(best)
	}
}

// distKM is the equirectangular distance in km, accurate at river-vertex spacing.
func distKM(p, q [2]float64) float64 {
	const kmPerDeg = 111.195
	dx := (q[0] - p[0]) * math.Cos((p[1]+q[1])/2*math.Pi/180)
	dy := q[1] - p[1]
	return kmPerDeg * math.Hypot(dx, dy)
}

// other returns the node at the far end of edge e from node n.
func (g *graph) other(e, n int) int {
	if g.edges[e].a == n {
		return g.edges[e].b
	}
	return g.edges[e].a
}

func (g *graph) snap(p [2]float64) (int, error) {
	best, bestKM := -1, math.Inf(1)
	for i, q := range g.pts {
		if len(g.adj[i]) == 0 {
			continue
		}
		if d := distKM(p, q); d < bestKM {
			best, bestKM = i, d
		}
	}
	if best < 0 || bestKM > maxSnapKM {
		return 0, fmt.Errorf("waypoint %v is %.1f km from the nearest river", p, bestKM)
	}
	return best, nil
}

// route returns the edges, in order, of the shortest path through the waypoints.
func (g *graph) route(wps [][2]float64) ([]int, error) {
	var path []int
	prev := -1
	for _, wp := range wps {
		n, err := g.snap(wp)
		if err != nil {
			return nil, err
		}
		if prev >= 0 {
			leg, err := g.shortest(prev, n)
			if err != nil {
				return nil, fmt.Errorf("from %v to %v: %w", g.pts[prev], wp, err)
			}
			path = append(path, leg...)
		}
		prev = n
	}
	return path, nil
}

// shortest runs Dijkstra from node s to node t and returns the edges in order.
func (g *graph) shortest(s, t int) ([]int, error) {
	dist := make([]float64, len(g.pts))
	via := make([]int, len(g.pts))
	for i := range dist {
		dist[i], via[i] = math.Inf(1), -1
	}
	dist[s] = 0
	q := &pq{{s, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(item)
		if it.d > dist[it.n] {
			continue
		}
		if it.n == t {
			break
		}
		for _, e := range g.adj[it.n] {
			m := g.other(e, it.n)
			if d := it.d + g.edges[e].km; d < dist[m] {
				dist[m], via[m] = d, e
				heap.Push(q, item{m, d})
			}
		}
	}
	if math.IsInf(dist[t], 1) {
		return nil, fmt.Errorf("no river path")
	}
	var rev []int
	for n := t; n != s; n = g.other(via[n], n) {
		rev = append(rev, via[n])
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev, nil
}

// join turns an ordered, connected edge path into its vertices.
func (g *graph) join(path []int) [][2]float64 {
	if len(path) == 0 {
		return nil
	}
	e0 := g.edges[path[0]]
	n := e0.a
	if len(path) > 1 && (e0.a == g.edges[path[1]].a || e0.a == g.edges[path[1]].b) {
		n = e0.b
	}
	pts := [][2]float64{g.pts[n]}
	for _, e := range path {
		n = g.other(e, n)
		pts = append(pts, g.pts[n])
	}
	return pts
}

// mainLevel is the level that covers the greatest length of the path.
func (g *graph) mainLevel(path []int) int {
	km := map[int]float64{}
	for _, e := range path {
		km[g.edges[e].level] += g.edges[e].km
	}
	best := 0
	for lv, k := range km {
		if best == 0 || k > km[best] || (k == km[best] && lv < best) {
			best = lv
		}
	}
	return best
}

// chains merges the edges not in skip into maximal polylines of one level, broken
// at junctions, ends and level changes.
func (g *graph) chains(skip map[int]bool) []segment {
	used := make([]bool, len(g.edges))
	for e := range skip {
		used[e] = true
	}
	// next returns the only unused edge of the same level at node n, or -1.
	next := func(n, level int) int {
		found, count := -1, 0
		for _, e := range g.adj[n] {
			if !skip[e] {
				count++
				if !used[e] && g.edges[e].level == level {
					found = e
				}
			}
		}
		if count != 2 {
			return -1
		}
		return found
	}
	var out []segment
	for id, e := range g.edges {
		if used[id] {
			continue
		}
		used[id] = true
		fwd := []int{e.a, e.b}
		for n, x := e.b, next(e.b, e.level); x >= 0; x = next(n, e.level) {
			used[x] = true
			n = g.other(x, n)
			fwd = append(fwd, n)
		}
		var back []int
		for n, x := e.a, next(e.a, e.level); x >= 0; x = next(n, e.level) {
			used[x] = true
			n = g.other(x, n)
			back = append(back, n)
		}
		pts := make([][2]float64, 0, len(back)+len(fwd))
		for i := len(back) - 1; i >= 0; i-- {
			pts = append(pts, g.pts[back[i]])
		}
		for _, n := range fwd {
			pts = append(pts, g.pts[n])
		}
		out = append(out, segment{level: e.level, pts: pts})
	}
	return out
}

type item struct {
	n int
	d float64
}

type pq []item

func (q pq) Len() int           { return len(q) }
func (q pq) Less(i, j int) bool { return q[i].d < q[j].d }
func (q pq) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)        { *q = append(*q, x.(item)) }
func (q *pq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}
