package forest_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/forest"
)

// detector is an IR detector's state with a status and a flame reading.
func detector(status string, flame float64) *layers.Feature {
	return &layers.Feature{ID: "ir-1", Layer: forest.IRDetectors.Name, Geometry: orb.Point{107.1, 29.1},
		Props: map[string]any{"name": "金佛山 1 号", "status": status, "flame": flame, "district": "500119"}, Updated: time.Now()}
}

func TestFlameThresholdByDanger(t *testing.T) {
	cases := []struct {
		name   string
		class  int
		states []*layers.Feature // the detector's successive states
		alerts []int             // alerts raised at each state
	}{
		{"extreme danger: a weak flicker is enough", 5, []*layers.Feature{detector("alarm", 25)}, []int{1}},
		{"low danger: a weak flicker is not", 1, []*layers.Feature{detector("alarm", 25)}, []int{0}},
		{"low danger: the growing fire alerts once it reads 60", 1,
			[]*layers.Feature{detector("alarm", 35), detector("alarm", 55), detector("alarm", 62), detector("alarm", 80)}, []int{0, 0, 1, 0}},
		{"no grid: 40", 0, []*layers.Feature{detector("alarm", 39), detector("alarm", 40)}, []int{0, 1}},
		{"no reading: the detector is taken at its word", 1, []*layers.Feature{detector("alarm", 0)}, []int{1}},
		{"back online rearms", 3, []*layers.Feature{detector("alarm", 45), detector("online", 0), detector("alarm", 45)}, []int{1, 0, 1}},
		{"not an alarm", 5, []*layers.Feature{detector("online", 90)}, []int{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &forest.Flame{Danger: func(orb.Point) int { return c.class }}
			var old *layers.Feature
			for i, f := range c.states {
				got := r.Observe(layers.Event{Kind: layers.EventUpsert, Layer: f.Layer, ID: f.ID, Feature: f, Old: old})
				if len(got) != c.alerts[i] {
					t.Fatalf("state %d (%s, %v): %d alerts, want %d", i, f.Props["status"], f.Props["flame"], len(got), c.alerts[i])
				}
				if len(got) == 1 && (got[0].Rule != "ir_flame" || got[0].Severity != 3 || got[0].Subject != "ir-1") {
					t.Fatalf("alert %+v", got[0])
				}
				old = f
			}
		})
	}
}
