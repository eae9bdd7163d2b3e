package incident

import (
	"slices"
	"time"

	"lookout/layers"
)

// Response-time statistics: how long incidents took from the alarm to each
// stage of the lifecycle and from one stage to the next, summarised as
// percentiles overall, by district and by source. The forest chief's
// headline is the alarm-to-disposal time (the source system's reference
// case took under nine minutes), so each group also counts the resolved
// incidents that met a target. Everything here is pure: the caller reads
// the incidents and the clock.

// The stages an incident is timed at, in lifecycle order. The alarm (the
// incident's "opened" time) is time zero.
const (
	StageAcknowledged = iota
	StageVerified
	StageDispatched
	StageOnScene
	StageResolved
	NumStages
)

// StageNames name the stages as the incident statuses do.
var StageNames = [NumStages]string{"acknowledged", "verified", "dispatched", "on_scene", "resolved"}

// StepNames name the step that ends at each stage as the lifecycle actions
// do: "dispatch" is the time from the stage before dispatch to dispatch.
var StepNames = [NumStages]string{"acknowledge", "verify", "dispatch", "arrive", "resolve"}

// stageFields are the incident properties that record when each stage was
// first reached.
var stageFields = [NumStages]string{"acknowledged_at", "verified_at", "dispatched_at", "on_scene_at", "resolved_at"}

// DefaultTarget is the alarm-to-disposal time to beat: the source system's
// reference case was disposed of in under nine minutes.
const DefaultTarget = 9 * time.Minute

// Times are one incident's stage times.
type Times struct {
	// Opened is the time of the alarm.
	Opened time.Time
	// Reached says which stages have a usable time.
	Reached [NumStages]bool
	// Since is the time from the alarm to each reached stage.
	Since [NumStages]time.Duration
	// Step is the time from the previous reached stage (the alarm for the
	// first) to each reached stage, so that a skipped verification puts
	// the whole wait from acknowledgement into the dispatch step.
	Step [NumStages]time.Duration
}

// StageTimes reads incident properties p into stage times; ok is false
// when p has no alarm time ("opened"), from which nothing can be timed.
// Stages may be skipped (verification before dispatch; dispatch and
// arrival when an incident is settled remotely), so a missing stage time
// is simply a stage not reached. A stage time earlier than the alarm or
// than the stage reached before it (a clock that was off, a record edited
// by hand) is not trusted: that stage counts as not reached rather than
// giving a negative duration.
func StageTimes(p map[string]any) (t Times, ok bool) {
	t.Opened, ok = p["opened"].(time.Time)
	if !ok || t.Opened.IsZero() {
		return Times{}, false
	}
	prev := t.Opened
	for i, field := range stageFields {
		at, ok := p[field].(time.Time)
		if !ok || at.IsZero() || at.Before(prev) {
			continue
		}
		t.Reached[i] = true
		t.Since[i] = at.Sub(t.Opened)
		t.Step[i] = at.Sub(prev)
		prev = at
	}
	return t, true
}

// Filter selects the incidents a report covers.
type Filter struct {
	// Domains keeps only these domains; nil keeps every domain.
	Domains map[string]bool
	// District keeps only this division code; "" keeps every district.
	District string
	// From and To bound the alarm time to [From, To); a zero bound is open.
	From, To time.Time
}

// keeps reports whether the filter keeps an incident with properties p
// whose alarm was at opened.
func (f Filter) keeps(p map[string]any, opened time.Time) bool {
	if !f.From.IsZero() && opened.Before(f.From) || !f.To.IsZero() && !opened.Before(f.To) {
		return false
	}
	if dom, _ := p["domain"].(string); f.Domains != nil && !f.Domains[dom] {
		return false
	}
	district, _ := p["district"].(string)
	return f.District == "" || district == f.District
}

// Summary is the distribution of one stage or step over a group: how many
// incidents reached it, and the 50th and 90th percentiles of their times by
// the nearest-rank method (see Percentile). P50 and P90 are zero, and mean
// nothing, when N is 0.
type Summary struct {
	N        int
	P50, P90 time.Duration
}

// Group holds the figures of one group of incidents.
type Group struct {
	// Incidents is how many the group holds: Resolved + Dismissed + Open.
	Incidents, Resolved, Dismissed, Open int
	// WithinTarget counts the resolved incidents whose alarm-to-resolved
	// time was at most the target.
	WithinTarget int
	// Stages are the times from the alarm to each stage; Steps the times
	// from the previous reached stage to each stage.
	Stages, Steps [NumStages]Summary
}

