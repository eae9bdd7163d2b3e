package sim

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

// The road network covers the central districts, from 北碚 to 巴南, with
// junctions about roadSpacing metres apart.
var roadArea = orb.Bound{Min: orb.Point{106.25, 29.35}, Max: orb.Point{106.95, 29.90}}

const (
	roadSpacing = 700.0
	// riverBank keeps junctions off the water: the districts' boundaries
	// run down the middle of the rivers, which are 300–600 m wide here.
	riverBank = 200.0
	// jiangbeiCode is 江北区, where the official cars must stay.
	jiangbeiCode = "500105"
)

// graph is the generated road network.
type graph struct {
	pts  []orb.Point
	adj  [][]link
	inJB []bool   // junction inside 江北区
	code []string // each junction's district
	// compAll and compJB are each junction's connected component over all
	// links and over the links inside 江北区 (-1 outside it); mainAll and
	// mainJB are the largest of each.
	compAll, compJB []int32
	mainAll, mainJB int32
	// at finds a grid junction by its row and column (-1 where none).
	at     []int32
	nx, ny int
	dLon   float64
	dLat   float64
	jb     *shape
	// districts are the districts' shapes, for telling which side of a
	// river a point is on.
	districts []district
}

type district struct {
	code  string
	shape *shape
}

// link is a road from one junction to another.
type link struct {
	to     int32
	length float64 // metres
	speed  float64 // km/h
	inJB   bool    // wholly inside 江北区
}

// buildGraph makes the road network for seed over the districts ds.
func buildGraph(seed uint64, ds []chongqing.District) *graph {
	r := stream(seed, "roads")
	g := &graph{jb: newShape(orb.MultiPolygon{})}
	for i := range ds {
		s := newShape(ds[i].Geometry)
		g.districts = append(g.districts, district{ds[i].Code, s})
		if ds[i].Code == jiangbeiCode {
			g.jb = s
		}
	}
	mid := (roadArea.Min[1] + roadArea.Max[1]) / 2
	g.dLat = roadSpacing / spatial.MetresPerDegree
	g.dLon = g.dLat / math.Cos(mid*math.Pi/180)
	g.nx = int((roadArea.Max[0]-roadArea.Min[0])/g.dLon) + 1
	g.ny = int((roadArea.Max[1]-roadArea.Min[1])/g.dLat) + 1
	g.at = make([]int32, g.nx*g.ny)
	for j := 0; j < g.ny; j++ {
		for i := 0; i < g.nx; i++ {
			g.at[j*g.nx+i] = -1
			p := orb.Point{roadArea.Min[0] + (float64(i)+0.5+uniform(r, -0.3, 0.3))*g.dLon,
				roadArea.Min[1] + (float64(j)+0.5+uniform(r, -0.3, 0.3))*g.dLat}
			code := g.district(p)
			if code == "" || g.nearRiver(p, code, riverBank) {
				continue
			}
			g.at[j*g.nx+i] = int32(len(g.pts))
			g.pts = append(g.pts, p)
			g.code = append(g.code, code)
			g.inJB = append(g.inJB, g.jb.contains(p))
		}
	}
	g.adj = make([][]link, len(g.pts))
	g.gridLinks(r)
	g.bridgeLinks()
	g.compAll, g.mainAll = g.components(func(link) bool { return true })
	g.compJB, g.mainJB = g.components(func(l link) bool { return l.inJB })
	return g
}

// gridLinks joins each junction to its east and north neighbours, and
// some cells across one diagonal; arterials run along every fourth row and
// column.
func (g *graph) gridLinks(r *rand.Rand) {
	for j := 0; j < g.ny; j++ {
		for i := 0; i < g.nx; i++ {
			a := g.node(i, j)
			if a < 0 {
				continue
			}
			if b := g.node(i+1, j); b >= 0 && r.Float64() > 0.08 {
				g.join(a, b, streetSpeed(r, j%4 == 0))
			}
			if b := g.node(i, j+1); b >= 0 && r.Float64() > 0.08 {
				g.join(a, b, streetSpeed(r, i%4 == 0))
			}
			if r.Float64() < 0.3 {
				if r.IntN(2) == 0 {
					if b := g.node(i+1, j+1); b >= 0 {
						g.join(a, b, uniform(r, 40, 50))
					}
				} else if c, d := g.node(i+1, j), g.node(i, j+1); c >= 0 && d >= 0 {
					g.join(c, d, uniform(r, 40, 50))
				}
			}
		}
	}
}

// streetSpeed returns the speed of a street or, for an arterial, a main road.
func streetSpeed(r *rand.Rand, arterial bool) float64 {
	if arterial {
		return uniform(r, 50, 60)
	}
	return uniform(r, 30, 40)
}

// node returns the junction at grid column i and row j (-1 for none).
func (g *graph) node(i, j int) int32 {
	if i < 0 || j < 0 || i >= g.nx || j >= g.ny {
		return -1
	}
	return g.at[j*g.nx+i]
}

// join links a and b both ways unless the road would cross a big river.
func (g *graph) join(a, b int32, speed float64) {
	pa, pb := g.pts[a], g.pts[b]
	if g.code[a] != g.code[b] && g.crosses(pa, pb) {
		return
	}
	l := link{length: spatial.Distance(pa, pb), speed: speed}
	l.inJB = g.inJB[a] && g.inJB[b] && g.jb.segmentInside(pa, pb)
	l.to = b
	g.adj[a] = append(g.adj[a], l)
	l.to = a
	g.adj[b] = append(g.adj[b], l)
}

// components labels the connected components over the links keep allows
// and returns the labels and the largest one. Junctions with no such link
// form components of their own.
func (g *graph) components(keep func(link) bool) ([]int32, int32) {
	comp := make([]int32, len(g.pts))
	for i := range comp {
		comp[i] = -1
	}
	var sizes []int
	for s := range g.pts {
		if comp[s] >= 0 {
			continue
		}
		id := int32(len(sizes))
		comp[s] = id
		stack, n := []int32{int32(s)}, 0
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n++
			for _, l := range g.adj[v] {
				if keep(l) && comp[l.to] < 0 {
					comp[l.to] = id
					stack = append(stack, l.to)
				}
			}
		}
		sizes = append(sizes, n)
	}
	best := int32(0)
	for i, n := range sizes {
		if n > sizes[best] {
			best = int32(i)
		}
	}
	return comp, best
}

// near returns the junctions within radius metres of p, nearest first.
func (g *graph) near(p orb.Point, radius float64) []int32 {
	ci := int((p[0] - roadArea.Min[0]) / g.dLon)
	cj := int((p[1] - roadArea.Min[1]) / g.dLat)
	k := int(radius/roadSpacing) + 2
	var out []int32
	var ds []float64
	for j := cj - k; j <= cj+k; j++ {
		for i := ci - k; i <= ci+k; i++ {
			if n := g.node(i, j); n >= 0 {
				if d := spatial.Distance(p, g.pts[n]); d <= radius {
					out = append(out, n)
					ds = append(ds, d)
				}
			}
		}
	}
	// Insertion sort: the lists are short, and it keeps ties in grid order.
	for a := 1; a < len(out); a++ {
		for b := a; b > 0 && ds[b] < ds[b-1]; b-- {
			out[b], out[b-1], ds[b], ds[b-1] = out[b-1], out[b], ds[b-1], ds[b]
		}
	}
	return out
}
