package sim

import (
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

// sentAt is a responder's fix as the test sees it.
type sentAt struct {
	t, speed float64
	p        orb.Point
}

// fixesOf steps rs once by dt and returns the fixes of responder id.
func fixesOf(rs *responders, e *env, dt float64, id string) []sentAt {
	var out []sentAt
	for _, it := range run(rs, e, 1, dt) {
		if it.ID == id && it.Type == "position" {
			out = append(out, sentAt{t: e.t, speed: *it.Speed, p: orb.Point{*it.Lon, *it.Lat}})
		}
	}
	return out
}

// TestRespondersAnswerAssignments sends one responder of each kind to an
// incident, playing the server's part (en route once a fix moves, on scene
// once one lands within arrive_m), and checks that it gets there at a
// plausible speed for its kind, closing in all the way, with fixes every
// fixEnRoute seconds; that it stays within arrive_m/2 until released; and
// that it then goes back to its round.
func TestRespondersAnswerAssignments(t *testing.T) {
	ds, _ := chongqing.Districts()
	var forest orb.Point
	for i := range ds {
		if ds[i].Code == "500229" { // 城口县, far beyond the road network
			forest = spatial.InteriorPoint(ds[i].Geometry)
		}
	}
	cases := []struct {
		name, kind, availability string
		from, to                 orb.Point
		// kmh bounds the speed over the straight line, turnout aside.
		kmh [2]float64
		// slack is how much further from the incident than at any earlier
		// fix a fix may be: roads run on a grid and round to bridges.
		slack float64
	}{
		{"patrol car across 江北区", "patrol_car", "available", orb.Point{106.532, 29.577}, orb.Point{106.572, 29.588}, [2]float64{12, 55}, 600},
		{"fire crew to the airport", "fire_crew", "available", orb.Point{106.575, 29.569}, orb.Point{106.640, 29.720}, [2]float64{15, 50}, 600},
		{"inspector over the Jialing", "inspector", "available", orb.Point{106.577, 29.557}, orb.Point{106.532, 29.577}, [2]float64{8, 45}, 800},
		{"custody officer off duty, over the Yangtze", "custody_officer", "off_duty", orb.Point{106.565, 29.528}, orb.Point{106.513, 29.506}, [2]float64{8, 45}, 800},
		{"ranger on foot", "ranger", "available", forest, spatial.Destination(forest, 60, 1500), [2]float64{3, 5}, 60},
		{"ranger by motorbike", "ranger", "available", forest, spatial.Destination(forest, 200, 9000), [2]float64{12, 30}, 100},
		{"fire crew beyond the roads", "fire_crew", "available", forest, spatial.Destination(forest, 300, 12000), [2]float64{20, 42}, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lg := &logs{}
			e := testEnv(1, lg)
			rs := newResponders(e, testGraph(), []feature{point(tc.from, map[string]any{"kind": tc.kind, "availability": tc.availability}, "rsp-x")})
			x := rs.all[0]
			run(rs, e, 120, 5) // ten minutes of the usual round first
			a := assignment{id: "asg-1", incident: "inc-1", responder: x.id, kind: tc.kind, state: taskAssigned, at: tc.to, arrive: 150}
			onScene := goThere(t, rs, e, a, tc.kmh, tc.slack)
			a.state = taskOnScene
			stayThere(t, rs, e, a, onScene)
			if n := len(lg.with("sim: responder sent")); n != 1 || len(lg.with("sim: responder on scene")) != 1 {
				t.Errorf("sent %d times as the assignment went en route and on scene, want once", n)
			}
			if r := lg.with("sim: responder sent"); len(r) > 0 {
				t.Logf("went by %v: %v m for %v m as the crow flies, planned %v", r[0]["by"], r[0]["route_m"], r[0]["distance_m"], r[0]["eta"])
			}
			e.tasks = nil
			goBack(t, rs, e, tc.availability == "off_duty")
		})
	}
}

// goThere sends the responder on a and follows it until the fake server
// marks it on scene, and returns when that was.
func goThere(t *testing.T, rs *responders, e *env, a assignment, kmh [2]float64, slack float64) float64 {
	t.Helper()
	x := rs.all[0]
	start, sent := x.pos, e.t
	dist := spatial.Distance(start, a.at)
	e.tasks = tasks{x.id: a}
	var trip []sentAt
	onScene := -1.0
	for onScene < 0 && e.t < sent+4*3600 {
		for _, f := range fixesOf(rs, e, 5, x.id) {
			trip = append(trip, f)
			switch d := spatial.Distance(f.p, a.at); {
			case d <= a.arrive:
				a.state, onScene = taskOnScene, f.t
			case a.state == taskAssigned && spatial.Distance(f.p, start) > 40:
				a.state = taskEnRoute
			}
			e.tasks = tasks{x.id: a}
		}
	}
	if onScene < 0 {
		t.Fatalf("not on scene %.0f m away after four hours; at %.0f m", dist, spatial.Distance(x.pos, a.at))
	}
	moving := onScene - x.job.depart
	v := (dist - spatial.Distance(trip[len(trip)-1].p, a.at)) / moving * 3.6
	t.Logf("%.0f m in %.1f min after a turnout of %.0f s: %.1f km/h over the straight line, %d fixes",
		dist, moving/60, x.job.depart-sent, v, len(trip))
	if v < kmh[0] || v > kmh[1] {
		t.Errorf("%.1f km/h over the straight line, want %.0f–%.0f", v, kmh[0], kmh[1])
	}
	closingIn(t, trip, a.at, slack, x.job.depart)
	return onScene
}

