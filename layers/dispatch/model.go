package dispatch

import (
	"math"
	"time"
)

// Mode is one way a responder can travel: a speed, a detour factor (the
// path over the straight line: roads wind, trails climb) and a turnout time
// (from the call to moving: a crew boarding its engine).
type Mode struct {
	Name     string  // foot, motorbike, road
	SpeedKmh float64 // average travel speed
	Detour   float64 // path length over great-circle distance, ≥ 1
	Turnout  time.Duration
	// MinDistance and MaxDistance in metres, when non-zero, bound the trips
	// this mode is used for (a ranger walks a short way and rides further).
	MinDistance, MaxDistance float64
}

// ETA returns the travel time over a great-circle distance in metres.
func (m Mode) ETA(distance float64) time.Duration {
	secs := distance * m.Detour / (m.SpeedKmh / 3.6)
	return m.Turnout + time.Duration(secs*float64(time.Second))
}

// Models are the travel modes of each kind of responder. A responder goes
// by whichever of its modes arrives first.
//
// The figures are averages for Chongqing, a city of mountains and rivers:
//   - road detour 1.4 for urban and county roads (the network-to-straight-
//     line ratio measured for hilly Chinese cities is 1.3–1.5; bridges over
//     the Yangtze and Jialing push it up), 1.6 for fire crews, whose fires
//     are up forest roads;
//   - patrol cars 40 km/h with lights, inspectors and custody officers in
//     ordinary traffic 25 km/h, fire engines 35 km/h on mountain roads;
//   - turnout: a patrol car on the street moves at once (30 s), a fire crew
//     in its station boards in 90 s, an inspector or officer in 3 minutes;
//   - rangers walk forest trails at 4 km/h with detour 1.3 up to 3 km; from
//     1 km they may instead ride the station's motorbike (30 km/h, detour
//     1.5, 2 minutes to fetch it), whichever is sooner.
//
// A responder already moving faster than 10 km/h in a vehicle needs no
// turnout: it is on the road.
var Models = map[string][]Mode{
	"ranger": {
		{Name: "foot", SpeedKmh: 4, Detour: 1.3, MaxDistance: 3000},
		{Name: "motorbike", SpeedKmh: 30, Detour: 1.5, Turnout: 2 * time.Minute, MinDistance: 1000},
	},
	"fire_crew":       {{Name: "road", SpeedKmh: 35, Detour: 1.6, Turnout: 90 * time.Second}},
	"patrol_car":      {{Name: "road", SpeedKmh: 40, Detour: 1.4, Turnout: 30 * time.Second}},
	"inspector":       {{Name: "road", SpeedKmh: 25, Detour: 1.4, Turnout: 3 * time.Minute}},
	"custody_officer": {{Name: "road", SpeedKmh: 25, Detour: 1.4, Turnout: 3 * time.Minute}},
}

// rollingKmh is the speed above which a vehicle is taken to be on the road
// already, with no turnout.
const rollingKmh = 10

// Travel returns the mode by which a responder of kind, at distance metres
// and moving at speed km/h, arrives first, and its ETA. ok is false for a
// kind without a model.
func Travel(kind string, distance, speed float64) (m Mode, eta time.Duration, ok bool) {
	for _, x := range Models[kind] {
		if (x.MaxDistance > 0 && distance > x.MaxDistance) || distance < x.MinDistance {
			continue
		}
		if x.Name != "foot" && speed > rollingKmh {
			x.Turnout = 0
		}
		if e := x.ETA(distance); !ok || e < eta {
			m, eta, ok = x, e, true
		}
	}
	return m, eta, ok
}

// minRate is the fewest seconds per metre of any mode, turnout aside: no
// responder further than d can arrive sooner than d·minRate. It bounds the
// walk outward from the incident.
func minRate() float64 {
	r := math.Inf(1)
	for kind := range Models {
		r = min(r, kindRate(kind))
	}
	return r
}

// kindRate is minRate for one kind of responder.
func kindRate(kind string) float64 {
	r := math.Inf(1)
	for _, m := range Models[kind] {
		r = min(r, m.Detour/(m.SpeedKmh/3.6))
	}
	return r
}
