package fleet

import (
	"fmt"
	"slices"
	"time"

	"lookout/layers"
	"lookout/spatial/fence"
)

// Options configure the official-vehicle rules; a zero field takes the
// default given with it.
type Options struct {
	// Jurisdiction is the division code of the district the cars must stay
	// in. Default 500105, 江北区, whose cars these are.
	Jurisdiction string
	// Hours are office hours: a car that sets off outside them is out of
	// hours. Default Monday–Friday 08:00–18:00, China Standard Time.
	Hours fence.Schedule
	// VenueDwell is how long a car must be inside a forbidden venue before
	// it is there (a car driving past the gate is not). Default 2 minutes.
	VenueDwell time.Duration
	// SpeedLimit in km/h, and SpeedFixes, how many fixes in a row above it
	// make a car speeding (one fix can be a GPS jump). Defaults 80 and 2.
	SpeedLimit float64
	SpeedFixes int
}

func (o Options) withDefaults() Options {
	if o.Jurisdiction == "" {
		o.Jurisdiction = "500105"
	}
	if len(o.Hours.Windows) == 0 {
		o.Hours = fence.Schedule{Location: fence.ChinaStandardTime,
			Windows: []fence.Window{{Days: fence.Weekdays, Start: 8 * time.Hour, End: 18 * time.Hour}}}
	}
	if o.VenueDwell <= 0 {
		o.VenueDwell = 2 * time.Minute
	}
	if o.SpeedLimit <= 0 {
		o.SpeedLimit = 80
	}
	if o.SpeedFixes <= 0 {
		o.SpeedFixes = 2
	}
	return o
}

// listedVenues are the kinds of listed place (a custody layer) that are
// forbidden to official cars as well.
var listedVenues = []string{"ktv", "bar", "casino_risk"}

// Rules returns the official-vehicle rules: at a forbidden venue, out of its
// district, on the move out of office hours, and speeding.
func Rules(o Options) []layers.Rule {
	o = o.withDefaults()
	venue := func(f *layers.Feature) (fence.Zone, bool) {
		return fence.Zone{Kind: fence.Exclusion, Shape: f.Geometry, Dwell: o.VenueDwell, DwellFixes: 2}, true
	}
	listed := func(f *layers.Feature) (fence.Zone, bool) {
		kind, _ := f.Props["kind"].(string)
		return fence.Zone{Kind: fence.Exclusion, Shape: f.Geometry, Dwell: o.VenueDwell, DwellFixes: 2},
			slices.Contains(listedVenues, kind)
	}
	area := func(f *layers.Feature) (fence.Zone, bool) {
		code, _ := f.Props["code"].(string)
		// Two fixes outside, so a fix snapped across the river is not a trip.
		return fence.Zone{Kind: fence.Inclusion, Shape: f.Geometry, DwellFixes: 2}, code == o.Jurisdiction
	}
	r := &layers.Fence{ID: "vehicle_fence", Domain: layers.Fleet, Subjects: Vehicles.Name,
		Zones: []layers.ZoneSource{{Layer: Venues.Name, Zone: venue}, {Layer: "listed_places", Zone: listed},
			{Layer: "districts", Zone: area}}}
	r.Alert = func(ev fence.Event, car, zone *layers.Feature) (layers.Alert, bool) {
		if !ev.Violation {
			return layers.Alert{}, false
		}
		plate := prop(car, "plate")
		switch {
		case ev.Type == fence.Enter && ev.Kind == fence.Exclusion:
			name := prop(zone, "name")
			a := r.FenceAlert(ev, car, "forbidden_venue", 3,
				layers.Title{Zh: plate + " 出现在禁入场所 " + name, En: plate + " at a forbidden venue: " + name})
			a.Detail = fmt.Sprintf("%s (%s) since %s", name, prop(zone, "kind"), ev.Since.Format(time.RFC3339))
			return a, true
		case ev.Type == fence.Exit && ev.Kind == fence.Inclusion:
			a := r.FenceAlert(ev, car, "out_of_area", 2,
				layers.Title{Zh: plate + " 驶出" + prop(zone, "name"), En: plate + " left " + prop(zone, "name_en")})
			a.Detail = fmt.Sprintf("%.0f m outside since %s", ev.Distance, ev.Since.Format(time.RFC3339))
			return a, true
		}
		return layers.Alert{}, false
	}
	return []layers.Rule{r, &Hours{Office: o.Hours}, &Speeding{Limit: o.SpeedLimit, Fixes: o.SpeedFixes}}
}

