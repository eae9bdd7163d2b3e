package sim

import (
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Supervised people report every fixMin to fixMax seconds; a rule is
// broken somewhere every breakEvery seconds on average (about 50,000
// alerts a year over 2,300 people is one every ten minutes).
const (
	fixMin     = 60.0
	fixMax     = 300.0
	breakEvery = 12 * 60.0
	// zoneMargin keeps the places a person goes to well inside their zone,
	// and placeMargin away from listed places; codefendantGap keeps
	// co-defendants apart.
	zoneMargin     = 60.0
	pathMargin     = 30.0
	placeMargin    = 60.0
	codefendantGap = 120.0
)

// What a supervised person is doing.
const (
	routine  = iota // going about near home
	breaking        // breaking a rule: out of the zone or at a listed place
	meeting         // meeting a co-defendant
	quiet           // not reporting
)

// person is someone under non-custodial supervision.
type person struct {
	id, caseID string
	zoneID     string
	zone       orb.Polygon // nil when they have none
	home, pos  orb.Point
	mv         *mover
	state      int
	until      float64 // when the current stay, break or silence ends
	next       float64
	place      orb.Polygon // the listed place they are in, for the fix
	returning  bool        // on the way home after a break
	codef      []*person
}

// area is a polygon with its bound, for quick tests.
type area struct {
	id, name, kind string
	poly           orb.Polygon
	bound          orb.Bound
}

// custody moves the supervised people of 渝中区 about their homes, and now
// and then has one break a rule.
type custody struct {
	r *rand.Rand
	// dry reports whether a point is on land, off the rivers that the
	// districts' boundaries run down the middle of.
	dry       func(orb.Point) bool
	people    []*person
	places    []area // listed places, and exclusion zones
	nextBreak float64
}

func newCustody(e *env, dry func(orb.Point) bool, persons, zones, listed []feature) *custody {
	c := &custody{r: stream(e.seed, "custody"), dry: dry}
	incl := map[string]*feature{}
	for i := range zones {
		z := &zones[i]
		poly, ok := z.geom.(orb.Polygon)
		switch {
		case !ok:
		case z.str("kind") == "inclusion":
			incl[z.str("person")] = z
		default:
			c.places = append(c.places, area{id: z.id, kind: "exclusion_zone", poly: poly, bound: poly.Bound()})
		}
	}
	for i := range listed {
		if poly, ok := listed[i].geom.(orb.Polygon); ok {
			c.places = append(c.places, area{id: listed[i].id, name: listed[i].str("name"), kind: listed[i].str("kind"), poly: poly, bound: poly.Bound()})
		}
	}
	cases := map[string][]*person{}
	for i := range persons {
		f := &persons[i]
		p := &person{id: f.id, caseID: f.str("case"), pos: f.point(), home: f.point(), next: uniform(c.r, 0, fixMax)}
		if z := incl[f.id]; z != nil {
			p.zoneID, p.zone = z.id, z.geom.(orb.Polygon)
			if !insideBy(p.zone, p.home, zoneMargin) {
				p.home = spatial.InteriorPoint(p.zone)
			}
		}
		if f.str("status") == "missing_checkin" {
			p.state, p.until = quiet, 1e18
		}
		c.people = append(c.people, p)
		cases[p.caseID] = append(cases[p.caseID], p)
	}
	var together []string
	for _, p := range c.people {
		for _, q := range cases[p.caseID] {
			if q != p {
				p.codef = append(p.codef, q)
				if q.id > p.id && spatial.Distance(p.home, q.home) < 50 {
					together = append(together, p.id+"+"+q.id)
				}
			}
		}
	}
	if len(together) > 0 {
		e.log.Info("sim: co-defendants who live within 50 m of each other are together at home; a gathering rule sees them",
			"pairs", together)
	}
	c.nextBreak = e.after(c.r, breakEvery)
	return c
}

func (c *custody) step(e *env) {
	if e.t >= c.nextBreak {
		c.breakRule(e)
		c.nextBreak = e.after(c.r, breakEvery)
	}
	for _, p := range c.people {
		if p.state == quiet {
			if e.t < p.until {
				continue
			}
			e.log.Info("sim: supervised person reports again", "person", p.id)
			p.state, p.until = routine, e.t
		}
		if p.mv != nil {
			pos, _, _, done := p.mv.advance(e.dt, 2, 25)
			p.pos = pos
			if done {
				p.mv = nil
				if p.returning {
					p.state, p.returning = routine, false
					p.until = e.t + uniform(c.r, 30*60, 120*60)
				}
			}
		} else if e.t >= p.until {
			if p.state != routine {
				// The break is over: home, still breaking until there.
				p.place, p.returning = nil, true
				c.walk(p, p.home)
			} else {
				c.wander(e, p)
			}
		}
		if e.t >= p.next {
			c.report(e, p)
		}
	}
}

// wander sends a person about their routine: home, or somewhere in their
// zone away from listed places and co-defendants; at night, home.
func (c *custody) wander(e *env, p *person) {
	stayHome := e.night() || c.r.IntN(100) < 45
	for try := 0; try < 20 && !stayHome; try++ {
		to := c.zonePoint(p)
		if c.allowed(p, to, zoneMargin) && c.dry(to) && c.pathOK(p, p.pos, to) {
			c.walk(p, to)
			p.until = e.t + uniform(c.r, 10*60, 90*60)
			return
		}
	}
	if p.pos != p.home && c.pathOK(p, p.pos, p.home) {
		c.walk(p, p.home)
	}
	p.until = e.t + uniform(c.r, 30*60, 180*60)
}

// zonePoint draws a point of the person's zone, or near home without one.
func (c *custody) zonePoint(p *person) orb.Point {
	if p.zone == nil {
		return spatial.Destination(p.home, uniform(c.r, 0, 360), uniform(c.r, 50, 300))
	}
	b := p.zone.Bound()
	return orb.Point{uniform(c.r, b.Min[0], b.Max[0]), uniform(c.r, b.Min[1], b.Max[1])}
}

// allowed reports whether a person may be at q: inside their zone by
// margin, away from listed places and from their co-defendants.
func (c *custody) allowed(p *person, q orb.Point, margin float64) bool {
	if p.zone != nil && !insideBy(p.zone, q, margin) {
		return false
	}
	for i := range c.places {
		a := &c.places[i]
		if a.bound.Pad(0.001).Contains(q) && (spatial.Contains(a.poly, q) || edgeDistance(a.poly, q) < placeMargin) {
			return false
		}
	}
	for _, o := range p.codef {
		if spatial.Distance(q, o.pos) < codefendantGap || (o.mv != nil && spatial.Distance(q, o.mv.rt.pts[len(o.mv.rt.pts)-1]) < codefendantGap) {
			return false
		}
	}
	return true
}

// pathOK reports whether the straight way from a to b keeps to the rules.
func (c *custody) pathOK(p *person, a, b orb.Point) bool {
	n := int(spatial.Distance(a, b)/25) + 1
	for i := 1; i < n; i++ {
		q := lerp(a, b, float64(i)/float64(n))
		if p.zone != nil && !insideBy(p.zone, q, pathMargin) {
			return false
		}
		if c.inPlace(q) {
			return false
		}
	}
	return true
}

// inPlace reports whether q is inside a listed place or exclusion zone.
func (c *custody) inPlace(q orb.Point) bool {
	for k := range c.places {
		if c.places[k].bound.Contains(q) && spatial.Contains(c.places[k].poly, q) {
			return true
		}
	}
	return false
}

// walk starts a person towards q in a straight line, on foot or, farther,
// by bus, taxi or e-bike.
func (c *custody) walk(p *person, q orb.Point) {
	speed := uniform(c.r, 3, 5)
	if spatial.Distance(p.pos, q) > 800 {
		// Farther than a short walk: by bus, taxi or e-bike.
		speed = uniform(c.r, 12, 20)
	}
	p.mv = &mover{rt: route{pts: []orb.Point{p.pos, q}, speeds: []float64{speed}}, factor: 1}
}

// report queues a person's check-in: their position with an accuracy of
// 5–50 m (less at a listed place or a meeting), the reported point kept where the
// true one is as far as the rules see it.
func (c *custody) report(e *env, p *person) {
	acc := uniform(c.r, 5, 50)
	switch {
	case p.place != nil:
		acc = uniform(c.r, 5, 10)
	case p.state == meeting:
		acc = uniform(c.r, 5, 15)
	}
	q := jitter(c.r, p.pos, acc/3, acc)
	switch {
	case p.place != nil:
		if !spatial.Contains(p.place, q) {
			q = p.pos
		}
	case p.state != breaking:
		if (p.zone != nil && !insideBy(p.zone, q, 5)) || c.inPlace(q) {
			q = p.pos
		}
	}
	e.out.position("custody_persons", p.id, q, fix{accuracy: f64(round(acc, 1)), props: map[string]any{"last_checkin": e.now}})
	p.next = e.t + uniform(c.r, fixMin, fixMax)
}
