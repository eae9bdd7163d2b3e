package fence

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Places and times used throughout the tests.
var (
	jiefangbei = orb.Point{106.5771, 29.5576} // 解放碑, 渝中区
	// monday is 10:00 on Monday 23 November 2026 in Chongqing.
	monday = time.Date(2026, 11, 23, 10, 0, 0, 0, ChinaStandardTime)
)

// from returns the point dist metres from p on the bearing (degrees).
func from(p orb.Point, bearing, dist float64) orb.Point {
	return spatial.Destination(p, bearing, dist)
}

// east returns the point dist metres east of 解放碑 (west when negative).
func east(dist float64) orb.Point {
	if dist < 0 {
		return from(jiefangbei, 270, -dist)
	}
	return from(jiefangbei, 90, dist)
}

// square returns the ring of the square of side 2·half metres centred on c,
// counter-clockwise.
func square(c orb.Point, half float64) orb.Ring {
	dlat := half / (spatial.EarthRadius * math.Pi / 180)
	dlon := dlat / math.Cos(c[1]*math.Pi/180)
	return orb.Ring{
		{c[0] - dlon, c[1] - dlat}, {c[0] + dlon, c[1] - dlat},
		{c[0] + dlon, c[1] + dlat}, {c[0] - dlon, c[1] + dlat},
		{c[0] - dlon, c[1] - dlat},
	}
}

// circle returns a zone of radius metres around 解放碑.
func circle(id string, k Kind, radius float64) Zone {
	return Zone{ID: id, Kind: k, Shape: jiefangbei, Radius: radius}
}

// box returns a square zone of side 2·half metres around 解放碑.
func box(id string, k Kind, half float64) Zone {
	return Zone{ID: id, Kind: k, Shape: orb.Polygon{square(jiefangbei, half)}}
}

// step is one fix (or, with tick, one call of Tick) and the events it must
// raise, each written as describe writes it.
type step struct {
	at      time.Duration // after monday
	p       orb.Point
	acc     float64
	subject string // "p1" when empty
	tick    bool
	want    []string
}

// scenario is zones and steps, played on a new engine.
type scenario struct {
	name  string
	zones []Zone
	steps []step
}

// describe writes an event as "type zone certainty [violation]", with
// "subject:" in front for subjects other than p1.
func describe(ev Event) string {
	s := fmt.Sprintf("%s %s %s", ev.Type, ev.Zone, ev.Certainty)
	if ev.Violation {
		s += " violation"
	}
	if ev.Subject != "p1" {
		s = ev.Subject + ": " + s
	}
	return s
}

func describeAll(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, describe(ev))
	}
	return out
}

// play runs the scenarios as subtests.
func play(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			e := mustEngine(t, sc.zones...)
			for i, st := range sc.steps {
				var got []Event
				when := monday.Add(st.at)
				if st.tick {
					got = e.Tick(when)
				} else {
					subj := st.subject
					if subj == "" {
						subj = "p1"
					}
					got = e.Observe(Fix{Subject: subj, Point: st.p, Accuracy: st.acc, Time: when})
				}
				if g := describeAll(got); !slices.Equal(g, st.want) {
					t.Fatalf("step %d (+%v): got %q, want %q", i, st.at, g, st.want)
				}
			}
		})
	}
}

// mustEngine returns an engine holding zones.
func mustEngine(t testing.TB, zones ...Zone) *Engine {
	t.Helper()
	e := New()
	for _, z := range zones {
		if err := e.Put(z); err != nil {
			t.Fatalf("Put(%s): %v", z.ID, err)
		}
	}
	return e
}

// ev is shorthand for the description of one event.
func ev(s ...string) []string { return s }
