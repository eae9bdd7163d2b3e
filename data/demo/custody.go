package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// yuzhongStations are the police stations (派出所) of 渝中区, one per street,
// with rough coordinates; custody officers work from them.
var yuzhongStations = []struct {
	name string
	p    orb.Point
}{
	{"解放碑", orb.Point{106.577, 29.557}}, {"七星岗", orb.Point{106.563, 29.557}}, {"上清寺", orb.Point{106.548, 29.565}},
	{"大溪沟", orb.Point{106.553, 29.567}}, {"两路口", orb.Point{106.545, 29.553}}, {"菜园坝", orb.Point{106.545, 29.549}},
	{"南纪门", orb.Point{106.566, 29.548}}, {"朝天门", orb.Point{106.585, 29.564}}, {"大坪", orb.Point{106.519, 29.540}},
	{"化龙桥", orb.Point{106.522, 29.556}}, {"石油路", orb.Point{106.508, 29.535}},
}

// officer is a custody officer of a Yuzhong police station.
type officer struct {
	name, unit string
	station    orb.Point
}

// custodyOfficers returns the NumCustodyOfficers custody officers, spread
// over the stations, from their own random stream so that persons and
// responders agree on them.
func (g *gen) custodyOfficers() []officer {
	r := g.rng("custody_officers")
	rg := g.region(codeYuzhong)
	out := make([]officer, NumCustodyOfficers)
	for i := range out {
		st := yuzhongStations[i%len(yuzhongStations)]
		out[i] = officer{name: personName(r), unit: "渝中区公安分局" + st.name + "派出所", station: rg.nearest(r, st.p)}
	}
	return out
}

// custody emits the NumCustodyPersons people under non-custodial
// supervision in 渝中区, grouped into cases of co-defendants, each with the
// inclusion zone they must keep to. A person's point starts at home.
func (g *gen) custody() {
	r := g.rng("custody")
	rg := g.region(codeYuzhong)
	officers := g.custodyOfficers()
	clip := newRayClipper(g.byCode[codeYuzhong].Geometry)
	years := map[int]int{2025: 180, 2026: 40}
	police := 900
	n := 0
	for n < NumCustodyPersons {
		size := 1
		switch x := r.IntN(100); {
		case x < 30:
			size = 2 + r.IntN(3)
		case x < 36:
			size = 5 + r.IntN(4)
		}
		size = min(size, NumCustodyPersons-n)
		var caseID string
		if r.IntN(100) < 70 {
			year := 2025 + r.IntN(2)
			years[year] += 1 + r.IntN(4)
			caseID = fmt.Sprintf("(%d)渝0103刑初%d号", year, years[year])
		} else {
			police += 1 + r.IntN(6)
			caseID = fmt.Sprintf("渝中公（刑）立字〔2026〕%d号", police)
		}
		together := size > 1 && r.IntN(100) < 35
		base := rg.sample(r)
		for k := 0; k < size; k++ {
			n++
			home := rg.sample(r)
			if together {
				home = rg.near(r, base, 250)
			}
			g.person(r, n, caseID, size, home, officers, clip)
		}
	}
}

// person emits supervised person number n and their zone.
func (g *gen) person(r *rand.Rand, n int, caseID string, caseSize int, home orb.Point, officers []officer, clip *rayClipper) {
	measure, radius, vertices := "bail", uniform(r, 1000, 3000), 48
	if r.IntN(100) < 15 {
		measure, radius, vertices = "residential_surveillance", uniform(r, 250, 350), 24
	}
	status, bump := "normal", 0.0
	checkin := ago(minutes(r, 5, 20*60))
	switch x := r.IntN(100); {
	case x < 3:
		status, bump = "violation", 35
	case x < 8:
		status, bump = "missing_checkin", 20
		checkin = ago(minutes(r, 2*24*60, 6*24*60))
	}
	base := math.Max(0, math.Min(100, 15+6*math.Log(float64(caseSize))+r.NormFloat64()*8))
	// The officer is one of those of the nearest station.
	f := newFrame(home)
	best := 0
	for i, o := range officers {
		x, y := f.XY(o.station)
		bx, by := f.XY(officers[best].station)
		if math.Hypot(x, y) < math.Hypot(bx, by) {
			best = i
		}
	}
	var mine []officer
	for _, o := range officers {
		if o.unit == officers[best].unit {
			mine = append(mine, o)
		}
	}
	pid := fmt.Sprintf("cp-%04d", n)
	g.put("custody_persons", pid, home, checkin, map[string]any{
		"name": personName(r), "case": caseID, "measure": measure, "status": status,
		"risk": round(math.Min(100, base+bump), 1), "risk_base": round(base, 1), "officer": pick(r, mine).name,
		"last_checkin": checkin, "accuracy": round(uniform(r, 5, 35), 1), "district": g.district(home),
	})
	schedule := "全天"
	if measure == "bail" && r.IntN(100) < 15 {
		schedule = "07:00-22:00"
	}
	g.put("custody_zones", fmt.Sprintf("cz-%04d", n), orb.Polygon{clip.star(home, radius, vertices)}, Epoch,
		map[string]any{"person": pid, "kind": "inclusion", "schedule": schedule})
}

// rayClipper makes a zone of a circle cut back at a district's boundary: a
// star-shaped ring whose every vertex lies on a ray from the centre, no
// farther than where the ray first leaves the district. A star-shaped ring
// is always simple, so the zone is a valid polygon.
type rayClipper struct {
	edges [][2]orb.Point
}

func newRayClipper(mp orb.MultiPolygon) *rayClipper {
	c := &rayClipper{}
	for _, poly := range mp {
		for _, ring := range poly {
			for k := 0; k+1 < len(ring); k++ {
				c.edges = append(c.edges, [2]orb.Point{ring[k], ring[k+1]})
			}
		}
	}
	return c
}

// minRay keeps a zone around its centre even right by the boundary.
const minRay = 30.0

// star returns the zone ring around centre: n rays of up to radius metres,
// each stopped 15 m short of the boundary.
func (c *rayClipper) star(centre orb.Point, radius float64, n int) orb.Ring {
	f := newFrame(centre)
	type seg struct{ ax, ay, bx, by float64 }
	var near []seg
	for _, e := range c.edges {
		ax, ay := f.XY(e[0])
		bx, by := f.XY(e[1])
		if math.Min(math.Hypot(ax, ay), math.Hypot(bx, by)) < radius+2000 {
			near = append(near, seg{ax, ay, bx, by})
		}
	}
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		dx, dy := math.Cos(a), math.Sin(a)
		t := radius
		for _, s := range near {
			ex, ey := s.bx-s.ax, s.by-s.ay
			den := dx*ey - dy*ex
			if den == 0 {
				continue
			}
			// Solve t·d = a + u·e for the ray parameter t and edge parameter u.
			tt := (s.ax*ey - s.ay*ex) / den
			u := (s.ax*dy - s.ay*dx) / den
			if tt > 0 && u >= 0 && u <= 1 && tt-15 < t {
				t = tt - 15
			}
		}
		t = math.Max(t, minRay)
		ring = append(ring, f.LonLat(t*dx, t*dy))
	}
	return append(ring, ring[0])
}