func prop(f *layers.Feature, name string) string { s, _ := f.Props[name].(string); return s }

// Hours fires when a car sets off outside office hours: its status turns
// to moving at a time Office is not in force. It fires once per trip; a car
// already on the move when the rule starts is not flagged.
type Hours struct {
	Office fence.Schedule
}

// Name returns the rule's name.
func (r *Hours) Name() string { return "out_of_hours" }

// Observe checks a car's change of status.
func (r *Hours) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Vehicles.Name || e.Feature == nil || e.Old == nil {
		return nil
	}
	if prop(e.Feature, "status") != "moving" || prop(e.Old, "status") == "moving" || r.Office.Active(e.Feature.Updated) {
		return nil
	}
	plate := prop(e.Feature, "plate")
	a := vehicleAlert(e.Feature, "out_of_hours", 2,
		layers.Title{Zh: plate + " 非工作时间出车", En: plate + " out of office hours"})
	a.Detail = "set off at " + e.Feature.Updated.In(fence.ChinaStandardTime).Format("Mon 15:04")
	return []layers.Alert{a}
}

// Tick does nothing: the rule fires on fixes only.
func (r *Hours) Tick(time.Time) []layers.Alert { return nil }

// Speeding fires when a car reports a speed above Limit in Fixes
// consecutive fixes, once per episode: it rearms when the car reports a
// speed at or below the limit. The severity is 3 at half as fast again as
// the limit.
type Speeding struct {
	Limit float64
	Fixes int
	runs  map[string]int // car → fixes above the limit so far; -1 once fired
}

// Name returns the rule's name.
func (r *Speeding) Name() string { return "speeding" }

// Observe counts a car's fixes above the limit.
func (r *Speeding) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Vehicles.Name {
		return nil
	}
	if r.runs == nil {
		r.runs = map[string]int{}
	}
	var speed float64
	if e.Feature != nil {
		speed, _ = e.Feature.Props["speed"].(float64)
	}
	if speed <= r.Limit {
		delete(r.runs, e.ID)
		return nil
	}
	n := r.runs[e.ID]
	if n < 0 {
		return nil
	}
	if n++; n < r.Fixes {
		r.runs[e.ID] = n
		return nil
	}
	r.runs[e.ID] = -1
	sev := 2
	if speed >= 1.5*r.Limit {
		sev = 3
	}
	plate := prop(e.Feature, "plate")
	a := vehicleAlert(e.Feature, "speeding", sev, layers.Title{
		Zh: fmt.Sprintf("%s 超速 %.0f km/h", plate, speed), En: fmt.Sprintf("%s speeding at %.0f km/h", plate, speed)})
	a.Detail = fmt.Sprintf("%.0f km/h, limit %.0f km/h", speed, r.Limit)
	return []layers.Alert{a}
}

// Tick does nothing: the rule fires on fixes only.
func (r *Speeding) Tick(time.Time) []layers.Alert { return nil }

func vehicleAlert(f *layers.Feature, rule string, sev int, title layers.Title) layers.Alert {
	a := layers.Alert{Rule: rule, Domain: layers.Fleet, Severity: sev, Layer: f.Layer, Subject: f.ID,
		District: prop(f, "district"), At: f.Updated, Title: title}
	a.Point = f.Bound().Center()
	return a
}
