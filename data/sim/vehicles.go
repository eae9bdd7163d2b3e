package sim

import (
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	fleetlayers "lookout/layers/fleet"
	"lookout/spatial"
)

// Official cars report every fixMoving seconds on the move and every
// fixParked seconds parked; between trips a car waits officeDwell seconds
// on average at its office in office hours, and only nightShare of the
// trips that would start outside them do.
const (
	fixMoving   = 10.0
	fixParked   = 120.0
	officeDwell = 100 * 60.0
	nightShare  = 0.03
	// misuseEvery is the mean time between deliberate misuse trips.
	misuseEvery = 40 * 60.0
)

// Vehicle states.
const (
	parked  = iota // at its office
	driving        // on a trip, to dest or back to base
	away           // parked at dest
	offline        // terminal silent
)

// vehicle is an official car.
type vehicle struct {
	id, plate, unit string
	base, pos       orb.Point
	state           int
	mv              *mover
	dest            place
	returning       bool
	local           bool    // the car is on a trip that stays inside 江北区
	outside         bool    // the car has left 江北区 on this trip
	until           float64 // when a parked car leaves
	next            float64 // next fix
	heading         float64
}

// fleet drives the official cars of 江北区 along the road network.
type fleet struct {
	r         *rand.Rand
	g         *graph
	loc       *chongqing.Locator
	cars      []*vehicle
	dests     []place // routine destinations, in 江北区
	outside   []place
	venues    []place
	nextAbuse float64
}

func newFleet(e *env, g *graph, loc *chongqing.Locator, vs, forbidden []feature) *fleet {
	f := &fleet{r: stream(e.seed, "fleet"), g: g, loc: loc}
	offices := unitOffices(vs)
	units := make([]string, 0, len(offices))
	for u := range offices {
		units = append(units, u)
	}
	sort.Strings(units)
	for _, u := range units {
		f.dests = append(f.dests, place{u, "office", offices[u]})
	}
	f.dests = append(f.dests, jiangbeiPlaces...)
	for _, p := range outsidePlaces {
		if !g.jb.contains(p.p) {
			f.outside = append(f.outside, p)
		}
	}
	var venues []place
	for _, lp := range forbidden {
		if k := lp.str("kind"); slices.Contains(fleetlayers.VenueKinds, k) {
			venues = append(venues, place{lp.str("name"), k, spatial.InteriorPoint(lp.geom)})
		}
	}
	for _, v := range venues {
		// A car must be able to drive right up to a venue for a rule to
		// see it there.
		if _, ok := g.access(v.p, true); ok {
			f.venues = append(f.venues, v)
		}
	}
	resumed := 0
	for i := range vs {
		v := &vs[i]
		c := &vehicle{id: v.id, plate: v.str("plate"), unit: v.str("unit"), pos: v.point()}
		c.local = g.jb.contains(c.pos)
		c.outside = !c.local
		c.heading, _ = v.num("heading")
		office, ok := offices[c.unit]
		if !ok {
			office = c.pos
		}
		c.base = office
		if q := jitter(f.r, office, 15, 40); g.jb.contains(q) {
			c.base = q
		}
		c.next = uniform(f.r, 0, fixParked)
		switch v.str("status") {
		case "offline":
			c.state = offline
		case "moving":
			if f.depart(e, c, place{"单位", "office", c.base}, true, c.local) {
				resumed++
			}
		default:
			c.state, c.until = parked, uniform(f.r, 0, officeDwell)
			if spatial.Distance(c.pos, office) > 800 {
				c.state, c.until = away, uniform(f.r, 5*60, 60*60)
			} else {
				c.base = c.pos
			}
		}
		f.cars = append(f.cars, c)
	}
	f.nextAbuse = e.after(f.r, misuseEvery)
	if resumed > 0 {
		e.log.Info("sim: vehicles on the move at the start drive back to their offices", "vehicles", resumed,
			"out_of_hours", !e.officeHours())
	}
	return f
}

// unitOffices estimates each unit's office as the median position of its
// parked cars (of all its cars, when none is parked).
func unitOffices(vs []feature) map[string]orb.Point {
	all, still := map[string][]orb.Point{}, map[string][]orb.Point{}
	for i := range vs {
		u := vs[i].str("unit")
		all[u] = append(all[u], vs[i].point())
		if vs[i].str("status") == "parked" {
			still[u] = append(still[u], vs[i].point())
		}
	}
	out := map[string]orb.Point{}
	for u, ps := range all {
		if len(still[u]) > 0 {
			ps = still[u]
		}
		xs, ys := make([]float64, len(ps)), make([]float64, len(ps))
		for i, p := range ps {
			xs[i], ys[i] = p[0], p[1]
		}
		slices.Sort(xs)
		slices.Sort(ys)
		out[u] = orb.Point{xs[len(xs)/2], ys[len(ys)/2]}
	}
	return out
}

