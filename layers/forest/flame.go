package forest

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// FlameIntensity is the risk-adaptive threshold of infrared flame
// detectors: the flame intensity (0–100) a detector in "alarm" must read to
// raise an alert, by the fire danger class (1–5) of the forest cell it
// stands in. Where danger is high a weak flicker is worth a ranger's walk;
// where it is low, sun glint off wet rock stays quiet until the reading
// grows. Index 0 is for a detector outside the risk grid's forest, or a
// server without the grid. A detector that sends no reading (0) is taken
// at its word.
//
//	class      –   1   2   3   4   5
//	intensity  40  60  50  40  30  20
var FlameIntensity = [6]float64{40, 60, 50, 40, 30, 20}

// Flame turns infrared detectors' alarms into alerts, once per alarm: when
// a detector in "alarm" first reads a flame at or above the threshold
// where it stands. It rearms when the detector leaves "alarm", so the
// readings of one burning fire, growing every few minutes, raise one alert.
type Flame struct {
	// Danger, when set, adapts the threshold to the fire danger at the
	// detector (FlameIntensity); nil uses the class-0 threshold.
	Danger Danger

	told map[string]bool // detectors whose alarm has raised its alert
}

// Name returns the rule's name.
func (r *Flame) Name() string { return "ir_flame" }

// Observe takes a detector's new state.
func (r *Flame) Observe(e layers.Event) []layers.Alert {
	if e.Layer != IRDetectors.Name {
		return nil
	}
	if r.told == nil {
		r.told = map[string]bool{}
	}
	if e.Feature == nil || prop(e.Feature, "status") != "alarm" {
		delete(r.told, e.ID)
		return nil
	}
	p, _ := e.Feature.Geometry.(orb.Point)
	flame, _ := e.Feature.Props["flame"].(float64)
	need := flameThreshold(r.Danger, p)
	if r.told[e.ID] || flame > 0 && flame < need {
		return nil
	}
	r.told[e.ID] = true
	name := prop(e.Feature, "name")
	a := layers.Alert{Rule: r.Name(), Domain: layers.Forest, Severity: 3, Layer: e.Layer, Subject: e.ID,
		District: prop(e.Feature, "district"), Point: p, At: e.Feature.Updated,
		Title: layers.Title{Zh: name + " 红外火焰告警", En: "IR flame alarm at " + name}}
	if flame > 0 {
		a.Detail = fmt.Sprintf("flame %.0f ≥ %.0f, the threshold where it stands", flame, need)
	}
	return []layers.Alert{a}
}

// Tick does nothing: flame alerts come from readings only.
func (r *Flame) Tick(time.Time) []layers.Alert { return nil }

// Seed marks the detectors already in alarm when the engine starts as
// told: their alarm raised its alert before the restart.
func (r *Flame) Seed(w *layers.World, _ time.Time) error {
	r.told = map[string]bool{}
	return w.Each(IRDetectors.Name, nil, func(f *layers.Feature) {
		if prop(f, "status") == "alarm" {
			r.told[f.ID] = true
		}
	})
}

// flameThreshold returns the intensity an alarm at p needs.
func flameThreshold(danger Danger, p orb.Point) float64 {
	c := 0
	if danger != nil {
		c = danger(p)
	}
	if c < 0 || c >= len(FlameIntensity) {
		c = 0
	}
	return FlameIntensity[c]
}
