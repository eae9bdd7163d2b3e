package fleet

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
	"lookout/spatial/fence"
)

// The scenarios play hand-built fixes of one car, veh-1, through the rules
// over a square jurisdiction around 江北区 and one venue, a 100 m circle.
var (
	monday   = time.Date(2026, 11, 23, 10, 0, 0, 0, fence.ChinaStandardTime)
	saturday = time.Date(2026, 11, 28, 10, 0, 0, 0, fence.ChinaStandardTime)
	venueAt  = orb.Point{106.582, 29.574}
	inside   = orb.Point{106.560, 29.600} // in the district, 3 km from the venue
	outside  = orb.Point{106.400, 29.600} // west of the district
)

type fix struct {
	at     time.Duration // after the scenario's start
	p      orb.Point
	status string
	speed  float64
}

func square(c orb.Point, half float64) orb.Polygon {
	return orb.Polygon{{{c[0] - half, c[1] - half}, {c[0] + half, c[1] - half}, {c[0] + half, c[1] + half}, {c[0] - half, c[1] + half}, {c[0] - half, c[1] - half}}}
}

// play runs fixes through fresh rules and returns the alerts as
// "rule@offset".
func play(t *testing.T, start time.Time, fixes []fix) []string {
	t.Helper()
	rules := Rules(Options{})
	zones := []layers.Event{
		{Layer: "districts", ID: "500105", Feature: &layers.Feature{ID: "500105", Layer: "districts", Geometry: square(orb.Point{106.65, 29.65}, 0.2),
			Props: map[string]any{"code": "500105", "name": "江北区", "name_en": "Jiangbei"}}},
		{Layer: "districts", ID: "500103", Feature: &layers.Feature{ID: "500103", Layer: "districts", Geometry: square(orb.Point{106.3, 29.6}, 0.05),
			Props: map[string]any{"code": "500103", "name": "渝中区"}}},
		{Layer: Venues.Name, ID: "vn-1", Feature: &layers.Feature{ID: "vn-1", Layer: Venues.Name, Geometry: spatial.Circle(venueAt, 100, 24),
			Props: map[string]any{"name": "江北嘴私人会所", "kind": "private_club"}}},
	}
	var got []string
	var old *layers.Feature
	for _, e := range zones {
		for _, r := range rules {
			r.Observe(e)
		}
	}
	for _, f := range fixes {
		status := f.status
		if status == "" {
			status = "moving"
		}
		feat := &layers.Feature{ID: "veh-1", Layer: Vehicles.Name, Geometry: f.p, Updated: start.Add(f.at),
			Props: map[string]any{"plate": "渝A·12345", "status": status, "speed": f.speed, "district": "500105"}}
		for _, r := range rules {
			for _, a := range append(r.Observe(layers.Event{Layer: Vehicles.Name, ID: "veh-1", Feature: feat, Old: old}), r.Tick(feat.Updated)...) {
				got = append(got, a.Rule+"@"+a.At.Sub(start).String())
			}
		}
		old = feat
	}
	slices.Sort(got)
	return got
}

func TestRules(t *testing.T) {
	min := time.Minute
	tests := []struct {
		name  string
		start time.Time
		fixes []fix
		want  []string
	}{
		{"parked at a venue for three minutes", monday, []fix{
			{0, inside, "moving", 40}, {1 * min, venueAt, "parked", 0}, {2 * min, venueAt, "parked", 0}, {4 * min, venueAt, "parked", 0}},
			[]string{"forbidden_venue@4m0s"}},
		{"driving past a venue is not being there", monday, []fix{
			{0, inside, "moving", 40}, {30 * time.Second, venueAt, "moving", 40}, {time.Minute, inside, "moving", 40}, {5 * min, inside, "moving", 40}},
			nil},
		{"two fixes out of the district", monday, []fix{
			{0, inside, "moving", 40}, {1 * min, outside, "moving", 40}, {2 * min, outside, "moving", 40}},
			[]string{"out_of_area@2m0s"}}, // confirmed by the second fix
		{"one fix across the line and back", monday, []fix{
			{0, inside, "moving", 40}, {1 * min, outside, "moving", 40}, {2 * min, inside, "moving", 40}},
			nil},
		{"setting off on a Saturday", saturday, []fix{
			{0, inside, "parked", 0}, {1 * min, inside, "moving", 30}, {2 * min, inside, "moving", 30}},
			[]string{"out_of_hours@1m0s"}},
		{"setting off on a Monday morning", monday, []fix{{0, inside, "parked", 0}, {1 * min, inside, "moving", 30}}, nil},
		{"setting off at 18:00, the end of office hours", monday.Add(8 * time.Hour), []fix{{-min, inside, "parked", 0}, {0, inside, "moving", 30}},
			[]string{"out_of_hours@0s"}},
		{"setting off at 07:59", monday.Add(-2*time.Hour - min), []fix{{-min, inside, "parked", 0}, {0, inside, "moving", 30}},
			[]string{"out_of_hours@0s"}},
		{"setting off at 08:00", monday.Add(-2 * time.Hour), []fix{{-min, inside, "parked", 0}, {0, inside, "moving", 30}}, nil},
		{"speeding for two fixes", monday, []fix{{0, inside, "moving", 85}, {10 * time.Second, inside, "moving", 90}, {20 * time.Second, inside, "moving", 95}},
			[]string{"speeding@10s"}},
		{"one fast fix is a GPS jump", monday, []fix{{0, inside, "moving", 85}, {10 * time.Second, inside, "moving", 60}, {20 * time.Second, inside, "moving", 85}},
			nil},
		{"speeding again after slowing down", monday, []fix{{0, inside, "moving", 85}, {10 * time.Second, inside, "moving", 90},
			{20 * time.Second, inside, "moving", 50}, {30 * time.Second, inside, "moving", 85}, {40 * time.Second, inside, "moving", 85}},
			[]string{"speeding@10s", "speeding@40s"}},
		{"exactly at the limit", monday, []fix{{0, inside, "moving", 80}, {10 * time.Second, inside, "moving", 80}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := play(t, tt.start, tt.fixes)
			if !slices.Equal(got, tt.want) {
				t.Errorf("alerts %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpeedingSeverity(t *testing.T) {
	r := &Speeding{Limit: 80, Fixes: 1}
	f := &layers.Feature{ID: "veh-1", Layer: Vehicles.Name, Geometry: inside, Props: map[string]any{"speed": 120.0}}
	as := r.Observe(layers.Event{Layer: Vehicles.Name, ID: "veh-1", Feature: f})
	if len(as) != 1 || as[0].Severity != 3 {
		t.Fatalf("alerts %+v, want one of severity 3", as)
	}
}
