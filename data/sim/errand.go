package sim

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// fixEnRoute is how often, in simulated seconds, a responder on its way to
// an incident reports, so that the map shows it moving.
const fixEnRoute = 5.0

// How rangers go to an incident.
const (
	// walkFar is the furthest a ranger walks; further, they ride the
	// station's motorbike, fetched in bikeTurnout seconds.
	walkFar     = 3000.0
	bikeTurnout = 120.0
	// dismount is how far from the incident a ranger leaves the motorbike
	// and walks the rest.
	dismount = 300.0
	// trailStep is the length of a leg of a way off the road network.
	trailStep = 250.0
	// nearBy is the distance, in metres, within which a vehicle goes
	// straight rather than by the road network.
	nearBy = 500.0
)

// drive is how a kind of responder drives when it is sent: the road's
// speed times factor, kept within [lo, hi] km/h; offRoad km/h where the
// road network does not reach (county and forest roads, which the bends of
// a trail stand for); and turnout, the seconds from the call to moving.
type drive struct {
	factor, lo, hi, offRoad, turnout float64
}

// drives are the vehicles' ways of driving to an incident: fire crews at
// about 40 km/h, patrol cars with lights a little faster, inspectors and
// custody officers in ordinary traffic.
var drives = map[string]drive{
	"fire_crew":       {factor: 0.8, lo: 32, hi: 45, offRoad: 40, turnout: 90},
	"patrol_car":      {factor: 0.8, lo: 30, hi: 45, offRoad: 40, turnout: 30},
	"inspector":       {factor: 0.75, lo: 20, hi: 40, offRoad: 30, turnout: 180},
	"custody_officer": {factor: 0.75, lo: 20, hi: 40, offRoad: 30, turnout: 180},
}

// rolling is the speed, in km/h, above which a vehicle is on the road
// already and needs no turnout.
const rolling = 10.0

// errand is a responder's answer to an assignment: the trip to the
// incident, then the stay there until it is released.
type errand struct {
	task assignment
	// target is where the responder stops, within a quarter of the
	// on-scene radius from the incident (its fixes stray another quarter
	// at most).
	target  orb.Point
	began   float64 // when it was sent
	depart  float64 // when it starts moving, after the turnout
	onScene bool
}

// same reports whether a is the assignment the errand answers, still at
// the same place.
func (j *errand) same(a assignment) bool {
	return j.task.id == a.id && j.task.at == a.at && j.task.arrive == a.arrive
}

// answer starts, keeps or ends a responder's errand by its active
// assignment in e.tasks.
func (rs *responders) answer(e *env, x *responder) {
	a, ok := e.tasks[x.id]
	switch {
	case ok && (x.job == nil || !x.job.same(a)):
		rs.send(e, x, a)
	case ok:
		x.job.task = a
	case x.job != nil:
		rs.release(e, x)
	}
}

// send sets off a responder to the incident of a, from where it is; one
// there already (the simulator restarted) stays.
func (rs *responders) send(e *env, x *responder, a assignment) {
	target := a.at
	switch r := a.arrive / 4; {
	case spatial.Distance(x.pos, a.at) <= r:
		target = x.pos
	case r >= 1:
		target = spatial.Destination(a.at, uniform(rs.r, 0, 360), uniform(rs.r, 0, r))
	}
	rt, turnout, how := rs.tripTo(x, target)
	if target == x.pos || how == "road" && x.speed > rolling {
		turnout = 0
	}
	x.job = &errand{task: a, target: target, began: e.t, depart: e.t + turnout}
	x.trip = &mover{rt: rt, factor: 1}
	x.mv, x.pause = nil, 0
	x.next = math.Min(x.next, e.t)
	eta := time.Duration((turnout + rt.duration()) * float64(time.Second))
	e.log.Info("sim: responder sent", "responder", x.id, "kind", x.kind, "incident", a.incident, "assignment", a.id,
		"by", how, "distance_m", math.Round(spatial.Distance(x.pos, a.at)), "route_m", math.Round(rt.length()),
		"eta", eta.Round(time.Second).String())
}

// release ends a responder's errand: it goes back to its beat, or resumes
// at once when it is on it.
func (rs *responders) release(e *env, x *responder) {
	j := x.job
	x.job, x.trip = nil, nil
	e.log.Info("sim: responder released", "responder", x.id, "incident", j.task.incident, "assignment", j.task.id,
		"on_scene", j.onScene, "after", time.Duration((e.t-j.began)*float64(time.Second)).Round(time.Second).String())
	if spatial.Distance(x.pos, x.home) <= x.beat() {
		rs.resume(e, x)
		return
	}
	rt, _, _ := rs.tripTo(x, x.home)
	x.trip = &mover{rt: rt, factor: 1}
}

