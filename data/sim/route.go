package sim

import (
	"container/heap"
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// accessSpeed is the speed, in km/h, from a place to its junction.
const accessSpeed = 20

// route is a way along the roads: a polyline with a speed for each leg.
type route struct {
	pts    []orb.Point
	speeds []float64 // km/h of the leg from pts[i] to pts[i+1]
}

// plan finds the quickest route from a to b. A local route stays inside
// 江北区: its access legs and links all lie inside it. It reports false
// when a or b is too far from a junction it may use.
func (g *graph) plan(a, b orb.Point, local bool) (route, bool) {
	from, ok1 := g.access(a, local)
	to, ok2 := g.access(b, local)
	if !ok1 || !ok2 {
		return route{}, false
	}
	nodes, ok := g.shortest(from, to, local)
	if !ok {
		return route{}, false
	}
	rt := route{pts: []orb.Point{a}}
	speed := float64(accessSpeed)
	for i, n := range nodes {
		rt.pts = append(rt.pts, g.pts[n])
		rt.speeds = append(rt.speeds, speed)
		if i+1 < len(nodes) {
			speed = g.linkSpeed(n, nodes[i+1], local)
		}
	}
	rt.pts = append(rt.pts, b)
	rt.speeds = append(rt.speeds, accessSpeed)
	return rt, true
}

// access returns the nearest junction of the main network (of 江北区, for
// a local route) that p can reach in a straight line without crossing a
// river or, for a local route, leaving 江北区.
func (g *graph) access(p orb.Point, local bool) (int32, bool) {
	if local && !g.jb.contains(p) {
		return -1, false
	}
	for _, n := range g.near(p, 1500) {
		switch {
		case local && g.compJB[n] != g.mainJB, !local && g.compAll[n] != g.mainAll:
		case g.crosses(p, g.pts[n]):
		case local && !g.jb.segmentInside(p, g.pts[n]):
		default:
			return n, true
		}
	}
	return -1, false
}

// linkSpeed returns the speed of the link from a to b.
func (g *graph) linkSpeed(a, b int32, local bool) float64 {
	best := 0.0
	for _, l := range g.adj[a] {
		if l.to == b && (!local || l.inJB) {
			best = math.Max(best, l.speed)
		}
	}
	return best
}

// shortest returns the quickest chain of junctions from a to b, over the
// links inside 江北区 only when local.
func (g *graph) shortest(a, b int32, local bool) ([]int32, bool) {
	cost := make([]float64, len(g.pts))
	prev := make([]int32, len(g.pts))
	for i := range cost {
		cost[i], prev[i] = math.Inf(1), -1
	}
	cost[a] = 0
	q := &queue{{a, 0}}
	for q.Len() > 0 {
		it := heap.Pop(q).(entry)
		if it.n == b {
			break
		}
		if it.cost > cost[it.n] {
			continue
		}
		for _, l := range g.adj[it.n] {
			if local && !l.inJB {
				continue
			}
			if c := it.cost + l.length/l.speed; c < cost[l.to] {
				cost[l.to], prev[l.to] = c, it.n
				heap.Push(q, entry{l.to, c})
			}
		}
	}
	if math.IsInf(cost[b], 1) {
		return nil, false
	}
	var out []int32
	for n := b; n >= 0; n = prev[n] {
		out = append(out, n)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, true
}

type entry struct {
	n    int32
	cost float64
}

// queue is a min-heap of junctions by cost.
type queue []entry

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q[i].cost < q[j].cost }
func (q queue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)        { *q = append(*q, x.(entry)) }
func (q *queue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// mover follows a route.
type mover struct {
	rt     route
	leg    int
	along  float64 // metres along the current leg
	factor float64 // how fast this driver goes, relative to the road
}

// advance moves dt seconds along the route at the road's speed times the
// driver's factor, kept within [lo, hi] km/h. It returns the new position,
// the heading and speed of the leg it is on, and whether the route is done.
func (m *mover) advance(dt, lo, hi float64) (p orb.Point, heading, speed float64, done bool) {
	for m.leg+1 < len(m.rt.pts) {
		a, b := m.rt.pts[m.leg], m.rt.pts[m.leg+1]
		length := spatial.Distance(a, b)
		speed = math.Max(lo, math.Min(hi, m.rt.speeds[m.leg]*m.factor))
		heading = spatial.Bearing(a, b)
		step := speed / 3.6 * dt
		if m.along+step < length {
			m.along += step
			return lerp(a, b, m.along/length), heading, speed, false
		}
		dt -= (length - m.along) / (speed / 3.6)
		m.leg++
		m.along = 0
	}
	return m.rt.pts[len(m.rt.pts)-1], heading, 0, true
}

// length returns the route's length in metres.
func (rt route) length() float64 {
	d := 0.0
	for i := 0; i+1 < len(rt.pts); i++ {
		d += spatial.Distance(rt.pts[i], rt.pts[i+1])
	}
	return d
}
