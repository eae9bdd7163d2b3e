package custody

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"lookout/layers"
	"lookout/spatial/fence"
	"lookout/spatial/gather"
)

// checkIn is how long a supervised person may go without reporting their
// position: their phones report every one to five minutes.
const checkIn = 10 * time.Minute

// Options configure the supervision rules; a zero field takes the default
// given with it.
type Options struct {
	// CheckIn is how long a person may be silent. Default 10 minutes.
	CheckIn time.Duration
	// ZoneDwell and ZoneFixes debounce leaving the allowed area: a phone's
	// fix can jump 100 m. Defaults 2 minutes and 2 fixes.
	ZoneDwell time.Duration
	ZoneFixes int
	// ZoneWarn is the warning ring inside the allowed area's edge, metres.
	// Default 50.
	ZoneWarn float64
	// PlaceDwell is how long a person must be inside a listed place before
	// it counts. Default 1 minute.
	PlaceDwell time.Duration
	// Gathering configures the co-defendants rule; its zero value is two
	// people of one case within 100 m for 10 minutes.
	Gathering gather.Options
}

func (o Options) withDefaults() Options {
	if o.CheckIn <= 0 {
		o.CheckIn = checkIn
	}
	if o.ZoneDwell <= 0 {
		o.ZoneDwell = 2 * time.Minute
	}
	if o.ZoneFixes <= 0 {
		o.ZoneFixes = 2
	}
	if o.ZoneWarn <= 0 {
		o.ZoneWarn = 50
	}
	if o.PlaceDwell <= 0 {
		o.PlaceDwell = time.Minute
	}
	return o
}

// Rules returns the non-custodial supervision rules: a missed check-in,
// leaving the allowed area (within its schedule), entering or passing
// through a listed place, co-defendants meeting; and the risk score they
// feed.
func Rules(o Options) []layers.Rule {
	o = o.withDefaults()
	return []layers.Rule{
		&layers.Silence{ID: "missed_checkin", Layer: Persons.Name, Expect: o.CheckIn, Severity: 2, Domain: layers.Custody,
			Title: func(f *layers.Feature) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 未按时打卡", En: "Missed check-in: " + name}
			}},
		fences(o),
		&Gathering{Options: o.Gathering},
		&Risk{},
	}
}

// fences is the geofence rule over supervised people: each person's allowed
// area (custody_zones) and the listed places everyone must keep out of.
func fences(o Options) *layers.Fence {
	zone := func(f *layers.Feature) (fence.Zone, bool) {
		person, _ := f.Props["person"].(string)
		kind := fence.Inclusion
		if k, _ := f.Props["kind"].(string); k == "exclusion" {
			kind = fence.Exclusion
		}
		s, _ := f.Props["schedule"].(string)
		sched, err := ParseSchedule(s)
		if err != nil {
			// Written before schedules were checked: enforce it always
			// rather than not at all.
			sched = fence.Schedule{}
		}
		if person == "" {
			return fence.Zone{}, false
		}
		z := fence.Zone{Kind: kind, Shape: f.Geometry, Schedule: sched, Subjects: []string{person},
			Dwell: o.ZoneDwell, DwellFixes: o.ZoneFixes}
		if kind == fence.Inclusion {
			z.Warn = o.ZoneWarn
		}
		return z, true
	}
	place := func(f *layers.Feature) (fence.Zone, bool) {
		return fence.Zone{Kind: fence.Exclusion, Shape: f.Geometry, Dwell: o.PlaceDwell}, true
	}
	r := &layers.Fence{ID: "custody_fence", Domain: layers.Custody, Subjects: Persons.Name,
		CrossingGap: fence.DefaultCrossingGap,
		Zones:       []layers.ZoneSource{{Layer: Zones.Name, Zone: zone}, {Layer: ListedPlaces.Name, Zone: place}}}
	r.Alert = func(ev fence.Event, p, z *layers.Feature) (layers.Alert, bool) {
		if !ev.Violation {
			return layers.Alert{}, false
		}
		name, _ := p.Props["name"].(string)
		place, _ := z.Props["name"].(string)
		since := ev.Since.Format(time.RFC3339)
		var a layers.Alert
		switch {
		case ev.Kind == fence.Inclusion && ev.Type == fence.Exit:
			a = r.FenceAlert(ev, p, "leave_zone", 3, layers.Title{Zh: name + " 离开活动区域", En: name + " left their allowed area"})
			a.Detail = fmt.Sprintf("%.0f m outside since %s", ev.Distance, since)
		case ev.Kind == fence.Exclusion && ev.Type == fence.Enter:
			a = r.FenceAlert(ev, p, "listed_place", 3, layers.Title{Zh: name + " 进入禁入场所 " + place, En: name + " entered a listed place: " + place})
			a.Detail = "inside since " + since
		case ev.Kind == fence.Exclusion && ev.Type == fence.Crossed:
			a = r.FenceAlert(ev, p, "listed_place", 2, layers.Title{Zh: name + " 途经禁入场所 " + place, En: name + " passed through a listed place: " + place})
			a.Detail = fmt.Sprintf("between fixes at %s and %s", ev.Prev.Time.Format(time.RFC3339), ev.Fix.Time.Format(time.RFC3339))
		case ev.Type == fence.InsideTooLong:
			a = r.FenceAlert(ev, p, "listed_place", 3, layers.Title{Zh: name + " 在禁入场所逗留 " + place, En: name + " staying at a listed place: " + place})
		default:
			return layers.Alert{}, false
		}
		return a, true
	}
	return r
}

// ParseSchedule reads a zone's schedule: "" or "全天" (all day) for always,
// or "HH:MM-HH:MM" for a daily window in China Standard Time (an end before
// the start runs past midnight, as a curfew does).
func ParseSchedule(s string) (fence.Schedule, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "全天" || strings.EqualFold(s, "always") {
		return fence.Schedule{}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	start, err1 := clock(from)
	end, err2 := clock(to)
	if !ok || err1 != nil || err2 != nil || start == end {
		return fence.Schedule{}, fmt.Errorf("custody: schedule %q: want \"全天\" or \"HH:MM-HH:MM\"", s)
	}
	return fence.Schedule{Location: fence.ChinaStandardTime, Windows: []fence.Window{{Start: start, End: end}}}, nil
}

// checkSchedule refuses a zone's schedule ParseSchedule cannot read.
func checkSchedule(v any) error {
	s, _ := v.(string)
	_, err := ParseSchedule(s)
	return err
}

// clock reads "HH:MM" as a duration since midnight; "24:00" is midnight at
// the end of the day.
func clock(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}
