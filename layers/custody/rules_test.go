package custody

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
	"lookout/spatial/fence"
)

// The scenarios play hand-built fixes of one person, cp-1, living at home
// with an allowed area of 500 m around it, and a listed place (a 40 m
// circle) 300 m east of home.
var (
	evening = time.Date(2026, 11, 23, 20, 0, 0, 0, fence.ChinaStandardTime)
	home    = orb.Point{106.570, 29.557}
	place   = spatial.Destination(home, 90, 300)
)

func at(bearing, dist float64) orb.Point { return spatial.Destination(home, bearing, dist) }

type fix struct {
	at  time.Duration
	p   orb.Point
	acc float64
}

// play runs the fixes, ticking the rules at each and then every minute up
// to until, and returns the alerts as "rule/severity@offset".
func play(t *testing.T, schedule string, fixes []fix, until time.Duration) []string {
	t.Helper()
	r := fences(Options{}.withDefaults())
	r.Observe(layers.Event{Layer: Zones.Name, ID: "cz-1", Feature: &layers.Feature{ID: "cz-1", Layer: Zones.Name,
		Geometry: spatial.Circle(home, 500, 36), Props: map[string]any{"person": "cp-1", "kind": "inclusion", "schedule": schedule}}})
	r.Observe(layers.Event{Layer: ListedPlaces.Name, ID: "lp-1", Feature: &layers.Feature{ID: "lp-1", Layer: ListedPlaces.Name,
		Geometry: spatial.Circle(place, 40, 36), Props: map[string]any{"name": "红岩KTV", "kind": "ktv"}}})
	if r.Refused != 0 {
		t.Fatalf("%d zones refused", r.Refused)
	}
	var got []string
	note := func(as []layers.Alert) {
		for _, a := range as {
			got = append(got, a.Rule+"/"+string(rune('0'+a.Severity))+"@"+a.At.Sub(evening).String())
		}
	}
	var old *layers.Feature
	for _, f := range fixes {
		feat := &layers.Feature{ID: "cp-1", Layer: Persons.Name, Geometry: f.p, Updated: evening.Add(f.at),
			Props: map[string]any{"name": "张三", "case": "case-1", "accuracy": f.acc}}
		note(r.Tick(feat.Updated))
		note(r.Observe(layers.Event{Layer: Persons.Name, ID: "cp-1", Feature: feat, Old: old}))
		old = feat
	}
	for d := fixes[len(fixes)-1].at; d <= until; d += time.Minute {
		note(r.Tick(evening.Add(d)))
	}
	return got
}

