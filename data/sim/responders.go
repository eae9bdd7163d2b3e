package sim

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// fixResponder is how often a responder's phone or terminal reports.
const fixResponder = 30.0

// How responders move.
const (
	stay   = iota // at one place (fire crews at base, anyone unavailable)
	patrol        // a ranger's loop on foot
	cruise        // a patrol car on the roads near its station
	visit         // an inspector or officer going round on foot
	silent        // off duty: the phone reports nothing
)

// responder is a ranger, crew, patrol car, inspector or officer.
type responder struct {
	id, kind  string
	mode      int
	home, pos orb.Point
	mv        *mover
	loop      route
	pause     float64 // when a pause ends
	heading   float64
	speed     float64
	next      float64
	// job is the assignment the responder answers (nil: none), and trip
	// its way to the incident or, once released, back to its beat.
	job  *errand
	trip *mover
}

// responders moves the people and crews who can be sent to an incident.
type responders struct {
	r   *rand.Rand
	g   *graph
	all []*responder
}

func newResponders(e *env, g *graph, fs []feature) *responders {
	rs := &responders{r: stream(e.seed, "responders"), g: g}
	for i := range fs {
		f := &fs[i]
		x := &responder{id: f.id, kind: f.str("kind"), home: f.point(), pos: f.point(), next: uniform(rs.r, 0, fixResponder)}
		x.heading, _ = f.num("heading")
		available := f.str("availability") == "available"
		switch kind := f.str("kind"); {
		case f.str("availability") == "off_duty":
			x.mode = silent
		case !available || kind == "fire_crew":
			x.mode = stay
		case kind == "ranger":
			x.mode, x.loop = patrol, rs.patrolLoop(x.home)
			x.mv = &mover{rt: x.loopFrom(x.home), factor: 1}
		case kind == "patrol_car":
			x.mode = cruise
		default:
			x.mode = visit
		}
		rs.all = append(rs.all, x)
	}
	return rs
}

// patrolLoop returns a ranger's round: six to nine points 400–1200 m
// around home, in order of bearing, walked at 2.5–4.5 km/h.
func (rs *responders) patrolLoop(home orb.Point) route {
	n := 6 + rs.r.IntN(4)
	walk := uniform(rs.r, 2.5, 4.5)
	start := uniform(rs.r, 0, 360)
	rt := route{}
	for k := 0; k <= n; k++ {
		var p orb.Point
		if k == n {
			p = rt.pts[0]
		} else {
			p = spatial.Destination(home, start+float64(k)*360/float64(n)+uniform(rs.r, -15, 15), uniform(rs.r, 400, 1200))
		}
		rt.pts = append(rt.pts, p)
		if k > 0 {
			rt.speeds = append(rt.speeds, walk)
		}
	}
	return rt
}

// loopFrom returns a ranger's way from p to the patrol loop, then round it.
func (x *responder) loopFrom(p orb.Point) route {
	return route{pts: append([]orb.Point{p}, x.loop.pts...), speeds: append([]float64{x.loop.speeds[0]}, x.loop.speeds...)}
}

// step moves the responders: those sent to an incident go there and stay,
// the others keep to their rounds. Off duty, a phone reports nothing
// unless its responder is sent somewhere.
func (rs *responders) step(e *env) {
	for _, x := range rs.all {
		rs.answer(e, x)
		if x.mode == silent && x.job == nil && x.trip == nil {
			continue
		}
		x.speed = 0
		switch {
		case x.job != nil || x.trip != nil:
			rs.journey(e, x)
		case e.t >= x.pause && x.mode != stay:
			rs.move(e, x)
		}
		if e.t >= x.next {
			rs.report(e, x)
		}
	}
}

// report queues a responder's fix: every fixResponder seconds, and every
// fixEnRoute on the way to an incident. On scene, the error is kept within
// a quarter of the on-scene radius.
func (rs *responders) report(e *env, x *responder) {
	acc := uniform(rs.r, 3, 15)
	if x.mode == patrol {
		acc = uniform(rs.r, 5, 30)
	}
	if x.job != nil && x.job.onScene {
		acc = math.Min(acc, x.job.task.arrive/4)
	}
	p := jitter(rs.r, x.pos, acc/2, acc)
	e.out.position("responders", x.id, p, fix{speed: f64(round(x.speed, 1)), heading: f64(round(x.heading, 0)),
		accuracy: f64(round(acc, 1)), props: map[string]any{"last_seen": e.now}})
	x.next = e.t + fixResponder
	if x.job != nil && !x.job.onScene {
		x.next = e.t + fixEnRoute
	}
}

// move advances a moving responder, starting a new leg when one ends.
func (rs *responders) move(e *env, x *responder) {
	if x.mv == nil {
		rs.plan(e, x)
		if x.mv == nil {
			return
		}
	}
	lo, hi := 2.0, 6.0
	if x.mode == cruise {
		lo, hi = 15, 45
	}
	p, heading, speed, done := x.mv.advance(e.dt, lo, hi)
	x.pos, x.heading, x.speed = p, heading, speed
	if !done {
		return
	}
	x.speed = 0
	switch x.mode {
	case patrol:
		// Round again, now and then after a rest.
		x.mv = &mover{rt: x.loop, factor: 1}
		x.mv.rt.pts = append([]orb.Point{x.pos}, x.loop.pts[1:]...)
		if rs.r.IntN(3) == 0 {
			x.pause = e.t + uniform(rs.r, 5*60, 20*60)
		}
	case cruise:
		x.mv, x.pause = nil, e.t+uniform(rs.r, 2*60, 10*60)
	default:
		x.mv, x.pause = nil, e.t+uniform(rs.r, 10*60, 40*60)
	}
}

// plan starts the next leg of a patrol car or a visit.
func (rs *responders) plan(e *env, x *responder) {
	switch x.mode {
	case cruise:
		near := rs.g.near(x.home, 3000)
		if len(near) == 0 {
			x.mode = visit
			return
		}
		to := near[rs.r.IntN(len(near))]
		if rt, ok := rs.g.plan(x.pos, rs.g.pts[to], false); ok {
			x.mv = &mover{rt: rt, factor: uniform(rs.r, 0.7, 1)}
		} else {
			x.pause = e.t + 10*60
		}
	case visit:
		to := x.home
		if spatial.Distance(x.pos, x.home) < 100 {
			to = spatial.Destination(x.home, uniform(rs.r, 0, 360), uniform(rs.r, 200, 1500))
		}
		if rs.g.crosses(x.pos, to) {
			x.pause = e.t + 10*60
			return
		}
		walk := uniform(rs.r, 3.5, 5)
		x.mv = &mover{rt: route{pts: []orb.Point{x.pos, to}, speeds: []float64{walk}}, factor: 1}
	}
}
