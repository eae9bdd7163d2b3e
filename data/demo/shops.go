package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// pharmacyChains are the pharmacy chains of Chongqing, with their share of
// the shops; the rest are independent 大药房.
var pharmacyChains = []struct {
	name  string
	share float64
}{
	{"桐君阁大药房", 22}, {"和平药房", 20}, {"鑫斛药房", 14}, {"一心堂", 12}, {"万和药房", 10},
	{"老百姓大药房", 8}, {"大参林", 6}, {"", 8},
}

// pharmacies emits NumPharmacies pharmacies in 江北区 and 渝中区 with their
// cold-storage sensors and pharmacist check-ins.
func (g *gen) pharmacies() {
	r := g.rng("pharmacies")
	shares := make([]float64, len(pharmacyChains))
	for i, c := range pharmacyChains {
		shares[i] = c.share
	}
	seen := map[string]int{}
	serial := map[string]int{}
	for i := 0; i < NumPharmacies; i++ {
		code := codeJiangbei
		if r.IntN(100) < 40 {
			code = codeYuzhong
		}
		p, _, _ := g.urbanPoint(r, []string{code})
		code = g.district(p)
		chain := pharmacyChains[weighted(r, shares)].name
		if chain == "" {
			chain = pick(r, brandWords) + "大药房"
		}
		street := road(r, code)
		seen[chain+street]++
		branch := street + "店"
		if n := seen[chain+street]; n > 1 {
			branch = street + chineseOrdinal(n) + "店"
		}
		serial[code] += 1 + r.IntN(40)
		temp, status := round(5+r.NormFloat64()*1.1, 1), "normal"
		temp = math.Max(2.2, math.Min(7.8, temp))
		switch x := r.IntN(100); {
		case x < 3:
			temp, status = round(uniform(r, 8.5, 12), 1), "alarm"
		case x < 4:
			temp, status = round(uniform(r, 0.3, 1.8), 1), "alarm"
		case x < 6:
			status = "offline"
		}
		onDuty := r.IntN(100) < 90
		checkin := Epoch.Add(-minutes(r, 0, 40))
		if !onDuty {
			checkin = Epoch.Add(-24*time.Hour + minutes(r, 0, 90))
		}
		g.put("pharmacies", fmt.Sprintf("ph-%04d", i+1), p, checkin, map[string]any{
			"name": chain + "（" + branch + "）", "district": code, "address": g.addressOn(r, code, street),
			"license": fmt.Sprintf("渝CA%s%05d", code[4:], serial[code]), "cold_temp": temp, "cold_status": status,
			"pharmacist_on_duty": onDuty, "last_checkin": checkin,
		})
	}
}

// kitchens emits the canteens, food producers, elderly-care homes and
// restaurants watched by kitchen cameras, in the central districts.
func (g *gen) kitchens() {
	r := g.rng("kitchens")
	kinds := []struct {
		kind string
		n    int
	}{
		{"school_canteen", NumSchoolCanteens - NumSchoolCanteens*36/100}, {"kindergarten_canteen", NumSchoolCanteens * 36 / 100},
		{"food_producer", NumFoodProducers}, {"elderly_care", NumElderlyCare}, {"restaurant", NumRestaurants},
	}
	used := map[string]bool{}
	n := 0
	for _, k := range kinds {
		for i := 0; i < k.n; i++ {
			n++
			p, centre, code := g.urbanPoint(r, centralCodes)
			code = g.district(p)
			var name string
			for try := 0; ; try++ {
				name = kitchenName(r, k.kind, g.byCode[code].Name, centre)
				if !used[name] || try > 50 {
					break
				}
			}
			used[name] = true
			props := map[string]any{"name": name, "district": code, "address": g.address(r, code), "kind": k.kind,
				"rating": []string{"A", "B", "C"}[weighted(r, []float64{40, 50, 10})]}
			switch x := r.IntN(100); {
			case x < 88:
				props["camera_status"] = "online"
			case x < 94:
				props["camera_status"] = "offline"
			default:
				props["camera_status"] = "violation"
				props["violation"] = pick(r, []string{"no_mask", "no_mask", "no_hat", "no_hat", "smoking", "phone", "dirty", "rodent"})
				props["violation_at"] = ago(minutes(r, 5, 20*60))
			}
			g.put("kitchens", fmt.Sprintf("kit-%04d", n), p, Epoch, props)
		}
	}
}