// Disposal returns the alarm-to-resolved summary, the headline figure.
func (g Group) Disposal() Summary { return g.Stages[StageResolved] }

// WithinTargetShare returns the share of resolved incidents that met the
// target, and false when none was resolved (the share is then undefined,
// not zero).
func (g Group) WithinTargetShare() (float64, bool) {
	if g.Resolved == 0 {
		return 0, false
	}
	return float64(g.WithinTarget) / float64(g.Resolved), true
}

// Report holds the figures over every incident the filter kept, and the
// same by district code and by source layer. An incident without a
// district (or source) counts in Overall but in no district (or source),
// so the groups add up to Overall only when every incident has both.
type Report struct {
	Overall   Group
	Districts map[string]Group
	Sources   map[string]Group
}

// Aggregator collects incidents into a Report. Its Add fits World.Each.
// It is not safe for concurrent use.
type Aggregator struct {
	filter    Filter
	target    time.Duration
	overall   collector
	districts map[string]*collector
	sources   map[string]*collector
}

// NewAggregator returns an aggregator over the incidents filter keeps,
// counting a resolved incident as within target when its alarm-to-resolved
// time is at most target (DefaultTarget when target is not positive).
func NewAggregator(filter Filter, target time.Duration) *Aggregator {
	if target <= 0 {
		target = DefaultTarget
	}
	return &Aggregator{filter: filter, target: target,
		districts: map[string]*collector{}, sources: map[string]*collector{}}
}

// Add counts incident f if the filter keeps it. An incident without an
// alarm time cannot be placed in a time window and is not counted.
func (a *Aggregator) Add(f *layers.Feature) {
	t, ok := StageTimes(f.Props)
	if !ok || !a.filter.keeps(f.Props, t.Opened) {
		return
	}
	status, _ := f.Props["status"].(string)
	a.overall.add(t, status, a.target)
	for _, by := range []struct {
		groups map[string]*collector
		key    string
	}{{a.districts, "district"}, {a.sources, "source"}} {
		k, _ := f.Props[by.key].(string)
		if k == "" {
			continue
		}
		c := by.groups[k]
		if c == nil {
			c = &collector{}
			by.groups[k] = c
		}
		c.add(t, status, a.target)
	}
}

// Report summarises what was added so far.
func (a *Aggregator) Report() Report {
	r := Report{Overall: a.overall.group(), Districts: map[string]Group{}, Sources: map[string]Group{}}
	for k, c := range a.districts {
		r.Districts[k] = c.group()
	}
	for k, c := range a.sources {
		r.Sources[k] = c.group()
	}
	return r
}

// collector gathers the counts and raw times of one group.
type collector struct {
	g             Group
	stages, steps [NumStages][]time.Duration
}

func (c *collector) add(t Times, status string, target time.Duration) {
	c.g.Incidents++
	switch status {
	case "resolved":
		c.g.Resolved++
		if t.Reached[StageResolved] && t.Since[StageResolved] <= target {
			c.g.WithinTarget++
		}
	case "dismissed":
		c.g.Dismissed++
	default:
		c.g.Open++
	}
	for i := range NumStages {
		if t.Reached[i] {
			c.stages[i] = append(c.stages[i], t.Since[i])
			c.steps[i] = append(c.steps[i], t.Step[i])
		}
	}
}

func (c *collector) group() Group {
	g := c.g
	for i := range NumStages {
		g.Stages[i] = summarise(c.stages[i])
		g.Steps[i] = summarise(c.steps[i])
	}
	return g
}

// summarise sorts ds in place and returns its count and percentiles.
func summarise(ds []time.Duration) Summary {
	slices.Sort(ds)
	return Summary{N: len(ds), P50: Percentile(ds, 50), P90: Percentile(ds, 90)}
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest value with at least p% of the values
// at or below it, that is the value of rank ⌈p·n/100⌉ (1-based). It is
// always one of the values, never an interpolation, so a p90 of 8m12s is
// the time an actual incident took; the median of an even count is the
// lower middle value. It returns 0 for no values.
func Percentile(sorted []time.Duration, p int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (p*n + 99) / 100 // ⌈p·n/100⌉ in integers
	return sorted[min(max(rank, 1), n)-1]
}
