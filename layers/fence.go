package layers

import (
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/fence"
)

// Fence is a rule that runs a geofence engine (spatial/fence) over one
// layer of moving subjects — official vehicles, supervised people — and any
// number of layers of zones: a district as a jurisdiction, forbidden venues,
// each person's allowed area, listed places. Zones follow their layers
// live: a zone drawn, moved or deleted through the API applies from the
// subject's next fix. Every fix of a subject is judged against the zones
// that apply to it and the fence events it raises become alerts through
// Alert, which decides which of them a supervisor needs to hear about.
//
// The rule is driven by the incident engine's one goroutine, so it needs no
// lock; the fence engine it holds is indexed, so a fix costs a search, not a
// scan of the zones.
type Fence struct {
	ID       string
	Domain   Domain
	Subjects string // the layer of the subjects
	Zones    []ZoneSource
	// CrossingGap is the fence engine's: how far apart two fixes may be
	// for the segment between them to be checked for crossing an exclusion
	// zone. 0 turns crossing off (a car passing a venue is no violation).
	CrossingGap time.Duration
	// Alert turns one fence event into an alert, or reports false for an
	// event that raises none (a warning ring, a return into the zone).
	// subject is the subject's feature as of the fix; zone the zone's.
	Alert func(ev fence.Event, subject, zone *Feature) (Alert, bool)

	engine   *fence.Engine
	subjects map[string]*Feature // the last feature of each subject
	zones    map[string]*Feature // zone features by fence zone ID
	sources  map[string]*ZoneSource
	// Refused counts zone features the fence engine refused (an invalid
	// shape, an unreadable schedule); they guard nothing.
	Refused int
}

// ZoneSource says how the features of one layer become zones. Zone reports
// false for a feature that is not a zone of this rule (a district other
// than the jurisdiction, a listed place of a kind cars may visit). The
// zone's ID is set by the rule.
type ZoneSource struct {
	Layer string
	Zone  func(f *Feature) (fence.Zone, bool)
}

// Name returns the rule's name.
func (r *Fence) Name() string { return r.ID }

func (r *Fence) init() {
	if r.engine != nil {
		return
	}
	r.engine = fence.New()
	r.engine.CrossingGap = r.CrossingGap
	r.subjects = map[string]*Feature{}
	r.zones = map[string]*Feature{}
	r.sources = map[string]*ZoneSource{}
	for i := range r.Zones {
		r.sources[r.Zones[i].Layer] = &r.Zones[i]
	}
}

// Len returns the number of zones the rule holds.
func (r *Fence) Len() int { r.init(); return r.engine.Len() }

// Observe moves a subject or edits a zone.
func (r *Fence) Observe(e Event) []Alert {
	r.init()
	if src := r.sources[e.Layer]; src != nil {
		r.zone(src, e.Layer, e.ID, e.Feature)
		return nil
	}
	if e.Layer != r.Subjects {
		return nil
	}
	if e.Feature == nil {
		r.engine.Forget(e.ID)
		delete(r.subjects, e.ID)
		return nil
	}
	fix, ok := subjectFix(e.Feature)
	if !ok || !e.NewFix() {
		return nil
	}
	r.subjects[e.ID] = e.Feature
	return r.alerts(r.engine.Observe(fix))
}

// Tick raises what comes due with no new fix: a dwell run out, a curfew
// starting on someone already outside.
func (r *Fence) Tick(now time.Time) []Alert {
	r.init()
	return r.alerts(r.engine.Tick(now))
}

// Seed loads the zones and every subject's current position. Events the
// current positions raise are not alerts: they were raised (and are on
// record) before the restart, or happened while nothing was watching; so
// are those a Tick at now would raise (a dwell that ran out while down).
func (r *Fence) Seed(w *World, now time.Time) error {
	r.init()
	for i := range r.Zones {
		src := &r.Zones[i]
		if err := EachFeature(w, src.Layer, func(f *Feature) { r.zone(src, src.Layer, f.ID, f) }); err != nil {
			return err
		}
	}
	err := EachFeature(w, r.Subjects, func(f *Feature) {
		if fix, ok := subjectFix(f); ok {
			r.subjects[f.ID] = f
			r.engine.Observe(fix)
		}
	})
	r.engine.Tick(now)
	return err
}

// zone puts, replaces or deletes the zone made of a feature.
func (r *Fence) zone(src *ZoneSource, layer, id string, f *Feature) {
	zid := layer + "/" + id
	var z fence.Zone
	ok := f != nil
	if ok {
		z, ok = src.Zone(f)
	}
	if !ok {
		r.engine.Delete(zid)
		delete(r.zones, zid)
		return
	}
	z.ID = zid
	if err := r.engine.Put(z); err != nil {
		r.Refused++
		r.engine.Delete(zid)
		delete(r.zones, zid)
		return
	}
	r.zones[zid] = f
}

func (r *Fence) alerts(evs []fence.Event) []Alert {
	var out []Alert
	for _, ev := range evs {
		subject, zone := r.subjects[ev.Subject], r.zones[ev.Zone]
		if subject == nil || zone == nil {
			continue
		}
		if a, ok := r.Alert(ev, subject, zone); ok {
			out = append(out, a)
		}
	}
	return out
}

// FenceAlert fills the parts of an alert every fence event shares: the
// rule's domain, the subject, where and when, the accuracy as the radius.
func (r *Fence) FenceAlert(ev fence.Event, subject *Feature, rule string, severity int, title Title) Alert {
	district, _ := subject.Props["district"].(string)
	return Alert{Rule: rule, Domain: r.Domain, Severity: severity, Layer: subject.Layer, Subject: subject.ID,
		District: district, Point: ev.Fix.Point, Radius: ev.Fix.Accuracy, At: ev.Time, Title: title}
}

// subjectFix reads a fix from a point feature: its position, its
// "accuracy" property if it has one, and its time.
func subjectFix(f *Feature) (fence.Fix, bool) {
	p, ok := f.Geometry.(orb.Point)
	if !ok {
		return fence.Fix{}, false
	}
	acc, _ := f.Props["accuracy"].(float64)
	return fence.Fix{Subject: f.ID, Point: p, Accuracy: acc, Time: f.Updated}, true
}
