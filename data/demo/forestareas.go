package demo

import (
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// forestCover is roughly how forested each district is, 0–1: nothing in
// 渝中, little in the other central urban districts, most in the mountain
// counties of the north-east and south-east. Camera and ranger numbers go
// with area × cover².
var forestCover = map[string]float64{
	"500101": 0.55, "500102": 0.50, "500103": 0.00, "500104": 0.03, "500105": 0.08,
	"500106": 0.12, "500107": 0.08, "500108": 0.12, "500109": 0.60, "500110": 0.60,
	"500111": 0.30, "500112": 0.40, "500113": 0.45, "500114": 0.90, "500115": 0.35,
	"500116": 0.55, "500117": 0.30, "500118": 0.45, "500119": 0.90, "500120": 0.35,
	"500151": 0.30, "500152": 0.20, "500153": 0.25, "500154": 0.85, "500155": 0.45,
	"500156": 0.95, "500229": 1.00, "500230": 0.60, "500231": 0.30, "500233": 0.45,
	"500235": 0.60, "500236": 0.90, "500237": 0.95, "500238": 1.00, "500240": 0.95,
	"500241": 0.85, "500242": 0.95, "500243": 0.90,
}

// forestArea is a named forest or scenic area where detectors cluster. The
// coordinates of the real ones are approximate (to a few kilometres); they
// are moved onto their district's land if they fall outside it.
type forestArea struct {
	name   string
	code   string
	p      orb.Point
	weight float64 // relative size: how many detectors it gets
}

// realForestAreas are real forest parks, reserves and scenic areas.
var realForestAreas = []forestArea{
	{"缙云山", "500109", orb.Point{106.385, 29.835}, 3}, {"金刀峡", "500109", orb.Point{106.575, 30.005}, 1.5},
	{"歌乐山", "500106", orb.Point{106.395, 29.560}, 2}, {"中梁山", "500106", orb.Point{106.405, 29.620}, 1},
	{"铁山坪", "500105", orb.Point{106.700, 29.612}, 1.5}, {"鸿恩寺", "500105", orb.Point{106.528, 29.590}, 0.5},
	{"南山", "500108", orb.Point{106.625, 29.545}, 2}, {"华岩", "500107", orb.Point{106.440, 29.470}, 0.5},
	{"金佛山", "500119", orb.Point{107.190, 29.030}, 4}, {"山王坪", "500119", orb.Point{107.300, 28.960}, 1.5},
	{"神龙峡", "500119", orb.Point{107.090, 29.160}, 1}, {"四面山", "500116", orb.Point{106.400, 28.610}, 3.5},
	{"中山古镇", "500116", orb.Point{106.300, 28.850}, 1}, {"仙女山", "500156", orb.Point{107.730, 29.470}, 3.5},
	{"天生三桥", "500156", orb.Point{107.800, 29.440}, 1.5}, {"白马山", "500156", orb.Point{107.680, 29.300}, 2},
	{"芙蓉江", "500156", orb.Point{107.880, 29.230}, 1}, {"黄水", "500240", orb.Point{108.400, 30.230}, 3.5},
	{"大风堡", "500240", orb.Point{108.300, 30.180}, 2}, {"千野草场", "500240", orb.Point{108.350, 30.290}, 1},
	{"冷水", "500240", orb.Point{108.460, 30.170}, 1}, {"阴条岭", "500238", orb.Point{109.900, 31.430}, 3.5},
	{"红池坝", "500238", orb.Point{109.020, 31.560}, 2.5}, {"宁厂", "500238", orb.Point{109.520, 31.470}, 1},
	{"大巴山", "500229", orb.Point{108.750, 31.950}, 4}, {"九重山", "500229", orb.Point{108.600, 31.850}, 2},
	{"亢谷", "500229", orb.Point{108.900, 31.850}, 1.5}, {"黄安坝", "500229", orb.Point{109.050, 31.800}, 1.5},
	{"雪宝山", "500154", orb.Point{108.750, 31.530}, 3}, {"满月", "500154", orb.Point{108.550, 31.450}, 1.5},
	{"大垭口", "500154", orb.Point{108.330, 31.300}, 1}, {"小三峡", "500237", orb.Point{109.900, 31.150}, 2},
	{"五里坡", "500237", orb.Point{110.070, 31.300}, 3}, {"神女峰", "500237", orb.Point{109.990, 31.060}, 1.5},
	{"梨子坪", "500237", orb.Point{109.700, 31.000}, 1.5}, {"天坑地缝", "500236", orb.Point{109.540, 30.830}, 2.5},
	{"茅草坝", "500236", orb.Point{109.400, 30.900}, 2}, {"三角坝", "500236", orb.Point{109.250, 31.200}, 1},
	{"九盘河", "500236", orb.Point{109.650, 30.650}, 1}, {"白帝城", "500236", orb.Point{109.570, 31.050}, 0.5},
	{"龙缸", "500235", orb.Point{108.950, 30.730}, 2.5}, {"歧山", "500235", orb.Point{108.850, 30.950}, 1.5},
	{"七曜山", "500235", orb.Point{108.750, 30.680}, 1.5}, {"王二包", "500101", orb.Point{108.600, 30.500}, 2},
	{"铁峰山", "500101", orb.Point{108.300, 30.850}, 2}, {"潭獐峡", "500101", orb.Point{108.150, 30.850}, 1},
	{"恒合", "500101", orb.Point{108.500, 30.550}, 1}, {"南天湖", "500230", orb.Point{107.950, 29.780}, 2.5},
	{"双桂山", "500230", orb.Point{107.730, 29.870}, 1}, {"武陵山", "500102", orb.Point{107.470, 29.500}, 2.5},
	{"大木花谷", "500102", orb.Point{107.520, 29.560}, 1}, {"北山坪", "500102", orb.Point{107.380, 29.720}, 1},
	{"摩围山", "500243", orb.Point{108.080, 29.230}, 2.5}, {"茂云山", "500243", orb.Point{108.250, 29.330}, 2},
	{"阿依河", "500243", orb.Point{108.200, 29.250}, 1.5}, {"乌江画廊", "500243", orb.Point{108.150, 29.100}, 1},
	{"小南海", "500114", orb.Point{108.880, 29.580}, 2}, {"濯水", "500114", orb.Point{108.660, 29.330}, 1},
	{"灰千梁子", "500114", orb.Point{108.600, 29.650}, 2}, {"八面山", "500114", orb.Point{108.800, 29.250}, 1.5},
	{"桃花源", "500242", orb.Point{108.770, 28.840}, 2}, {"龚滩", "500242", orb.Point{108.350, 28.900}, 1.5},
	{"后溪", "500242", orb.Point{109.050, 28.650}, 1.5}, {"毛坝", "500242", orb.Point{108.600, 29.150}, 1.5},
	{"川河盖", "500241", orb.Point{109.050, 28.600}, 2}, {"凤凰山", "500241", orb.Point{109.000, 28.450}, 1.5},
	{"洪安", "500241", orb.Point{109.200, 28.500}, 1}, {"古剑山", "500110", orb.Point{106.700, 28.950}, 1.5},
	{"老瀛山", "500110", orb.Point{106.600, 29.000}, 1.5}, {"黑山谷", "500110", orb.Point{106.950, 28.870}, 2.5},
	{"万盛石林", "500110", orb.Point{106.930, 28.950}, 1}, {"茶山竹海", "500118", orb.Point{105.870, 29.430}, 2.5},
	{"黄瓜山", "500118", orb.Point{105.950, 29.250}, 1}, {"箕山", "500118", orb.Point{105.800, 29.300}, 1},
	{"龙水湖", "500111", orb.Point{105.700, 29.550}, 1}, {"宝顶山", "500111", orb.Point{105.800, 29.750}, 1},
	{"玉龙山", "500111", orb.Point{105.600, 29.580}, 1.5}, {"巴岳山", "500151", orb.Point{106.000, 29.820}, 2},
	{"玄天湖", "500151", orb.Point{106.050, 29.800}, 0.5}, {"茅莱山", "500120", orb.Point{106.200, 29.500}, 1.5},
	{"青龙湖", "500120", orb.Point{106.150, 29.600}, 0.5}, {"华蓥山", "500112", orb.Point{106.780, 30.050}, 2},
	{"统景", "500112", orb.Point{106.800, 29.850}, 1.5}, {"玉峰山", "500112", orb.Point{106.700, 29.680}, 1.5},
	{"圣灯山", "500113", orb.Point{106.750, 29.250}, 1.5}, {"云篆山", "500113", orb.Point{106.650, 29.400}, 1},
	{"东温泉", "500113", orb.Point{106.880, 29.380}, 1}, {"樵坪山", "500113", orb.Point{106.850, 29.550}, 1},
	{"明月山", "500115", orb.Point{107.150, 29.950}, 1.5}, {"长寿湖", "500115", orb.Point{107.250, 29.900}, 1},
	{"菩提山", "500115", orb.Point{107.080, 29.850}, 0.5}, {"百里竹海", "500155", orb.Point{107.750, 30.700}, 2},
	{"东山", "500155", orb.Point{107.900, 30.650}, 1}, {"牡丹源", "500231", orb.Point{107.400, 30.300}, 1},
	{"石宝寨", "500233", orb.Point{108.150, 30.420}, 0.5}, {"磨子", "500233", orb.Point{108.050, 30.150}, 1},
	{"钓鱼城", "500117", orb.Point{106.300, 30.000}, 1}, {"涞滩", "500117", orb.Point{106.300, 30.150}, 0.5},
	{"古佛山", "500153", orb.Point{105.500, 29.450}, 1}, {"万灵", "500153", orb.Point{105.500, 29.500}, 0.5},
	{"双江", "500152", orb.Point{105.850, 30.200}, 0.5},
}

// forestAreaTarget is how many forest areas the demo has in all; the real
// ones are topped up with generated 林场 and 森林公园 in forested districts.
const forestAreaTarget = 120

// forestAreas returns the real forest areas, each moved onto its district's
// land, and enough generated ones on high ground to reach forestAreaTarget.
func (g *gen) forestAreas(r *rand.Rand) []forestArea {
	out := make([]forestArea, 0, forestAreaTarget)
	seen := map[string]bool{}
	for _, a := range realForestAreas {
		a.p = g.region(a.code).nearest(r, a.p)
		out = append(out, a)
		seen[a.name] = true
	}
	codes, weights := g.forestWeights()
	for len(out) < forestAreaTarget {
		code := codes[weighted(r, weights)]
		name := toponym(r, areaTails)
		if seen[name] {
			continue
		}
		seen[name] = true
		rg := g.region(code)
		best, bestH := rg.sample(r), -1.0
		for k := 0; k < 4; k++ {
			p := rg.sample(r)
			if h := g.terrain.Elevation(p); h > bestH {
				best, bestH = p, h
			}
		}
		out = append(out, forestArea{name: name, code: code, p: best, weight: uniform(r, 0.8, 1.8)})
	}
	return out
}

// forestWeights returns the district codes in order and their forest
// weights, area × cover².
func (g *gen) forestWeights() ([]string, []float64) {
	codes := make([]string, len(g.ds))
	weights := make([]float64, len(g.ds))
	for i := range g.ds {
		c := forestCover[g.ds[i].Code]
		codes[i], weights[i] = g.ds[i].Code, g.ds[i].AreaKM2*c*c
	}
	return codes, weights
}
