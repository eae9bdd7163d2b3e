package custody

import (
	"math"
	"time"

	"lookout/layers"
)

// Risk keeps each supervised person's risk score (custody_persons.risk,
// 0–100) up to date from their violations, so that a supervisor's list
// sorted by risk puts first whoever is most likely to abscond now.
//
// A person's score is their base risk (risk_base: the case, the measure —
// set when they are put under supervision) raised towards 100 by their
// violations:
//
//	risk = base + (100 − base) · (1 − e^(−S/Scale))
//	S    = Σ weight(severity) · 2^(−age/HalfLife)
//
// with weights 1, 3, 8 and 15 for severities 1–4. S decays, so a person who
// keeps to the rules drifts back to their base. Every alert about a person
// (any custody rule: a missed check-in, leaving the area, a listed place, a
// gathering) counts once, when it is raised.
//
// It is a Writer: the engine applies the scores it derives as Derived
// patches, which leave the person's report time alone. A score is written
// when an alert changes it and then, as it decays, whenever it has moved by
// a whole point; persons whose violations have decayed to nothing are
// written their base once and forgotten.
type Risk struct {
	HalfLife time.Duration // default 7 days
	Scale    float64       // default 20
	Every    time.Duration // how often decay is written, default 1 minute

	persons map[string]*exposure
	bases   map[string]float64 // every person's risk_base
	dirty   map[string]bool
	next    time.Time
}

// exposure is one person's decayed violations, as of at, and the score
// last written (NaN for none).
type exposure struct {
	s       float64
	at      time.Time
	written float64
}

var severityWeight = [5]float64{0, 1, 3, 8, 15}

func (r *Risk) init() {
	if r.persons != nil {
		return
	}
	if r.HalfLife <= 0 {
		r.HalfLife = 7 * 24 * time.Hour
	}
	if !(r.Scale > 0) {
		r.Scale = 20
	}
	if r.Every <= 0 {
		r.Every = time.Minute
	}
	r.persons, r.bases, r.dirty = map[string]*exposure{}, map[string]float64{}, map[string]bool{}
}

// Name returns the rule's name.
func (r *Risk) Name() string { return "custody_risk" }

// Observe counts a new alert about a person, and follows a person's base
// and current score.
func (r *Risk) Observe(e layers.Event) []layers.Alert {
	r.init()
	switch {
	case e.Layer == "alerts" && e.Old == nil && e.Feature != nil:
		if layer, _ := e.Feature.Props["subject_layer"].(string); layer == Persons.Name {
			r.count(e.Feature)
		}
	case e.Layer == Persons.Name && e.Feature == nil:
		delete(r.persons, e.ID)
		delete(r.bases, e.ID)
		delete(r.dirty, e.ID)
	case e.Layer == Persons.Name:
		r.person(e.Feature)
	}
	return nil
}

// count adds one alert to its subject's exposure.
func (r *Risk) count(alert *layers.Feature) {
	id, _ := alert.Props["subject"].(string)
	sev, _ := alert.Props["severity"].(int64)
	at, _ := alert.Props["at"].(time.Time)
	if id == "" || sev < 1 || sev > 4 {
		return
	}
	x := r.persons[id]
	if x == nil {
		x = &exposure{at: at, written: math.NaN()}
		r.persons[id] = x
	}
	if at.Before(x.at) {
		// An older alert (a late one, or the seed's, read in ID order).
		x.s += severityWeight[sev] * math.Exp2(-float64(x.at.Sub(at))/float64(r.HalfLife))
	} else {
		x.s = r.decayed(x, at) + severityWeight[sev]
		x.at = at
	}
	r.dirty[id] = true
}

// person follows a person's base and the score their feature holds.
func (r *Risk) person(f *layers.Feature) {
	r.bases[f.ID] = base(f)
	if x := r.persons[f.ID]; x != nil {
		if v, ok := f.Props["risk"].(float64); ok {
			x.written = v
		}
	}
}

// decayed returns x's sum decayed to t (not grown, for a t before x.at).
func (r *Risk) decayed(x *exposure, t time.Time) float64 {
	age := t.Sub(x.at)
	if age <= 0 {
		return x.s
	}
	return x.s * math.Exp2(-float64(age)/float64(r.HalfLife))
}

// Score returns the risk for a base and a decayed sum, to 0.1.
func (r *Risk) Score(base, s float64) float64 {
	r.init()
	v := base + (100-base)*(1-math.Exp(-s/r.Scale))
	return math.Round(math.Max(0, math.Min(100, v))*10) / 10
}

// Tick raises nothing: the rule only writes scores.
func (r *Risk) Tick(time.Time) []layers.Alert { return nil }

// Changes returns the scores to write: those an alert changed, and every
// Every, those that decayed by a point or more.
func (r *Risk) Changes(now time.Time) []layers.Change {
	r.init()
	all := !now.Before(r.next)
	if !all && len(r.dirty) == 0 {
		return nil
	}
	var out []layers.Change
	for id, x := range r.persons {
		if !all && !r.dirty[id] {
			continue
		}
		b, ok := r.bases[id]
		if !ok {
			continue // not a person of the layer (any more)
		}
		s := r.decayed(x, now)
		score := r.Score(b, s)
		if r.dirty[id] || math.IsNaN(x.written) || math.Abs(score-x.written) >= 1 || s < 0.01 {
			out = append(out, layers.Change{Op: layers.Patch, Layer: Persons.Name, ID: id,
				Props: map[string]any{"risk": score}, Event: "risk", Derived: true})
			x.written = score
		}
		if s < 0.01 {
			delete(r.persons, id)
		}
	}
	clear(r.dirty)
	if all {
		r.next = now.Add(r.Every)
	}
	return out
}

// Seed rebuilds everyone's exposure from the alerts the world holds and
// reads their bases.
func (r *Risk) Seed(w *layers.World, _ time.Time) error {
	r.init()
	err := layers.EachFeature(w, "alerts", func(f *layers.Feature) {
		if layer, _ := f.Props["subject_layer"].(string); layer == Persons.Name {
			r.count(f)
		}
	})
	if err != nil {
		return err
	}
	clear(r.dirty)
	return layers.EachFeature(w, Persons.Name, r.person)
}

// base returns a person's base risk: risk_base, or 10 without one.
func base(f *layers.Feature) float64 {
	if b, ok := f.Props["risk_base"].(float64); ok {
		return b
	}
	return 10
}
