package layers

import (
	"time"

	"github.com/paulmach/orb"
)

// Alert is one rule firing about one subject: what happened, where, when
// and how bad. Alerts about one thing are correlated into one incident.
type Alert struct {
	Rule     string
	Domain   Domain
	Severity int    // 1 notice, 2 warning, 3 serious, 4 critical
	Layer    string // the subject's layer
	Subject  string // the subject's feature ID
	District string // the subject's district code, if it has one
	Point    orb.Point
	// Area, when set, is where the thing is more precisely than Point: a
	// triangulated fire's uncertainty, a camera's smoke sector.
	Area   orb.Geometry
	Radius float64 // metres of uncertainty around Point, 0 when exact
	// Estimate says how Point was found when it is an estimate: "located"
	// (bearings from two or more cameras crossed) or "sector" (one camera).
	Estimate string
	// Related are other subjects of the same layer whose reports this
	// alert was combined with (the other cameras of a triangulation): an
	// alert joins the open incident of any of them.
	Related []string
	At      time.Time
	Title   Title // for people, in both languages
	Detail  string
}

// Rule turns committed changes into alerts. A rule keeps whatever state it
// needs (when a fridge went out of range); the incident engine calls it
// from one goroutine only, with every committed event in sequence order and
// with Tick about once a second for rules that fire on time passing.
type Rule interface {
	Name() string
	Observe(e Event) []Alert
	Tick(now time.Time) []Alert
}

// Writer is a rule that also keeps derived properties of features up to
// date — a supervised person's risk score from their violations. The
// engine asks it for changes after every batch of events and on every
// tick, and applies them as its own; they should be Derived patches, so
// that they are not taken for reports from the source.
type Writer interface {
	Changes(now time.Time) []Change
}

// Seeded is a rule that learns the world's state when the engine starts
// (a silence rule must watch devices that never report again).
type Seeded interface {
	Seed(w *World, now time.Time) error
}

// Transition is a rule that fires when a property of a layer's features
// turns into one of a few values: a detector into "alarm", a kitchen camera
// into "violation". It fires on the change of state, not on every report of
// it, so a detector that keeps reporting alarm raises one alert.
type Transition struct {
	ID       string // the rule's name, e.g. "ir_flame"
	Layer    string
	Field    string
	Values   map[string]int // value → severity
	Domain   Domain
	Title    func(f *Feature, value string) Title
	Describe func(f *Feature, value string) string // detail; nil for none
}

// Name returns the rule's name.
func (r *Transition) Name() string { return r.ID }

// Observe fires when the field's value changed into one of Values.
func (r *Transition) Observe(e Event) []Alert {
	if e.Layer != r.Layer || e.Feature == nil {
		return nil
	}
	now, _ := e.Feature.Props[r.Field].(string)
	sev, hit := r.Values[now]
	if !hit {
		return nil
	}
	if e.Old != nil {
		if was, _ := e.Old.Props[r.Field].(string); was == now {
			return nil
		}
	}
	p, _ := e.Feature.Geometry.(orb.Point)
	if p == (orb.Point{}) {
		p = e.Feature.Bound().Center()
	}
	district, _ := e.Feature.Props["district"].(string)
	a := Alert{Rule: r.ID, Domain: r.Domain, Severity: sev, Layer: e.Layer, Subject: e.ID, District: district,
		Point: p, At: e.Feature.Updated, Title: r.Title(e.Feature, now)}
	if r.Describe != nil {
		a.Detail = r.Describe(e.Feature, now)
	}
	return []Alert{a}
}

// Tick does nothing: transitions fire on changes only.
func (r *Transition) Tick(time.Time) []Alert { return nil }
