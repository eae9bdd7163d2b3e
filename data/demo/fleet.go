package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// jiangbeiPlaces are the streets and towns of 江北区 with rough centres;
// they anchor offices, markets and shops, and are moved onto the district's
// land if they fall just outside it.
var jiangbeiPlaces = []struct {
	name string
	p    orb.Point
	town bool // 镇 rather than 街道
}{
	{"观音桥", orb.Point{106.532, 29.577}, false}, {"华新街", orb.Point{106.548, 29.571}, false},
	{"五里店", orb.Point{106.572, 29.588}, false}, {"江北城", orb.Point{106.575, 29.569}, false},
	{"石马河", orb.Point{106.512, 29.592}, false}, {"大石坝", orb.Point{106.520, 29.605}, false},
	{"寸滩", orb.Point{106.605, 29.595}, false}, {"铁山坪", orb.Point{106.700, 29.612}, false},
	{"郭家沱", orb.Point{106.660, 29.600}, false}, {"鱼嘴", orb.Point{106.770, 29.640}, true},
	{"复盛", orb.Point{106.730, 29.660}, true}, {"五宝", orb.Point{106.840, 29.615}, true},
}

// fleetUnits are the Jiangbei government units that run official cars,
// with the place their office is near and a relative fleet size. The
// 街道办事处 and 镇人民政府 of jiangbeiPlaces are added to them.
var fleetUnits = []struct {
	name, place string
	weight      float64
}{
	{"江北区人民政府", "江北城", 10}, {"中共重庆市江北区委员会", "江北城", 8}, {"江北区人大常委会", "江北城", 4},
	{"政协重庆市江北区委员会", "江北城", 4}, {"江北区机关事务管理局", "江北城", 45}, {"江北区公安分局", "观音桥", 120},
	{"江北区城市管理局", "华新街", 50}, {"江北区交通运输委员会", "五里店", 18}, {"江北区卫生健康委员会", "观音桥", 14},
	{"江北区教育委员会", "华新街", 8}, {"江北区市场监督管理局", "观音桥", 22}, {"江北区应急管理局", "五里店", 12},
	{"江北区生态环境局", "五里店", 10}, {"江北区住房和城乡建设委员会", "华新街", 12}, {"江北区规划和自然资源局", "观音桥", 8},
	{"江北区水利局", "五里店", 8}, {"江北区农业农村委员会", "寸滩", 10}, {"江北区民政局", "华新街", 6},
	{"江北区财政局", "江北城", 5}, {"江北区人力资源和社会保障局", "观音桥", 6}, {"江北区商务委员会", "观音桥", 5},
	{"江北区文化和旅游发展委员会", "江北城", 6}, {"江北区司法局", "华新街", 6}, {"江北区退役军人事务局", "五里店", 4},
	{"国家税务总局重庆市江北区税务局", "观音桥", 10}, {"江北区林业局", "铁山坪", 10}, {"江北区人民法院", "石马河", 14},
	{"江北区人民检察院", "石马河", 10},
}

// plateLetters are the letters a plate may carry (I and O are not used).
const plateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// jiangbeiPlace returns the anchor of a Jiangbei place, on the district's land.
func (g *gen) jiangbeiPlace(r *rand.Rand, name string) orb.Point {
	for _, pl := range jiangbeiPlaces {
		if pl.name == name {
			return g.region(codeJiangbei).nearest(r, pl.p)
		}
	}
	panic("demo: unknown Jiangbei place " + name)
}

// vehicles emits NumVehicles official vehicles of the Jiangbei units: most
// parked at their unit's office, some on the move in the district, a few
// whose terminal has gone quiet.
func (g *gen) vehicles() {
	r := g.rng("vehicles")
	rg := g.region(codeJiangbei)
	type unit struct {
		name, kind string
		office     orb.Point
	}
	var units []unit
	var weights []float64
	for _, u := range fleetUnits {
		office := rg.near(r, g.jiangbeiPlace(r, u.place), 600)
		kind := "office"
		switch u.name {
		case "江北区公安分局":
			kind = "police"
		case "江北区城市管理局":
			kind = "works"
		}
		units = append(units, unit{u.name, kind, office})
		weights = append(weights, u.weight)
	}
	for _, pl := range jiangbeiPlaces {
		name := "江北区" + pl.name + "街道办事处"
		if pl.town {
			name = "江北区" + pl.name + "镇人民政府"
		}
		units = append(units, unit{name, "office", rg.near(r, g.jiangbeiPlace(r, pl.name), 300)})
		weights = append(weights, 11)
	}
	counts := apportion(NumVehicles, weights)
	plates := map[string]bool{}
	n := 0
	for ui, u := range units {
		for k := 0; k < counts[ui]; k++ {
			n++
			plate := g.plate(r, u.kind == "police", plates)
			props := map[string]any{"plate": plate, "unit": u.name, "kind": vehicleKind(r, u.kind),
				"driver": personName(r), "district": codeJiangbei}
			p := rg.near(r, u.office, 25)
			var seen = ago(minutes(r, 0, 10))
			switch x := r.IntN(100); {
			case x < 68:
				props["status"], props["ignition"], props["speed"], props["heading"] = "parked", false, 0.0, 0.0
			case x < 92:
				p = rg.near(r, u.office, 3000)
				seen = ago(minutes(r, 0, 0.5))
				props["status"], props["ignition"] = "moving", true
				props["speed"], props["heading"] = round(uniform(r, 12, 60), 1), float64(r.IntN(360))
			default:
				if r.IntN(2) == 0 {
					p = rg.near(r, u.office, 4000)
				}
				seen = ago(minutes(r, 6*60, 10*24*60))
				props["status"], props["ignition"], props["speed"], props["heading"] = "offline", false, 0.0, 0.0
			}
			props["last_seen"] = seen
			g.put("vehicles", fmt.Sprintf("veh-%04d", n), p, seen, props)
		}
	}
}