func TestFences(t *testing.T) {
	m := time.Minute
	tests := []struct {
		name     string
		schedule string
		fixes    []fix
		until    time.Duration
		want     []string
	}{
		{"at home all evening", "", []fix{{0, home, 10}, {5 * m, at(0, 100), 10}, {10 * m, home, 10}}, 30 * m, nil},
		{"leaving the area", "", []fix{{0, home, 10}, {5 * m, at(0, 700), 10}, {8 * m, at(0, 800), 10}}, 10 * m,
			[]string{"leave_zone/3@8m0s"}},
		{"one stray fix outside", "", []fix{{0, home, 10}, {5 * m, at(0, 700), 10}, {6 * m, home, 10}}, 20 * m, nil},
		{"just outside with an accuracy circle straddling the edge", "", []fix{{0, home, 10}, {5 * m, at(180, 530), 80}, {8 * m, at(180, 530), 80}, {12 * m, at(180, 530), 80}}, 20 * m, nil},
		{"on the boundary", "", []fix{{0, home, 10}, {5 * m, at(180, 499), 0}, {8 * m, at(180, 499), 0}}, 20 * m, nil},
		{"out in the evening when the area applies by day only", "07:00-22:00", []fix{{0, home, 10}, {125 * m, at(0, 900), 10}, {130 * m, at(0, 900), 10}}, 150 * m, nil},
		{"out at 21:55, still out at 22:00", "07:00-22:00", []fix{{0, home, 10}, {115 * m, at(0, 900), 10}, {118 * m, at(0, 900), 10}}, 130 * m,
			[]string{"leave_zone/3@1h58m0s"}},
		{"out overnight, flagged when the area applies again at 07:00", "07:00-22:00", []fix{{0, home, 10}, {180 * m, at(0, 900), 10}, {185 * m, at(0, 900), 10}}, 12 * time.Hour,
			[]string{"leave_zone/3@11h0m0s"}},
		{"into the listed place", "", []fix{{0, home, 10}, {5 * m, place, 5}, {6 * m, place, 5}, {7 * m, place, 5}}, 10 * m,
			[]string{"listed_place/3@6m0s"}},
		{"walking through the listed place between two fixes", "", []fix{{0, at(90, 150), 5}, {2 * m, at(90, 450), 5}}, 5 * m,
			[]string{"listed_place/2@2m0s"}},
		{"two fixes out, confirmed when the dwell runs out", "", []fix{{0, home, 10}, {20 * m, at(0, 800), 10}, {21 * m, at(0, 820), 10}, {24 * m, at(0, 850), 10}}, 25 * m,
			[]string{"leave_zone/3@22m0s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := play(t, tt.schedule, tt.fixes, tt.until)
			if !slices.Equal(got, tt.want) {
				t.Errorf("alerts %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLateBatch: the clock has run on to 30 minutes with the person last
// seen at home; then a batch from a dead zone arrives showing them out
// from 20 minutes on. It is judged in its own time order.
func TestLateBatch(t *testing.T) {
	r := fences(Options{}.withDefaults())
	r.Observe(layers.Event{Layer: Zones.Name, ID: "cz-1", Feature: &layers.Feature{ID: "cz-1", Layer: Zones.Name,
		Geometry: spatial.Circle(home, 500, 36), Props: map[string]any{"person": "cp-1", "kind": "inclusion"}}})
	person := func(d time.Duration, p orb.Point) layers.Event {
		f := &layers.Feature{ID: "cp-1", Layer: Persons.Name, Geometry: p, Updated: evening.Add(d), Props: map[string]any{"name": "张三"}}
		return layers.Event{Layer: Persons.Name, ID: "cp-1", Feature: f}
	}
	var got []layers.Alert
	got = append(got, r.Observe(person(0, home))...)
	got = append(got, r.Tick(evening.Add(30*time.Minute))...)
	for _, d := range []time.Duration{20, 21, 24} {
		got = append(got, r.Observe(person(d*time.Minute, at(0, 800)))...)
	}
	if len(got) != 1 || got[0].Rule != "leave_zone" || !got[0].At.Equal(evening.Add(24*time.Minute)) {
		t.Fatalf("alerts %+v, want one leave_zone at 20:24", got)
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		in      string
		windows int
		ok      bool
	}{
		{"", 0, true}, {"全天", 0, true}, {"07:00-22:00", 1, true}, {"22:00-06:00", 1, true}, {"00:00-24:00", 1, true},
		{"7:00-22:00", 1, true}, {"07:00", 0, false}, {"07:00-07:00", 0, false}, {"25:00-06:00", 0, false},
		{"07:60-08:00", 0, false}, {"ab:cd-ef:gh", 0, false}, {"24:30-01:00", 0, false},
	}
	for _, tt := range tests {
		s, err := ParseSchedule(tt.in)
		if (err == nil) != tt.ok || len(s.Windows) != tt.windows {
			t.Errorf("ParseSchedule(%q) = %d windows, %v; want %d, ok %v", tt.in, len(s.Windows), err, tt.windows, tt.ok)
		}
	}
}

// TestScheduleChecked: a zone's schedule the rules cannot read is refused
// when it is written, with the field named, rather than turning the zone
// off.
func TestScheduleChecked(t *testing.T) {
	f, _ := Zones.Field("schedule")
	for _, c := range []struct {
		in string
		ok bool
	}{{"07:00-22:00", true}, {"全天", true}, {"", true}, {"07:00–22:00", false}, {"7am-10pm", false}, {"25:00-01:00", false}} {
		_, err := layers.Coerce(f, c.in)
		if (err == nil) != c.ok {
			t.Errorf("schedule %q: err %v, want ok %v", c.in, err, c.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "properties.schedule") {
			t.Errorf("schedule %q: error %v does not name the field", c.in, err)
		}
	}
}
