package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// marketSites are the five farmers' markets of the demo, in 江北区 streets,
// with the road they front.
var marketSites = []struct{ name, place, road string }{
	{"观音桥农贸市场", "观音桥", "建新北路"}, {"华新街农贸市场", "华新街", "华新街"}, {"五里店农贸市场", "五里店", "五红路"},
	{"石马河农贸市场", "石马河", "石马河正街"}, {"大石坝农贸市场", "大石坝", "大石坝正街"},
}

// Stall layout in metres: stalls are stallW wide along a row and stallD
// deep, stallGap apart; two rows stand back to back in a band, bands are
// separated by aisles, a cross aisle splits each row in two, and nothing
// comes closer than hallMargin to the walls.
const (
	stallW     = 3.0
	stallD     = 2.5
	stallGap   = 0.2
	aisle      = 3.0
	hallMargin = 2.5
)

// Stall counts a hall is sized for.
const (
	minStalls = 60
	maxStalls = 150
)

// stallSlot is one stall's centre in hall coordinates and its row label.
type stallSlot struct {
	u, v float64
	row  int
	col  int
}

// markets emits the NumMarkets market halls, each a rotated rectangle of
// 40–80 m sides inside 江北区, and their stalls in rows inside the hall.
func (g *gen) markets() {
	r := g.rng("markets")
	rg := g.region(codeJiangbei)
	for mi, site := range marketSites[:NumMarkets] {
		var centre orb.Point
		var w, h, rot float64
		var slots []stallSlot
		for {
			centre = rg.near(r, g.jiangbeiPlace(r, site.place), 250)
			w, h, rot = uniform(r, 40, 80), uniform(r, 40, 80), uniform(r, 0, math.Pi/2)
			slots = layoutStalls(w, h)
			if len(slots) < minStalls || len(slots) > maxStalls {
				continue
			}
			if hallInside(rg, newFrame(centre).rectangle(0, 0, w, h, rot)) {
				break
			}
		}
		f := newFrame(centre)
		hall := orb.Polygon{f.rectangle(0, 0, w, h, rot)}
		mid := fmt.Sprintf("mkt-%02d", mi+1)
		g.put("markets", mid, hall, Epoch, map[string]any{
			"name": site.name, "district": g.district(ringCentroid(hall[0])), "address": g.addressOn(r, codeJiangbei, site.place+"街道"+site.road),
			"operator": fmt.Sprintf("重庆市江北区%s市场管理有限公司", pick(r, brandWords)), "stalls": int64(len(slots)),
		})
		g.stalls(r, mi+1, mid, f, rot, slots)
	}
}

// hallInside reports whether every corner and the centre of a hall ring
// lie inside the region.
func hallInside(rg *region, ring orb.Ring) bool {
	for _, p := range ring {
		if !rg.contains(p) {
			return false
		}
	}
	return rg.contains(ringCentroid(ring))
}

// layoutStalls lays stalls out in a w×h metre hall centred on the origin
// (u along w, v along h) and returns their centres, row by row. The bands
// and each block of a row are centred, so the aisles along the walls match.
func layoutStalls(w, h float64) []stallSlot {
	band := 2*stallD + stallGap
	bands := int((h - 2*hallMargin - 2*aisle + aisle) / (band + aisle))
	if bands < 1 {
		return nil
	}
	u0, u1 := -w/2+hallMargin+aisle, w/2-hallMargin-aisle
	block := (u1 - u0 - aisle) / 2
	perBlock := int((block + stallGap) / (stallW + stallGap))
	inset := (block - (float64(perBlock)*(stallW+stallGap) - stallGap)) / 2
	var out []stallSlot
	row := 0
	v := -(float64(bands)*(band+aisle) - aisle) / 2
	for bi := 0; bi < bands; bi, v = bi+1, v+band+aisle {
		for side := 0; side < 2; side++ {
			cv := v + stallD/2 + float64(side)*(stallD+stallGap)
			col := 0
			for b := 0; b < 2; b++ {
				start := u0 + float64(b)*(block+aisle) + inset
				for k := 0; k < perBlock; k++ {
					out = append(out, stallSlot{u: start + stallW/2 + float64(k)*(stallW+stallGap), v: cv, row: row, col: col})
					col++
				}
			}
			row++
		}
	}
	return out
}

// stalls emits the stalls of market number m. Categories come in blocks,
// in stall order, as a market groups its vegetables, meat and fish.
func (g *gen) stalls(r *rand.Rand, m int, marketID string, f frame, rot float64, slots []stallSlot) {
	shares := make([]float64, len(stallCategories))
	for i, c := range stallCategories {
		shares[i] = c.share
	}
	per := apportion(len(slots), shares)
	cat, left := 0, per[0]
	for i, sl := range slots {
		for left == 0 {
			cat++
			left = per[cat]
		}
		left--
		category := stallCategories[cat].name
		ring := f.rectangle(sl.u, sl.v, stallW, stallD, rot)
		product, supplier, price := stallGoods(r, category)
		number := fmt.Sprintf("%c%02d", 'A'+sl.row, sl.col+1)
		supplied := Epoch.AddDate(0, 0, -1-r.IntN(3))
		g.put("stalls", fmt.Sprintf("stall-%02d-%03d", m, i+1), orb.Polygon{ring}, Epoch, map[string]any{
			"market": marketID, "number": number, "holder": personName(r), "category": category,
			"product": product, "supplier": supplier, "price": price,
			"trace_code": fmt.Sprintf("CQ%s%s%02d%03d%04d", codeJiangbei, supplied.Format("20060102"), m, i+1, r.IntN(10000)),
		})
	}
}