func (f *fleet) step(e *env) {
	if e.t >= f.nextAbuse {
		f.misuse(e)
		f.nextAbuse = e.after(f.r, misuseEvery)
	}
	for _, c := range f.cars {
		switch c.state {
		case offline:
			continue
		case parked:
			if e.t >= c.until {
				if e.officeHours() || f.r.Float64() < nightShare {
					f.depart(e, c, pick(f.r, f.dests), false, true)
				} else {
					c.until = e.t + f.r.ExpFloat64()*officeDwell
				}
			}
		case away:
			if e.t >= c.until {
				f.depart(e, c, place{"单位", "office", c.base}, true, c.local)
			}
		case driving:
			p, heading, speed, done := c.mv.advance(e.dt, 20, 60)
			c.pos, c.heading = p, heading
			if !done {
				if e.t >= c.next {
					f.report(e, c, "moving", speed)
				}
				continue
			}
			f.arrive(e, c)
		}
		if e.t >= c.next {
			f.report(e, c, "parked", 0)
		}
	}
}

// depart starts a car on a trip to dest, or back to its base; a local
// trip stays inside 江北区.
func (f *fleet) depart(e *env, c *vehicle, dest place, returning, local bool) bool {
	if returning {
		dest.p = c.base
	}
	rt, ok := f.g.plan(c.pos, f.reachable(dest.p, local), local)
	if !ok {
		// Without a way there (a place off the network), the car stays.
		c.until = e.t + 15*60
		return false
	}
	c.mv = &mover{rt: rt, factor: uniform(f.r, 0.8, 1.1)}
	c.state, c.dest, c.returning, c.local = driving, dest, returning, local
	switch {
	case e.officeHours():
	case e.t == 0:
		// Cars already on the move at the start are summed up in one line.
		e.log.Debug("sim: vehicle on the move out of hours at the start", "vehicle", c.id, "plate", c.plate)
	default:
		e.ruleBreak("out_of_hours", "vehicle", c.id, "plate", c.plate, "unit", c.unit, "to", dest.name, "returning", returning)
	}
	c.next = e.t
	return true
}

// reachable returns p, or when a route there cannot start or end at p,
// the junction nearest to it that can be reached.
func (f *fleet) reachable(p orb.Point, local bool) orb.Point {
	if _, ok := f.g.access(p, local); ok {
		return p
	}
	for _, n := range f.g.near(p, 5000) {
		if (local && f.g.compJB[n] == f.g.mainJB) || (!local && f.g.compAll[n] == f.g.mainAll) {
			return f.g.pts[n]
		}
	}
	return p
}

// arrive parks a car at the end of its trip.
func (f *fleet) arrive(e *env, c *vehicle) {
	c.mv = nil
	if c.returning {
		c.state, c.local = parked, f.g.jb.contains(c.pos)
		c.until = e.t + f.r.ExpFloat64()*officeDwell
	} else {
		c.state = away
		c.until = e.t + uniform(f.r, 15*60, 90*60)
		if c.dest.kind != "office" && c.dest.kind != "street" && c.dest.kind != "hospital" && c.dest.kind != "landmark" {
			c.until = e.t + uniform(f.r, 60*60, 180*60)
		}
	}
	c.next = e.t
}

// report queues a fix of the car.
func (f *fleet) report(e *env, c *vehicle, status string, speed float64) {
	props := map[string]any{"status": status, "ignition": status == "moving", "last_seen": e.now}
	if !c.local || c.outside {
		// Out of its district, the car says where it is, and says it once
		// more when it is back.
		if d, _ := f.loc.Locate(c.pos); d != nil {
			props["district"] = d.Code
			c.outside = d.Code != jiangbeiCode
		}
	}
	e.out.position("vehicles", c.id, c.pos, fix{speed: f64(round(speed, 1)), heading: f64(round(c.heading, 0)), props: props})
	if status == "moving" {
		c.next = e.t + fixMoving
	} else {
		c.next = e.t + fixParked
	}
}

// misuse sends a parked car somewhere a rule should flag: out of 江北区 or
// to a forbidden venue.
func (f *fleet) misuse(e *env) {
	var idle []*vehicle
	for _, c := range f.cars {
		if c.state == parked {
			idle = append(idle, c)
		}
	}
	if len(idle) == 0 {
		return
	}
	c := pick(f.r, idle)
	if f.r.IntN(100) < 55 && len(f.outside) > 0 {
		dest := pick(f.r, f.outside)
		if f.depart(e, c, dest, false, false) {
			e.ruleBreak("out_of_area", "vehicle", c.id, "plate", c.plate, "unit", c.unit, "to", dest.name,
				"lon", round(dest.p[0], 5), "lat", round(dest.p[1], 5))
		}
		return
	}
	if len(f.venues) == 0 {
		return
	}
	dest := pick(f.r, f.venues)
	if f.depart(e, c, dest, false, true) {
		e.ruleBreak("forbidden_venue", "vehicle", c.id, "plate", c.plate, "unit", c.unit, "venue", dest.name,
			"kind", dest.kind, "lon", round(dest.p[0], 5), "lat", round(dest.p[1], 5))
	}
}
