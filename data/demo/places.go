package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// stations are the transport hubs of the central city that supervised
// people must keep away from, with rough coordinates.
var stations = []struct {
	name string
	p    orb.Point
}{
	{"重庆站（菜园坝）", orb.Point{106.548, 29.551}}, {"菜园坝长途汽车站", orb.Point{106.544, 29.549}},
	{"较场口轨道站", orb.Point{106.573, 29.553}}, {"小什字轨道站", orb.Point{106.581, 29.561}},
	{"两路口轨道站", orb.Point{106.547, 29.555}}, {"临江门轨道站", orb.Point{106.575, 29.562}},
	{"大坪轨道站", orb.Point{106.518, 29.540}}, {"朝天门客运码头", orb.Point{106.586, 29.566}},
	{"观音桥轨道站", orb.Point{106.531, 29.576}}, {"重庆沙坪坝站", orb.Point{106.456, 29.557}},
	{"杨家坪轨道站", orb.Point{106.512, 29.507}}, {"南坪轨道站", orb.Point{106.566, 29.528}},
}

// ktvChains are KTV brands seen in Chongqing.
var ktvChains = []string{"星聚会KTV", "温莎KTV", "唱吧麦颂KTV", "纯K"}

// placeKinds are the kinds of listed place with their shares.
var placeKinds = []struct {
	kind  string
	share float64
}{
	{"bar", 20}, {"ktv", 18}, {"internet_cafe", 20}, {"casino_risk", 10}, {"victim_residence", 12}, {"school", 12}, {"station", 8},
}

// yuzhongNeighbours are the districts across the rivers from 渝中区 where
// some listed places lie.
var yuzhongNeighbours = []string{"500104", "500105", "500106", "500107", "500108"}

// listedPlaces emits NumListedPlaces places to keep away from, three in
// four in 渝中区 and the rest in its neighbours: small squares or circles of
// 30–80 m across.
func (g *gen) listedPlaces() {
	r := g.rng("listed_places")
	shares := make([]float64, len(placeKinds))
	for i, k := range placeKinds {
		shares[i] = k.share
	}
	used := map[string]bool{}
	nextStation := 0
	for i := 0; i < NumListedPlaces; i++ {
		kind := placeKinds[weighted(r, shares)].kind
		if kind == "station" && nextStation == len(stations) {
			kind = "internet_cafe"
		}
		codes := []string{codeYuzhong}
		if r.IntN(100) < 25 {
			codes = yuzhongNeighbours
		}
		p, centre, code := g.urbanPoint(r, codes)
		var name string
		switch kind {
		case "station":
			st := stations[nextStation]
			nextStation++
			name = st.name
			if d, exact := g.loc.Locate(st.p); d != nil && exact {
				p, code = st.p, d.Code
			} else {
				p = g.region(code).nearest(r, st.p)
			}
		default:
			for try := 0; try == 0 || used[name] && try < 50; try++ {
				name = placeName(r, kind, g.byCode[code].Name, centre)
			}
		}
		used[name] = true
		f := newFrame(p)
		size := uniform(r, 30, 80)
		ring := f.rectangle(0, 0, size, size*uniform(r, 0.7, 1), uniform(r, 0, math.Pi/2))
		if r.IntN(3) == 0 {
			ring = spatial.Circle(p, size/2, 24)[0]
		}
		g.put("listed_places", fmt.Sprintf("lp-%03d", i+1), orb.Polygon{ring}, Epoch, map[string]any{
			"name": name, "kind": kind, "address": g.address(r, code), "district": g.district(ringCentroid(ring)),
		})
	}
}

// placeName names a listed place of the kind near the given centre.
func placeName(r *rand.Rand, kind, district, centre string) string {
	switch kind {
	case "bar":
		return pick(r, brandWords) + pick(r, []string{"酒吧", "音乐酒吧", "清吧", "Livehouse"})
	case "ktv":
		if r.IntN(2) == 0 {
			return pick(r, ktvChains) + "（" + centre + "店）"
		}
		return pick(r, brandWords) + "KTV"
	case "internet_cafe":
		return pick(r, brandWords) + pick(r, []string{"网咖", "电竞馆", "网吧"})
	case "casino_risk":
		return pick(r, brandWords) + pick(r, []string{"棋牌室", "茶楼", "休闲会所"})
	case "victim_residence":
		return fmt.Sprintf("被害人住所（%s%s%d栋）", pick(r, toponymHeads), pick(r, []string{"小区", "花园", "新村", "公寓"}), 1+r.IntN(20))
	}
	return district + centre + pick(r, []string{"小学", "中学", "幼儿园", "职业学校"})
}
