package sim

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// breakKinds are the rules a supervised person breaks, with their shares.
var breakKinds = []struct {
	rule  string
	share float64
}{{"leave_zone", 40}, {"listed_place", 20}, {"missed_checkin", 25}, {"gathering", 15}}

// breakRule has one person, chosen among those going about their routine,
// break a rule, and logs it.
func (c *custody) breakRule(e *env) {
	var idle []*person
	for _, p := range c.people {
		if p.state == routine && !p.returning {
			idle = append(idle, p)
		}
	}
	if len(idle) == 0 {
		return
	}
	p := pick(c.r, idle)
	shares := make([]float64, len(breakKinds))
	for i, k := range breakKinds {
		shares[i] = k.share
	}
	switch breakKinds[weighted(c.r, shares)].rule {
	case "leave_zone":
		c.leaveZone(e, p)
	case "listed_place":
		c.visitPlace(e, p)
	case "missed_checkin":
		hours := uniform(c.r, 3, 12)
		p.state, p.until = quiet, e.t+hours*3600
		e.ruleBreak("missed_checkin", "person", p.id, "case", p.caseID, "hours", round(hours, 1))
	case "gathering":
		c.gather(e, p)
	}
}

// leaveZone walks a person 200–600 m beyond their zone's edge, on land,
// and keeps them there for 10–40 minutes.
func (c *custody) leaveZone(e *env, p *person) {
	var to orb.Point
	found := false
	for try := 0; try < 12 && p.zone != nil && !found; try++ {
		bearing := uniform(c.r, 0, 360)
		edge := p.home
		for d := 0.0; d < 10000 && spatial.Contains(p.zone, edge); d += 20 {
			edge = spatial.Destination(p.home, bearing, d)
		}
		to = spatial.Destination(edge, bearing, uniform(c.r, 200, 600))
		found = c.dry(to) && c.dry(edge)
	}
	if !found {
		c.visitPlace(e, p)
		return
	}
	c.walk(p, to)
	minutes := uniform(c.r, 10, 40)
	p.state, p.until = breaking, e.t+walkTime(p)+minutes*60
	e.ruleBreak("leave_zone", "person", p.id, "zone", p.zoneID, "case", p.caseID, "minutes", round(minutes, 0),
		"lon", round(to[0], 5), "lat", round(to[1], 5))
}

// visitPlace walks a person into the listed place nearest to them for
// 15–45 minutes.
func (c *custody) visitPlace(e *env, p *person) {
	best, bestD := -1, math.Inf(1)
	for i := range c.places {
		if c.places[i].kind == "exclusion_zone" {
			continue
		}
		if d := spatial.Distance(p.pos, c.places[i].bound.Center()); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return
	}
	a := &c.places[best]
	to := spatial.InteriorPoint(a.poly)
	c.walk(p, to)
	minutes := uniform(c.r, 15, 45)
	p.state, p.until, p.place = breaking, e.t+walkTime(p)+minutes*60, a.poly
	outside := p.zone != nil && !spatial.Contains(p.zone, to)
	e.ruleBreak("listed_place", "person", p.id, "place", a.id, "name", a.name, "kind", a.kind, "case", p.caseID,
		"outside_zone", outside, "minutes", round(minutes, 0))
}

// gather has a person walk to a co-defendant, who waits, and the two stay
// together for 15–35 minutes.
func (c *custody) gather(e *env, p *person) {
	var others []*person
	for _, q := range p.codef {
		if q.state == routine && !q.returning && q.mv == nil {
			others = append(others, q)
		}
	}
	if len(others) == 0 {
		c.leaveZone(e, p)
		return
	}
	q := pick(c.r, others)
	to := spatial.Destination(q.pos, uniform(c.r, 0, 360), uniform(c.r, 5, 20))
	c.walk(p, to)
	minutes := uniform(c.r, 15, 35)
	end := e.t + walkTime(p) + minutes*60
	p.state, p.until = meeting, end
	q.state, q.until = meeting, end
	outside := p.zone != nil && !spatial.Contains(p.zone, to)
	e.ruleBreak("gathering", "persons", []string{p.id, q.id}, "case", p.caseID, "minutes", round(minutes, 0),
		"outside_zone", outside, "lon", round(to[0], 5), "lat", round(to[1], 5))
}

// walkTime returns how long, in seconds, the walk a person has started
// takes.
func walkTime(p *person) float64 {
	if p.mv == nil {
		return 0
	}
	return p.mv.rt.length() / (p.mv.rt.speeds[0] / 3.6)
}