// kitchenName names a kitchen of the kind in the district, near centre.
func kitchenName(r *rand.Rand, kind, district, centre string) string {
	place := centre
	if r.IntN(2) == 0 {
		place = pick(r, toponymHeads)
	}
	switch kind {
	case "school_canteen":
		return district + place + pick(r, []string{"小学", "小学", "中学", "实验学校", "实验小学", "初级中学"}) + "食堂"
	case "kindergarten_canteen":
		return district + pick(r, []string{place, pick(r, brandWords), "阳光", "小太阳", "启蒙", "金色摇篮", "童馨"}) +
			pick(r, []string{"幼儿园", "实验幼儿园", "第二幼儿园"}) + "食堂"
	case "food_producer":
		return "重庆" + pick(r, brandWords) + pick(r, []string{"食品有限公司", "火锅食品有限公司", "豆制品有限公司",
			"面业有限公司", "调味品有限公司", "糕点厂"})
	case "elderly_care":
		return district + place + pick(r, []string{"社区养老服务中心", "敬老院", "颐养院", "养老院"})
	}
	switch r.IntN(8) {
	case 0:
		return pick(r, brandWords) + "火锅（" + centre + "店）"
	case 1:
		return pick(r, surnames) + "记小面"
	case 2:
		return place + "江湖菜"
	case 3:
		return pick(r, brandWords) + "串串香（" + centre + "店）"
	case 4:
		return pick(r, surnames) + "氏烤鱼（" + centre + "店）"
	case 5:
		return pick(r, brandWords) + "酸菜鱼"
	case 6:
		return pick(r, brandWords) + "老火锅"
	}
	return centre + pick(r, surnames) + "抄手"
}

// elevators emits NumElevators elevators in buildings of 江北区 and 渝中区,
// one to six to a building.
func (g *gen) elevators() {
	r := g.rng("elevators")
	serial := map[string]int{}
	namer := newUniqueNamer()
	for n := 0; n < NumElevators; {
		p, _, code := g.urbanPoint(r, []string{codeYuzhong, codeJiangbei})
		commercial := r.IntN(100) < 30
		var complex string
		if commercial {
			complex = pick(r, brandWords) + pick(r, []string{"大厦", "广场", "中心", "国际", "商务楼"})
		} else {
			word := pick(r, brandWords)
			if r.IntN(2) == 0 {
				word = pick(r, toponymHeads)
			}
			complex = word + pick(r, []string{"花园", "小区", "名都", "家园", "新城", "苑", "公寓"})
		}
		building := namer.name(complex, "期") + fmt.Sprintf(" %d栋", 1+r.IntN(12))
		year := 2000 + r.IntN(26)
		for k, lifts := 0, 1+r.IntN(6); k < lifts && n < NumElevators; k++ {
			n++
			typ := "3110"
			switch x := r.IntN(100); {
			case commercial && x < 20:
				typ = "3310"
			case x < 5:
				typ = "3120"
			}
			q := offset(p, uniform(r, 0, 360), uniform(r, 3, 15))
			prefix := typ + code + fmt.Sprint(year)
			serial[prefix] += 1 + r.IntN(20)
			status, bump := "normal", 0.0
			switch x := r.IntN(1000); {
			case x < 18:
				status, bump = "fault", 30
			case x < 23:
				status, bump = "entrapment", 45
			case x < 40:
				status, bump = "maintenance", 10
			}
			risk := math.Max(0, math.Min(100, float64(2026-year)*1.6+12+r.NormFloat64()*8+bump))
			// Maintenance is due every 15 days, done in working hours; a few
			// are overdue.
			days := 1 + r.IntN(15)
			if r.IntN(100) < 5 {
				days = 16 + r.IntN(30)
				risk = math.Min(100, risk+10)
			}
			inspected := time.Date(Epoch.Year(), Epoch.Month(), Epoch.Day()-days, 9, 0, 0, 0, Epoch.Location()).Add(minutes(r, 0, 8*60))
			seen := ago(minutes(r, 0, 10))
			g.put("elevators", fmt.Sprintf("elv-%04d", n), q, seen, map[string]any{
				"code": fmt.Sprintf("%s%04d", prefix, serial[prefix]), "building": building, "district": g.district(q),
				"status": status, "risk_index": round(risk, 1), "last_inspection": inspected,
			})
		}
	}
}
