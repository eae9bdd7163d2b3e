package market

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Rules returns the market supervision rules: kitchen camera violations,
// elevator entrapments and faults, and pharmacy cold storage out of range
// for longer than coldFor.
func Rules(coldFor time.Duration) []layers.Rule {
	return []layers.Rule{
		&layers.Transition{ID: "kitchen_violation", Layer: Kitchens.Name, Field: "camera_status",
			Values: map[string]int{"violation": 2}, Domain: layers.Market,
			Title: func(f *layers.Feature, _ string) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 后厨违规", En: "Kitchen violation at " + name}
			},
			Describe: func(f *layers.Feature, _ string) string { v, _ := f.Props["violation"].(string); return v }},
		&layers.Transition{ID: "elevator", Layer: Elevators.Name, Field: "status",
			Values: map[string]int{"entrapment": 4, "fault": 2}, Domain: layers.Market,
			Title: func(f *layers.Feature, v string) layers.Title {
				b, _ := f.Props["building"].(string)
				if v == "entrapment" {
					return layers.Title{Zh: b + " 电梯困人", En: "People trapped in a lift at " + b}
				}
				return layers.Title{Zh: b + " 电梯故障", En: "Lift fault at " + b}
			}},
		NewColdStorage(coldFor),
	}
}

// ColdStorage fires when a pharmacy's cold storage has been outside 2–8 °C
// for longer than For: one reading out of range is a door opened, ten
// minutes of them is spoiled vaccine. It fires once per excursion.
type ColdStorage struct {
	For  time.Duration
	Min  float64
	Max  float64
	outs map[string]*excursion // pharmacy → its current excursion
}

type excursion struct {
	since time.Time
	fired bool
	last  *layers.Feature
}

// NewColdStorage returns the rule with the 2–8 °C range.
func NewColdStorage(d time.Duration) *ColdStorage {
	return &ColdStorage{For: d, Min: 2, Max: 8, outs: map[string]*excursion{}}
}

// Name returns the rule's name.
func (r *ColdStorage) Name() string { return "cold_storage" }

// Observe starts, continues or ends a pharmacy's excursion.
func (r *ColdStorage) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Pharmacies.Name {
		return nil
	}
	if e.Feature == nil {
		delete(r.outs, e.ID)
		return nil
	}
	t, ok := e.Feature.Props["cold_temp"].(float64)
	if !ok {
		return nil
	}
	if t >= r.Min && t <= r.Max {
		delete(r.outs, e.ID)
		return nil
	}
	x := r.outs[e.ID]
	if x == nil {
		x = &excursion{since: e.Feature.Updated}
		r.outs[e.ID] = x
	}
	x.last = e.Feature
	return r.check(e.ID, x, e.Feature.Updated)
}

// Tick fires excursions that have lasted long enough without a new reading.
func (r *ColdStorage) Tick(now time.Time) []layers.Alert {
	var out []layers.Alert
	for id, x := range r.outs {
		out = append(out, r.check(id, x, now)...)
	}
	return out
}

func (r *ColdStorage) check(id string, x *excursion, now time.Time) []layers.Alert {
	if x.fired || now.Sub(x.since) < r.For {
		return nil
	}
	x.fired = true
	f := x.last
	name, _ := f.Props["name"].(string)
	district, _ := f.Props["district"].(string)
	t, _ := f.Props["cold_temp"].(float64)
	p, _ := f.Geometry.(orb.Point)
	return []layers.Alert{{Rule: r.Name(), Domain: layers.Market, Severity: 3, Layer: Pharmacies.Name, Subject: id,
		District: district, Point: p, At: now,
		Title:  layers.Title{Zh: name + " 冷藏温度超标", En: "Cold storage out of range at " + name},
		Detail: fmt.Sprintf("%.1f °C, outside %g–%g °C since %s", t, r.Min, r.Max, x.since.Format(time.RFC3339))}}
}