// beat returns how far, in metres, a responder goes from home when it is
// not sent anywhere.
func (x *responder) beat() float64 {
	switch x.mode {
	case cruise:
		return 3000
	case patrol, visit:
		return 1500
	}
	return 100
}

// journey moves a responder along its trip to or back from an incident.
func (rs *responders) journey(e *env, x *responder) {
	if x.trip == nil || x.job != nil && e.t < x.job.depart {
		return
	}
	p, heading, speed, done := x.trip.advance(e.dt, 1, math.Inf(1))
	x.pos, x.heading, x.speed = p, heading, speed
	if !done {
		return
	}
	x.trip, x.speed = nil, 0
	if x.job == nil {
		rs.resume(e, x)
		return
	}
	x.job.onScene = true
	x.next = e.t
	e.log.Info("sim: responder on scene", "responder", x.id, "incident", x.job.task.incident,
		"took", time.Duration((e.t-x.job.began)*float64(time.Second)).Round(time.Second).String())
}

// resume puts a responder back to its usual round from where it is.
func (rs *responders) resume(e *env, x *responder) {
	x.mv, x.pause = nil, e.t
	if x.mode == patrol {
		x.mv = &mover{rt: x.loopFrom(x.pos), factor: 1}
	}
}

// tripTo returns the way a responder goes from where it is to p, the
// seconds before it moves, and how it goes: a ranger on foot or, beyond
// walkFar, by motorbike and the last stretch on foot; a vehicle along the
// roads and off them straight to p, or where the roads do not reach, by a
// winding way at its offRoad speed. A vehicle goes to a place nearBy
// straight, at the speed of a road's access.
func (rs *responders) tripTo(x *responder, p orb.Point) (rt route, turnout float64, how string) {
	d := spatial.Distance(x.pos, p)
	if x.kind == "ranger" {
		walk := uniform(rs.r, 4, 5)
		if d <= walkFar {
			return rs.trail(x.pos, p, walk), 0, "foot"
		}
		rt = rs.trail(x.pos, lerp(x.pos, p, 1-dismount/d), uniform(rs.r, 25, 30))
		rt.pts, rt.speeds = append(rt.pts, p), append(rt.speeds, walk)
		return rt, bikeTurnout, "motorbike"
	}
	dr, ok := drives[x.kind]
	if !ok {
		dr = drives["inspector"]
	}
	if d < nearBy {
		return rs.trail(x.pos, p, accessSpeed), dr.turnout, "direct"
	}
	if rt, ok := rs.g.plan(x.pos, p, false); ok {
		f := dr.factor * uniform(rs.r, 0.95, 1.05)
		for i := 1; i+1 < len(rt.speeds); i++ {
			rt.speeds[i] = math.Max(dr.lo, math.Min(dr.hi, rt.speeds[i]*f))
		}
		return rt, dr.turnout, "road"
	}
	return rs.trail(x.pos, p, dr.offRoad*uniform(rs.r, 0.9, 1.05)), dr.turnout, "off-road"
}

// trail returns a way from a to b at speed km/h where there are no roads
// of the network: legs of about trailStep metres that wander up to a
// twelfth of the way (1.5 km at most) to either side, as tracks and county
// roads do, and meet the straight line at both ends.
func (rs *responders) trail(a, b orb.Point, speed float64) route {
	fr := spatial.NewFrame(a)
	bx, by := fr.XY(b)
	d := math.Hypot(bx, by)
	n := int(d / trailStep)
	amp := math.Min(d/12, 1500)
	rt := route{pts: []orb.Point{a}}
	side := 0.0
	for k := 1; k < n; k++ {
		t := float64(k) / float64(n)
		side = math.Max(-1, math.Min(1, side+uniform(rs.r, -0.4, 0.4)))
		off := amp * side * math.Sin(math.Pi*t)
		rt.pts = append(rt.pts, fr.LonLat(t*bx-off*by/d, t*by+off*bx/d))
	}
	rt.pts = append(rt.pts, b)
	for range len(rt.pts) - 1 {
		rt.speeds = append(rt.speeds, speed)
	}
	return rt
}

// duration returns the seconds the route takes at its speeds.
func (rt route) duration() float64 {
	s := 0.0
	for i := 0; i+1 < len(rt.pts); i++ {
		s += spatial.Distance(rt.pts[i], rt.pts[i+1]) / (rt.speeds[i] / 3.6)
	}
	return s
}