// fixedVenues are forbidden venues of 江北区 with rough positions; more of
// them are made up around the district's streets.
var fixedVenues = []struct {
	name, kind string
	p          orb.Point
}{
	{"铁山坪高尔夫俱乐部", "golf_club", orb.Point{106.690, 29.618}},
	{"江北嘴私人会所", "private_club", orb.Point{106.582, 29.574}},
	{"复盛温泉山庄", "hot_spring_resort", orb.Point{106.735, 29.655}},
	{"观音桥足浴城", "entertainment", orb.Point{106.536, 29.580}},
}

// NumVenues is how many forbidden venues the demo has in 江北区.
const NumVenues = 16

// venues emits NumVenues places official cars may not be taken to: the
// fixed ones, then clubs and entertainment venues near the streets, each a
// circle of 40–120 m.
func (g *gen) venues() {
	r := g.rng("venues")
	rg := g.region(codeJiangbei)
	kinds := []string{"entertainment", "private_club", "ktv", "entertainment"}
	suffix := map[string][]string{"entertainment": {"足浴城", "洗浴中心", "娱乐会所"}, "private_club": {"会所", "私人会馆"}, "ktv": {"KTV", "量贩KTV"}}
	for i := range NumVenues {
		var name, kind string
		var p orb.Point
		if i < len(fixedVenues) {
			v := fixedVenues[i]
			name, kind, p = v.name, v.kind, rg.nearest(r, v.p)
		} else {
			pl := jiangbeiPlaces[r.IntN(len(jiangbeiPlaces))]
			kind = kinds[r.IntN(len(kinds))]
			name = pl.name + pick(r, brandWords) + pick(r, suffix[kind])
			p = g.awayFromOffices(r, g.jiangbeiPlace(r, pl.name))
		}
		g.put("venues", fmt.Sprintf("vn-%03d", i+1), spatial.Circle(p, uniform(r, 40, 120), 24), Epoch, map[string]any{
			"name": name, "kind": kind, "address": g.address(r, codeJiangbei), "district": codeJiangbei,
		})
	}
}

// awayFromOffices returns a point on 江北区's land 900–2,000 m from anchor
// and at least 900 m from every street's anchor, near which the units'
// offices are: a venue must not swallow the car park of an office, or every
// car coming home would be "at a forbidden venue".
func (g *gen) awayFromOffices(r *rand.Rand, anchor orb.Point) orb.Point {
	rg := g.region(codeJiangbei)
	var p orb.Point
	for try := 0; try < 50; try++ {
		p = rg.nearest(r, offset(anchor, uniform(r, 0, 360), uniform(r, 900, 2000)))
		clear := true
		for _, pl := range jiangbeiPlaces {
			if spatial.Distance(p, pl.p) < 900 {
				clear = false
				break
			}
		}
		if clear {
			break
		}
	}
	return p
}

// plate returns an unused 渝A plate: 渝A·12345 or 渝A·D1234, or for a police
// car 渝A·1234警.
func (g *gen) plate(r *rand.Rand, police bool, used map[string]bool) string {
	for {
		var p string
		switch {
		case police:
			p = fmt.Sprintf("渝A·%04d警", r.IntN(10000))
		case r.IntN(100) < 60:
			p = fmt.Sprintf("渝A·%05d", r.IntN(100000))
		default:
			p = fmt.Sprintf("渝A·%c%04d", plateLetters[r.IntN(len(plateLetters))], r.IntN(10000))
		}
		if !used[p] {
			used[p] = true
			return p
		}
	}
}

// vehicleKind draws a vehicle type suited to the unit: police run sedans
// and SUVs, city works run vans and trucks, offices mostly sedans.
func vehicleKind(r *rand.Rand, unitKind string) string {
	kinds := []string{"sedan", "suv", "van", "bus", "truck"}
	switch unitKind {
	case "police":
		return kinds[weighted(r, []float64{50, 35, 15, 0, 0})]
	case "works":
		return kinds[weighted(r, []float64{25, 20, 30, 0, 25})]
	}
	return kinds[weighted(r, []float64{62, 25, 8, 5, 0})]
}
