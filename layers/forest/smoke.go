package forest

import (
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
	"lookout/spatial/bearing"
)

// Smoke turns cameras' smoke reports — a bearing from the camera to the
// smoke — into alerts that say where the fire is. Sightings from two or
// more cameras within Window whose bearing cones cross give a located
// estimate (the cones' intersection, its radius and area); a camera alone
// gives the sector it looks along. The alert points at the estimate, so
// the incident does too, and it names the other cameras it was combined
// with, so that their alerts and this one make one incident.
//
// A camera raises an alert when it first reports smoke, and again only when
// its sighting improves the estimate (a second camera crosses it); repeated
// reports of the same smoke update nothing. It rearms when its status
// leaves "alarm". Sightings older than Window are forgotten.
type Smoke struct {
	Window time.Duration // default bearing.DefaultWindow, 10 minutes
	// Danger, when set, adapts the confidence a report needs to the fire
	// danger where the camera stands (SmokeConfidence); a report without
	// a confidence is taken as it comes.
	Danger Danger
	Sigma  float64 // cameras' bearing error in degrees; default bearing.DefaultSigma

	recent map[string]sighting // camera → its newest sighting in the window
	told   map[string]int      // camera → sources of the estimate it last raised
}

type sighting struct {
	bearing.Sighting
	f *layers.Feature
}

// Name returns the rule's name.
func (r *Smoke) Name() string { return "camera_smoke" }

// Observe takes a camera's new smoke report.
func (r *Smoke) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Cameras.Name {
		return nil
	}
	if r.recent == nil {
		r.recent, r.told = map[string]sighting{}, map[string]int{}
	}
	if e.Feature == nil || prop(e.Feature, "status") != "alarm" {
		delete(r.recent, e.ID)
		delete(r.told, e.ID)
		return nil
	}
	s, ok := r.sighting(e.Feature)
	if !ok || (e.Old != nil && prop(e.Old, "status") == "alarm" && sameReport(e.Old, e.Feature)) {
		return nil
	}
	if conf, ok := e.Feature.Props["smoke_confidence"].(float64); ok && conf < smokeThreshold(r.Danger, s.Origin) {
		return nil // too faint for the danger here; a stronger report will come
	}
	r.recent[e.ID] = s
	r.forget(s.At)
	est, ok := r.estimate(s)
	if !ok || len(est.Sources) <= r.told[e.ID] {
		return nil
	}
	for _, src := range est.Sources {
		r.told[src] = max(r.told[src], len(est.Sources))
	}
	return []layers.Alert{r.alert(s, est)}
}

// sighting reads a camera's report: its position, bearing to the smoke,
// range and the time it saw it.
func (r *Smoke) sighting(f *layers.Feature) (sighting, bool) {
	p, ok := f.Geometry.(orb.Point)
	b, hasBearing := f.Props["smoke_bearing"].(float64)
	if !ok || !hasBearing {
		return sighting{}, false
	}
	at, _ := f.Props["smoke_at"].(time.Time)
	if at.IsZero() {
		at = f.Updated
	}
	rng, _ := f.Props["range_m"].(float64)
	rng = min(max(rng, bearing.MinRange), bearing.MaxRange)
	return sighting{bearing.Sighting{Source: f.ID, Origin: p, Bearing: b, Sigma: r.Sigma, Range: rng, At: at}, f}, true
}

func sameReport(a, b *layers.Feature) bool {
	return a.Props["smoke_bearing"] == b.Props["smoke_bearing"] && a.Props["smoke_at"] == b.Props["smoke_at"]
}

// forget drops sightings older than the window before now.
func (r *Smoke) forget(now time.Time) {
	window := r.Window
	if window <= 0 {
		window = bearing.DefaultWindow
	}
	for id, s := range r.recent {
		if now.Sub(s.At) > window {
			delete(r.recent, id)
			delete(r.told, id)
		}
	}
}

// estimate clusters the sightings that could share a fire with s (cameras
// within two ranges of it) and returns the estimate s belongs to.
func (r *Smoke) estimate(s sighting) (bearing.Estimate, bool) {
	var near []bearing.Sighting
	for _, o := range r.recent {
		if spatial.Distance(o.Origin, s.Origin) <= 2*bearing.MaxRange {
			near = append(near, o.Sighting)
		}
	}
	ests, err := bearing.Cluster(near, bearing.Options{Window: r.Window})
	if err != nil {
		return bearing.Estimate{}, false
	}
	for _, est := range ests {
		if slices.Contains(est.Sources, s.Source) {
			return est, true
		}
	}
	return bearing.Estimate{}, false
}

// alert is the alert of camera s's sighting, at the estimate.
func (r *Smoke) alert(s sighting, est bearing.Estimate) layers.Alert {
	name := prop(s.f, "name")
	a := layers.Alert{Rule: r.Name(), Domain: layers.Forest, Severity: 3, Layer: Cameras.Name, Subject: s.Source,
		District: prop(s.f, "district"), Point: est.Point, Area: est.Area, Radius: est.Radius,
		Estimate: est.Kind.String(), At: s.At}
	for _, src := range est.Sources {
		if src != s.Source {
			a.Related = append(a.Related, src)
		}
	}
	if est.Kind == bearing.Located {
		a.Title = layers.Title{Zh: fmt.Sprintf("%s 发现烟雾，%d台摄像机交会定位", name, len(est.Sources)),
			En: fmt.Sprintf("Smoke seen by %s, located by %d cameras", name, len(est.Sources))}
	} else {
		a.Title = layers.Title{Zh: name + " 发现烟雾", En: "Smoke seen by " + name}
	}
	a.Detail = fmt.Sprintf("bearing %.0f°; %s by %d camera(s), ±%.0f m, %.2f km²",
		s.Bearing, est.Kind, len(est.Sources), est.Radius, est.AreaKm2)
	return a
}

// Tick does nothing: the rule fires on reports.
func (r *Smoke) Tick(time.Time) []layers.Alert { return nil }

func prop(f *layers.Feature, name string) string { s, _ := f.Props[name].(string); return s }
