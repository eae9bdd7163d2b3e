package sim

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// riverBorders are the pairs of districts the Yangtze or the Jialing
// separates in the network's area: a road from one to the other needs a
// bridge. (The river lines of the basemap are too coarse here: they run
// through 观音桥.)
var riverBorders = map[[2]string]bool{
	{"500103", "500105"}: true, {"500105", "500106"}: true, {"500106", "500112"}: true, // Jialing
	{"500105", "500108"}: true, {"500103", "500108"}: true, {"500107", "500108"}: true, // Yangtze
	{"500107", "500113"}: true, {"500104", "500113"}: true,
}

// bridges are the road bridges over the Yangtze and the Jialing in the
// network's area, with rough coordinates of their middles.
var bridges = []struct {
	name string
	p    orb.Point
}{
	{"嘉陵江大桥", orb.Point{106.545, 29.568}}, {"黄花园大桥", orb.Point{106.566, 29.567}},
	{"千厮门大桥", orb.Point{106.578, 29.566}}, {"红岩村大桥", orb.Point{106.518, 29.567}},
	{"石门大桥", orb.Point{106.505, 29.580}}, {"高家花园大桥", orb.Point{106.465, 29.592}},
	{"双碑大桥", orb.Point{106.445, 29.620}}, {"朝天门长江大桥", orb.Point{106.600, 29.572}},
	{"东水门长江大桥", orb.Point{106.586, 29.559}}, {"石板坡长江大桥", orb.Point{106.565, 29.545}},
	{"菜园坝长江大桥", orb.Point{106.545, 29.540}}, {"鹅公岩大桥", orb.Point{106.525, 29.515}},
	{"李家沱长江大桥", orb.Point{106.530, 29.470}}, {"马桑溪大桥", orb.Point{106.470, 29.440}},
	{"大佛寺长江大桥", orb.Point{106.610, 29.580}}, {"寸滩长江大桥", orb.Point{106.640, 29.590}},
	{"鱼洞长江大桥", orb.Point{106.530, 29.400}}, {"郭家沱长江大桥", orb.Point{106.665, 29.603}},
	{"蔡家嘉陵江大桥", orb.Point{106.475, 29.700}}, {"北碚嘉陵江大桥", orb.Point{106.430, 29.830}},
}

// bridgeLinks adds a link over the river at each bridge: the shortest one
// between junctions near it that crosses the river.
func (g *graph) bridgeLinks() {
	for _, br := range bridges {
		near := g.near(br.p, 2500)
		best, bestA, bestB := math.Inf(1), int32(-1), int32(-1)
		for _, a := range near {
			for _, b := range near {
				if a >= b || !g.riverBorder(g.code[a], g.code[b]) || spatial.Distance(g.pts[a], g.pts[b]) > 2000 {
					continue
				}
				if d := spatial.Distance(g.pts[a], br.p) + spatial.Distance(g.pts[b], br.p); d < best {
					best, bestA, bestB = d, a, b
				}
			}
		}
		if bestA >= 0 {
			g.adj[bestA] = append(g.adj[bestA], link{to: bestB, length: spatial.Distance(g.pts[bestA], g.pts[bestB]), speed: 50})
			g.adj[bestB] = append(g.adj[bestB], link{to: bestA, length: spatial.Distance(g.pts[bestA], g.pts[bestB]), speed: 50})
		}
	}
}

// crosses reports whether the segment a–b crosses the Yangtze or the
// Jialing where they part two districts: whether, tested every 100 m, it
// steps from one district to the other of a river border.
func (g *graph) crosses(a, b orb.Point) bool {
	n := int(spatial.Distance(a, b)/100) + 1
	prev := g.district(a)
	for i := 1; i <= n; i++ {
		c := g.district(lerp(a, b, float64(i)/float64(n)))
		if g.riverBorder(prev, c) {
			return true
		}
		if c != "" {
			prev = c
		}
	}
	return false
}

// riverBorder reports whether a river parts districts a and b.
func (g *graph) riverBorder(a, b string) bool {
	return riverBorders[[2]string{a, b}] || riverBorders[[2]string{b, a}]
}

// nearRiver reports whether a river border of district code is within r
// metres of p (looking in eight directions).
func (g *graph) nearRiver(p orb.Point, code string, r float64) bool {
	for k := range 8 {
		if c := g.district(spatial.Destination(p, float64(k)*45, r)); c != code && g.riverBorder(code, c) {
			return true
		}
	}
	return false
}

// inland reports whether p is on land in a district, at least r metres
// from a river that parts it from another.
func (g *graph) inland(p orb.Point, r float64) bool {
	code := g.district(p)
	return code != "" && !g.nearRiver(p, code, r)
}

// district returns the code of the first district whose own polygon
// holds p ("" for none).
func (g *graph) district(p orb.Point) string {
	for _, d := range g.districts {
		if d.shape.contains(p) {
			return d.code
		}
	}
	return ""
}
