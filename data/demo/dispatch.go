package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// responders emits the people and crews who can be sent to an incident:
// forest rangers near the detectors and cameras, fire crews in the forested
// districts, patrol cars in the central districts, market inspectors in
// 江北区 and 渝中区, and the custody officers of 渝中区.
func (g *gen) responders() {
	r := g.rng("responders")
	g.rangers(r)
	g.fireCrews(r)
	for i := 0; i < NumPatrolCars; i++ {
		p, centre, code := g.urbanPoint(r, centralCodes)
		d := g.byCode[code]
		g.responder(r, fmt.Sprintf("rsp-patrol-%03d", i+1), p, map[string]any{
			"name": fmt.Sprintf("%s巡逻%02d号车", shortName(d.Name), i+1), "kind": "patrol_car",
			"unit": d.Name + "公安分局" + centre + "派出所", "capabilities": "police,traffic,first_aid",
			"members": int64(2 + r.IntN(2)),
		}, true)
	}
	for i := 0; i < NumInspectors; i++ {
		code := codeJiangbei
		if i%8 >= 5 {
			code = codeYuzhong
		}
		p, centre, code := g.urbanPoint(r, []string{code})
		g.responder(r, fmt.Sprintf("rsp-insp-%03d", i+1), p, map[string]any{
			"name": fmt.Sprintf("%s市场监管所执法%d组", centre, 1+i%3), "kind": "inspector",
			"unit":         g.byCode[code].Name + "市场监督管理局" + centre + "市场监管所",
			"capabilities": pick(r, []string{"food_safety,drug,price", "food_safety,special_equipment,elevator", "drug,medical_device,price"}),
			"members":      int64(2 + r.IntN(2)),
		}, false)
	}
	rg := g.region(codeYuzhong)
	for i, o := range g.custodyOfficers() {
		g.responder(r, fmt.Sprintf("rsp-officer-%03d", i+1), rg.near(r, o.station, 300), map[string]any{
			"name": o.name, "kind": "custody_officer", "unit": o.unit, "capabilities": "custody,police", "members": int64(1),
		}, false)
	}
}

// rangers emits NumRangers forest rangers, each on patrol a little way from
// a camera or detector of their district.
func (g *gen) rangers(r *rand.Rand) {
	for i := 0; i < NumRangers; i++ {
		s := pick(r, g.irs)
		if r.IntN(2) == 0 {
			s = pick(r, g.cams)
		}
		d := g.byCode[s.code]
		caps := "patrol,first_aid"
		if r.IntN(100) < 60 {
			caps = "forest_fire," + caps
		}
		if r.IntN(100) < 10 {
			caps += ",drone"
		}
		g.responder(r, fmt.Sprintf("rsp-ranger-%04d", i+1), g.region(s.code).near(r, s.p, 800), map[string]any{
			"name": personName(r), "kind": "ranger", "unit": d.Name + pick(r, toponymHeads) + "护林站",
			"capabilities": caps, "members": int64(1),
		}, false)
	}
}

// fireCrews emits two to five professional forest fire crews in every
// district with much forest, by its forest weight.
func (g *gen) fireCrews(r *rand.Rand) {
	codes, weights := g.forestWeights()
	n := 0
	for i, code := range codes {
		if forestCover[code] < 0.3 {
			continue
		}
		d := g.byCode[code]
		crews := 2 + int(weights[i]/1500)
		crews = min(crews, 5)
		for k := 0; k < crews; k++ {
			n++
			name := fmt.Sprintf("%s森林消防专业扑火队%s中队", shortName(d.Name), chineseOrdinal(k+1))
			unit := d.Name + "林业局"
			if k == 0 && weights[i] > 2500 {
				name = fmt.Sprintf("重庆市森林消防总队%s大队", shortName(d.Name))
				unit = "重庆市森林消防总队"
			}
			g.responder(r, fmt.Sprintf("rsp-crew-%03d", n), g.region(code).sample(r), map[string]any{
				"name": name, "kind": "fire_crew", "unit": unit, "members": int64(12 + r.IntN(24)),
				"capabilities": pick(r, []string{"forest_fire,water_pump,first_aid", "forest_fire,water_pump,first_aid,drone",
					"forest_fire,fire_break,first_aid,drone"}),
			}, false)
		}
	}
}

// responder fills in the fields every responder has (availability, motion,
// accuracy, district, last report) and emits it. A vehicle moves faster.
func (g *gen) responder(r *rand.Rand, id string, p orb.Point, props map[string]any, vehicle bool) {
	seen := ago(minutes(r, 0, 5))
	props["speed"], props["heading"] = 0.0, 0.0
	switch x := r.IntN(100); {
	case x < 78:
		props["availability"] = "available"
		if r.IntN(100) < 40 {
			top := 5.0
			if vehicle {
				top = 45
			}
			props["speed"], props["heading"] = round(uniform(r, 1, top), 1), float64(r.IntN(360))
		}
	case x < 86:
		props["availability"] = "unavailable"
	default:
		props["availability"] = "off_duty"
		seen = ago(minutes(r, 60, 16*60))
	}
	props["accuracy"] = round(uniform(r, 3, 30), 1)
	props["district"] = g.district(p)
	props["home_district"] = props["district"]
	props["last_seen"] = seen
	g.put("responders", id, p, seen, props)
}