// closingIn checks the fixes of a trip to at: one every fixEnRoute
// seconds, none more than slack further than an earlier one, and each
// fifth of the way after departing closer than the one before.
func closingIn(t *testing.T, trip []sentAt, at orb.Point, slack, depart float64) {
	t.Helper()
	closest := spatial.Distance(trip[0].p, at)
	for i, f := range trip {
		d := spatial.Distance(f.p, at)
		if d > closest+slack {
			t.Fatalf("fix %d is %.0f m from the incident, after one at %.0f m", i, d, closest)
		}
		closest = min(closest, d)
		if i > 0 && f.t-trip[i-1].t > fixEnRoute+5 {
			t.Errorf("%.0f s between fixes on the way, want %.0f", f.t-trip[i-1].t, fixEnRoute)
		}
	}
	for len(trip) > 0 && trip[0].t < depart+5 {
		trip = trip[1:]
	}
	for k := 1; k <= 4; k++ {
		if a, b := trip[(k-1)*len(trip)/5], trip[k*len(trip)/5]; spatial.Distance(b.p, at) >= spatial.Distance(a.p, at) {
			t.Errorf("no closer after %d fifths of the way", k)
		}
	}
}

// stayThere follows the responder for 30 minutes from when the fake
// server marked it on scene: it must come within arrive_m/2 of the incident
// in a few minutes and stay there, reporting every fixResponder seconds.
func stayThere(t *testing.T, rs *responders, e *env, a assignment, onScene float64) {
	t.Helper()
	x := rs.all[0]
	e.tasks = tasks{x.id: a}
	arrived, n := -1.0, 0
	for e.t < onScene+30*60 {
		for _, f := range fixesOf(rs, e, 5, x.id) {
			d := spatial.Distance(f.p, a.at)
			switch {
			case arrived < 0 && d <= a.arrive/2:
				arrived = f.t
			case arrived >= 0 && d > a.arrive/2:
				t.Fatalf("a fix %.0f m from the incident after arriving, want within %.0f", d, a.arrive/2)
			case arrived >= 0:
				n++
			}
		}
	}
	if arrived < 0 || arrived > onScene+5*60 {
		t.Fatalf("not within %.0f m of the incident five minutes after reaching %.0f m", a.arrive/2, a.arrive)
	}
	if want := (onScene + 30*60 - arrived) / fixResponder; float64(n) < want-3 {
		t.Errorf("%d fixes on scene, want about %.0f", n, want)
	}
}

// goBack follows the responder for three hours after its release and
// checks that it goes back to its beat and its round (silent again when
// off duty).
func goBack(t *testing.T, rs *responders, e *env, silentAfter bool) {
	t.Helper()
	x := rs.all[0]
	released := e.t
	var after []sentAt
	for e.t < released+3*3600 {
		after = append(after, fixesOf(rs, e, 5, x.id)...)
	}
	if x.job != nil || x.trip != nil {
		t.Fatalf("still on an errand three hours after the release")
	}
	if d := spatial.Distance(x.pos, x.home); d > x.beat()+500 {
		t.Errorf("%.0f m from home three hours after the release, want within %.0f", d, x.beat())
	}
	moved, lastHour := false, 0
	for _, f := range after {
		moved = moved || f.speed > 0
		if f.t > e.t-3600 {
			lastHour++
		}
	}
	switch {
	case !moved:
		t.Error("never moved after the release")
	case silentAfter && lastHour > 0:
		t.Errorf("%d fixes in the last hour, off duty at home", lastHour)
	case !silentAfter && (lastHour < 3600/fixResponder-5 || lastHour > 3600/fixResponder+5):
		t.Errorf("%d fixes in the last hour, want one every %.0f s again", lastHour, fixResponder)
	}
}

// TestResponderRedirected checks the two other ways an errand starts: a
// responder already at the incident (the simulator restarted) is on scene
// at once, and one sent elsewhere on its way goes there instead, without
// a second turnout.
func TestResponderRedirected(t *testing.T) {
	from, first, second := orb.Point{106.532, 29.577}, orb.Point{106.572, 29.588}, orb.Point{106.560, 29.600}
	lg := &logs{}
	e := testEnv(1, lg)
	rs := newResponders(e, testGraph(), []feature{
		point(from, map[string]any{"kind": "patrol_car", "availability": "available"}, "rsp-a"),
		point(second, map[string]any{"kind": "patrol_car", "availability": "available"}, "rsp-b"),
	})
	a, b := rs.all[0], rs.all[1]
	e.tasks = tasks{
		a.id: {id: "asg-1", incident: "inc-1", responder: a.id, state: taskAssigned, at: first, arrive: 150},
		b.id: {id: "asg-2", incident: "inc-2", responder: b.id, state: taskOnScene, at: second, arrive: 150},
	}
	run(rs, e, 1, 5)
	if b.job == nil || !b.job.onScene || b.pos != second {
		t.Errorf("a responder at the incident is not on scene at once: %+v at %v", b.job, b.pos)
	}
	for a.speed == 0 {
		run(rs, e, 1, 5)
	}
	run(rs, e, 12, 5)
	e.tasks = tasks{a.id: {id: "asg-3", incident: "inc-2", responder: a.id, state: taskAssigned, at: second, arrive: 150}, b.id: e.tasks[b.id]}
	run(rs, e, 1, 5)
	if a.job.depart > e.t {
		t.Errorf("a redirected car waits %.0f s to turn out again", a.job.depart-e.t)
	}
	for e.t < 3600 && (a.job == nil || !a.job.onScene) {
		run(rs, e, 1, 5)
	}
	if d := spatial.Distance(a.pos, second); d > 150/4 {
		t.Errorf("the redirected car stopped %.0f m from the second incident", d)
	}
	if n := len(lg.with("sim: responder released")); n != 0 {
		t.Errorf("%d releases logged for a redirect", n)
	}
}
