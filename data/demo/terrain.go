package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Terrain is a smooth pseudo-elevation over Chongqing, since the demo ships
// no elevation data. It follows the real relief in the large: low hills of
// the Sichuan Basin in the west (300–700 m) crossed by the NNE-trending
// parallel ridges (华蓥山, 铜锣山, 明月山, 缙云山), the Daba mountains along
// the north-east border (城口, 巫溪, 巫山, up to about 2,700 m), the Wuling
// mountains in the south-east (酉阳, 秀山, 彭水, 石柱), 大娄山 along the
// southern border with 金佛山, and 仙女山 in 武隆. Seeded value-noise
// octaves add hills and valleys on top. Elevations are in metres, in
// [200, 2700].
type Terrain struct {
	seed    uint64
	octaves []octave
}

// octave is one layer of value noise: a lattice of cell degrees, turned by
// an angle and shifted so that octaves do not line up, and an amplitude.
type octave struct {
	cell, sin, cos, dx, dy, amp float64
}

// ridge is a mountain range: a raised band along the segment a–b whose
// height falls off as a Gaussian of the distance to it (sigma, in degrees).
type ridge struct {
	a, b   orb.Point
	height float64
	sigma  float64
}

// ranges are the main mountain ranges, roughly where they are.
var ranges = []ridge{
	{orb.Point{108.2, 32.05}, orb.Point{110.2, 31.35}, 1900, 0.30}, // 大巴山 (城口, 巫溪, 巫山)
	{orb.Point{108.4, 31.45}, orb.Point{109.4, 31.25}, 900, 0.20},  // 开州-巫溪 ridges
	{orb.Point{108.0, 30.30}, orb.Point{109.1, 28.30}, 1150, 0.32}, // 武陵山, 七曜山 (石柱-酉阳-秀山)
	{orb.Point{108.4, 30.85}, orb.Point{109.7, 30.60}, 750, 0.22},  // 七曜山 north (云阳, 奉节)
	{orb.Point{106.3, 28.55}, orb.Point{107.5, 28.95}, 900, 0.20},  // 大娄山 (綦江, 万盛, 南川)
	{orb.Point{107.1, 29.05}, orb.Point{107.3, 29.05}, 1100, 0.10}, // 金佛山
	{orb.Point{107.6, 29.35}, orb.Point{107.9, 29.50}, 1100, 0.12}, // 仙女山, 白马山 (武隆)
	{orb.Point{106.2, 28.55}, orb.Point{106.5, 28.65}, 800, 0.10},  // 四面山 (江津)
}

// NewTerrain returns the pseudo-terrain of seed.
func NewTerrain(seed uint64) *Terrain {
	r := rand.New(rand.NewPCG(seed, 0x7e77a1))
	t := &Terrain{seed: seed}
	for _, o := range []struct{ cell, amp float64 }{{0.5, 230}, {0.25, 150}, {0.12, 100}, {0.06, 60}, {0.03, 35}, {0.015, 18}} {
		a := r.Float64() * 2 * math.Pi
		t.octaves = append(t.octaves, octave{cell: o.cell, sin: math.Sin(a), cos: math.Cos(a),
			dx: r.Float64() * 100, dy: r.Float64() * 100, amp: o.amp})
	}
	return t
}

// Elevation returns the pseudo-elevation at p in metres.
func (t *Terrain) Elevation(p orb.Point) float64 {
	mountain := 0.0
	for _, rg := range ranges {
		d := segmentDistance(p, rg.a, rg.b)
		mountain += rg.height * math.Exp(-d*d/(2*rg.sigma*rg.sigma))
	}
	// The parallel ridges of the east Sichuan fold belt, west of about 108°E:
	// narrow NNE-trending crests about 0.35° apart.
	u := (p[0]-106.0)*math.Cos(0.45) - (p[1]-29.5)*math.Sin(0.45)
	fold := math.Pow(math.Max(0, math.Cos(2*math.Pi*u/0.35)), 6) * 450 / (1 + math.Exp((p[0]-108.0)*6))
	// Hills are rougher where the ground is higher.
	rough := 0.6 + math.Min(mountain, 1500)/1500
	noise := 0.0
	for i, o := range t.octaves {
		x := (p[0]*o.cos-p[1]*o.sin)/o.cell + o.dx
		y := (p[0]*o.sin+p[1]*o.cos)/o.cell + o.dy
		noise += o.amp * t.valueNoise(uint64(i), x, y)
	}
	h := 380 + mountain + fold + rough*noise
	return math.Max(200, math.Min(2700, h))
}

// valueNoise interpolates seeded random values in [-1, 1] at the integer
// lattice points around (x, y) with a smoothstep, which is smooth and has
// no regular peaks.
func (t *Terrain) valueNoise(octave uint64, x, y float64) float64 {
	xf, yf := math.Floor(x), math.Floor(y)
	xi, yi := int64(xf), int64(yf)
	fx, fy := x-xf, y-yf
	sx, sy := fx*fx*(3-2*fx), fy*fy*(3-2*fy)
	v00, v10 := t.lattice(octave, xi, yi), t.lattice(octave, xi+1, yi)
	v01, v11 := t.lattice(octave, xi, yi+1), t.lattice(octave, xi+1, yi+1)
	a := v00 + (v10-v00)*sx
	b := v01 + (v11-v01)*sx
	return a + (b-a)*sy
}

// lattice returns the seeded value in [-1, 1] of one lattice point
// (a splitmix64 hash of the seed, octave and coordinates).
func (t *Terrain) lattice(octave uint64, x, y int64) float64 {
	z := t.seed ^ octave*0x9e3779b97f4a7c15 ^ uint64(x)*0xbf58476d1ce4e5b9 ^ uint64(y)*0x94d049bb133111eb
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11)/float64(1<<53)*2 - 1
}

// segmentDistance returns the planar distance in degrees (longitude scaled
// by cos 30°) from p to the segment a–b.
func segmentDistance(p, a, b orb.Point) float64 {
	const kx = 0.866
	ax, ay := (a[0]-p[0])*kx, a[1]-p[1]
	bx, by := (b[0]-p[0])*kx, b[1]-p[1]
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

// climb walks from p uphill over points ok accepts: at each step it looks
// at eight neighbours step metres away and moves to the highest if it is
// higher, halving the step when none is. It returns the point reached and
// its elevation.
func (t *Terrain) climb(p orb.Point, ok func(orb.Point) bool, step float64, steps int) (orb.Point, float64) {
	h := t.Elevation(p)
	for i := 0; i < steps && step > 20; i++ {
		best, bestH := p, h
		for k := 0; k < 8; k++ {
			q := offset(p, float64(k)*45, step)
			if qh := t.Elevation(q); qh > bestH && ok(q) {
				best, bestH = q, qh
			}
		}
		if best == p {
			step /= 2
			continue
		}
		p, h = best, bestH
	}
	return p, h
}
