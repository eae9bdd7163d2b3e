package incident_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"lookout/layers"
	"lookout/layers/incident"
)

var (
	alarm = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	sec   = time.Second
)

func TestPercentile(t *testing.T) {
	ds := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * sec
		}
		return out
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      int
		want   time.Duration
	}{
		{"no values", nil, 50, 0},
		{"one value is every percentile", ds(42), 90, 42 * sec},
		{"median of an odd count is the middle", ds(10, 20, 30, 40, 50), 50, 30 * sec},
		{"median of an even count is the lower middle", ds(10, 20, 30, 40), 50, 20 * sec},
		{"p90 of ten is the ninth", ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * sec},
		{"p90 of eleven rounds the rank up to the tenth", ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 90, 10 * sec},
		{"p90 of three is the largest", ds(5, 6, 7), 90, 7 * sec},
		{"p50 of three is the second", ds(5, 6, 7), 50, 6 * sec},
		{"p100 is the largest", ds(1, 2, 3, 4), 100, 4 * sec},
		{"p1 is the smallest", ds(1, 2, 3, 4), 1, 1 * sec},
		{"repeated values", ds(3, 3, 3, 9), 50, 3 * sec},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := incident.Percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("Percentile(%v, %d) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

// props returns incident properties with the alarm at alarm and each named
// stage time that many seconds after it.
func props(stages map[string]int) map[string]any {
	p := map[string]any{"opened": alarm}
	for field, s := range stages {
		p[field] = alarm.Add(time.Duration(s) * sec)
	}
	return p
}

func TestStageTimes(t *testing.T) {
	cases := []struct {
		name        string
		props       map[string]any
		ok          bool
		since, step [incident.NumStages]int // seconds; -1 not reached
	}{
		{"every stage", props(map[string]int{"acknowledged_at": 40, "verified_at": 130, "dispatched_at": 190, "on_scene_at": 400, "resolved_at": 520}),
			true, [5]int{40, 130, 190, 400, 520}, [5]int{40, 90, 60, 210, 120}},
		{"verification skipped: dispatch counts from the acknowledgement", props(map[string]int{"acknowledged_at": 30, "dispatched_at": 100, "on_scene_at": 300, "resolved_at": 360}),
			true, [5]int{30, -1, 100, 300, 360}, [5]int{30, -1, 70, 200, 60}},
		{"settled remotely", props(map[string]int{"acknowledged_at": 60, "verified_at": 200, "resolved_at": 500}),
			true, [5]int{60, 200, -1, -1, 500}, [5]int{60, 140, -1, -1, 300}},
		{"dismissed after acknowledgement", props(map[string]int{"acknowledged_at": 50, "dismissed_at": 120}),
			true, [5]int{50, -1, -1, -1, -1}, [5]int{50, -1, -1, -1, -1}},
		{"verified with the acknowledgement (same time)", props(map[string]int{"acknowledged_at": 70, "verified_at": 70}),
			true, [5]int{70, 70, -1, -1, -1}, [5]int{70, 0, -1, -1, -1}},
		{"a stage before the one before it is not trusted", props(map[string]int{"acknowledged_at": 100, "verified_at": 80, "dispatched_at": 160}),
			true, [5]int{100, -1, 160, -1, -1}, [5]int{100, -1, 60, -1, -1}},
		{"a stage before the alarm is not trusted", props(map[string]int{"acknowledged_at": -5, "verified_at": 45}),
			true, [5]int{-1, 45, -1, -1, -1}, [5]int{-1, 45, -1, -1, -1}},
		{"no alarm time", map[string]any{"acknowledged_at": alarm}, false, [5]int{-1, -1, -1, -1, -1}, [5]int{-1, -1, -1, -1, -1}},
		{"alarm time of the wrong type", map[string]any{"opened": "2026-11-20T10:00:00Z"}, false, [5]int{-1, -1, -1, -1, -1}, [5]int{-1, -1, -1, -1, -1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := incident.StageTimes(tc.props)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			for i := range incident.NumStages {
				if want := tc.since[i] >= 0; got.Reached[i] != want {
					t.Errorf("%s reached = %v, want %v", incident.StageNames[i], got.Reached[i], want)
					continue
				}
				if !got.Reached[i] {
					continue
				}
				if want := time.Duration(tc.since[i]) * sec; got.Since[i] != want {
					t.Errorf("%s since alarm = %v, want %v", incident.StageNames[i], got.Since[i], want)
				}
				if want := time.Duration(tc.step[i]) * sec; got.Step[i] != want {
					t.Errorf("%s step = %v, want %v", incident.StepNames[i], got.Step[i], want)
				}
			}
		})
	}
}

// feature returns an incident feature opened at alarm+offset with the given
// status, domain, district and source, resolved (or dismissed) after
// closeAfter seconds when its status says so.
func feature(id string, offset time.Duration, status, domain, district, source string, closeAfter int) *layers.Feature {
	opened := alarm.Add(offset)
	p := map[string]any{"opened": opened, "status": status, "domain": domain, "district": district, "source": source,
		"acknowledged_at": opened.Add(30 * sec)}
	switch status {
	case "resolved":
		p["resolved_at"] = opened.Add(time.Duration(closeAfter) * sec)
	case "dismissed":
		p["dismissed_at"] = opened.Add(time.Duration(closeAfter) * sec)
	}
	return &layers.Feature{ID: id, Props: p}
}

func TestAggregatorCountsAndFilters(t *testing.T) {
	fs := []*layers.Feature{
		feature("a", 0, "resolved", "forest", "500112", "ir_detectors", 480),          // 8 min: within
		feature("b", time.Hour, "resolved", "forest", "500112", "cameras", 540),       // exactly 9 min: within
		feature("c", 2*time.Hour, "resolved", "forest", "500229", "cameras", 541),     // 9 min 1 s: not within
		feature("d", 3*time.Hour, "dismissed", "forest", "500229", "cameras", 200),    // false alarm
		feature("e", 4*time.Hour, "acknowledged", "market", "500103", "kitchens", 0),  // still open
		feature("f", 24*time.Hour, "resolved", "market", "500103", "pharmacies", 300), // at the window's end: out
		feature("g", -time.Second, "resolved", "forest", "500112", "cameras", 60),     // before the window: out
		{ID: "h", Props: map[string]any{"status": "new", "domain": "forest"}},         // no alarm time: never counted
	}
	window := incident.Filter{From: alarm, To: alarm.Add(24 * time.Hour)}
	cases := []struct {
		name                                         string
		filter                                       incident.Filter
		incidents, resolved, dismissed, open, within int
		ackN, districts, sources                     int
		disposalN                                    int
		disposalP50, disposalP90                     time.Duration
	}{
		{"window only", window, 5, 3, 1, 1, 2, 5, 3, 3, 3, 540 * sec, 541 * sec},
		{"no bounds", incident.Filter{}, 7, 5, 1, 1, 4, 7, 3, 4, 5, 480 * sec, 541 * sec},
		{"forest", incident.Filter{From: window.From, To: window.To, Domains: map[string]bool{"forest": true}}, 4, 3, 1, 0, 2, 4, 2, 2, 3, 540 * sec, 541 * sec},
		{"market or forest", incident.Filter{From: window.From, To: window.To, Domains: map[string]bool{"forest": true, "market": true}}, 5, 3, 1, 1, 2, 5, 3, 3, 3, 540 * sec, 541 * sec},
		{"one district", incident.Filter{From: window.From, To: window.To, District: "500229"}, 2, 1, 1, 0, 0, 2, 1, 1, 1, 541 * sec, 541 * sec},
		{"a district with none", incident.Filter{District: "500240"}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			agg := incident.NewAggregator(tc.filter, 0)
			for _, f := range fs {
				agg.Add(f)
			}
			r := agg.Report()
			g := r.Overall
			got := [5]int{g.Incidents, g.Resolved, g.Dismissed, g.Open, g.WithinTarget}
			if want := [5]int{tc.incidents, tc.resolved, tc.dismissed, tc.open, tc.within}; got != want {
				t.Errorf("incidents, resolved, dismissed, open, within = %v, want %v", got, want)
			}
			if n := g.Stages[incident.StageAcknowledged].N; n != tc.ackN {
				t.Errorf("acknowledged n = %d, want %d", n, tc.ackN)
			}
			if len(r.Districts) != tc.districts || len(r.Sources) != tc.sources {
				t.Errorf("%d districts and %d sources, want %d and %d", len(r.Districts), len(r.Sources), tc.districts, tc.sources)
			}
			want := incident.Summary{N: tc.disposalN, P50: tc.disposalP50, P90: tc.disposalP90}
			if got := g.Disposal(); got != want {
				t.Errorf("disposal %+v, want %+v", got, want)
			}
		})
	}
}

func TestWithinTargetShare(t *testing.T) {
	cases := []struct {
		name   string
		target time.Duration
		want   float64
	}{
		{"default target of nine minutes", 0, 2.0 / 3},
		{"five minutes", 5 * time.Minute, 1.0 / 3},
		{"an hour", time.Hour, 1},
		{"a minute", time.Minute, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			agg := incident.NewAggregator(incident.Filter{}, tc.target)
			for i, s := range []int{240, 540, 900} {
				agg.Add(feature(fmt.Sprint(i), time.Duration(i)*time.Hour, "resolved", "forest", "500112", "cameras", s))
			}
			agg.Add(feature("open", 0, "verified", "forest", "500112", "cameras", 0))
			got, ok := agg.Report().Overall.WithinTargetShare()
			if got != tc.want || !ok {
				t.Errorf("share = %v, %v; want %v, true", got, ok, tc.want)
			}
		})
	}
	if _, ok := (incident.Group{Incidents: 3, Open: 3}).WithinTargetShare(); ok {
		t.Errorf("a group with nothing resolved has a share")
	}
}

// drawn is one generated incident and the stage times it was drawn with,
// kept apart from its properties so that the reference figures do not go
// through StageTimes.
type drawn struct {
	f                        *layers.Feature
	district, source, status string
	reached                  [incident.NumStages]bool
	since, step              [incident.NumStages]time.Duration
}

// history generates n incidents over the 30 days before alarm from a fixed
// seed, in four districts of known slowness (a remote county takes twice
// as long as the city centre at every step): log-normal step times around
// the medians below, each step after acknowledgement taken with the given
// chance (verification is skipped 15% of the time, dispatch 10%), one in
// ten dismissed after acknowledgement, one in twenty still open.
func history(n int) []drawn {
	districts := []string{"500103", "500112", "500243", "500229"}
	slowness := []float64{0.8, 1.0, 1.3, 1.6}
	sources := []string{"cameras", "ir_detectors", "kitchens"}
	medians, pcts := [5]float64{45, 100, 55, 150, 130}, [5]int{100, 85, 90, 95, 100}
	fields := [5]string{"acknowledged_at", "verified_at", "dispatched_at", "on_scene_at", "resolved_at"}
	r := rand.New(rand.NewPCG(7, 11))
	out := make([]drawn, n)
	for i := range out {
		d := r.IntN(len(districts))
		h := drawn{district: districts[d], source: sources[r.IntN(len(sources))], status: "resolved"}
		opened := alarm.Add(-time.Duration(r.IntN(30*24*3600)) * sec)
		p := map[string]any{"opened": opened, "district": h.district, "source": h.source, "domain": "forest"}
		dismissed, open := r.IntN(10) == 0, r.IntN(20) == 0
		at := opened
		for s := range incident.NumStages {
			if s > 0 && (dismissed || r.IntN(100) >= pcts[s]) || open && s == incident.StageResolved {
				continue
			}
			step := time.Duration(max(1, math.Round(medians[s]*slowness[d]*math.Exp(0.5*r.NormFloat64())))) * sec
			at = at.Add(step)
			h.reached[s], h.since[s], h.step[s], p[fields[s]] = true, at.Sub(opened), step, at
			if open {
				h.status = incident.StageNames[s]
			}
		}
		if dismissed {
			h.status, p["dismissed_at"] = "dismissed", at.Add(time.Minute)
		}
		p["status"] = h.status
		h.f = &layers.Feature{ID: fmt.Sprintf("inc-%05d", i), Props: p}
		out[i] = h
	}
	return out
}

// reference is the nearest-rank percentile straight from its definition:
// the smallest value with at least p% of the values at or below it.
func reference(ds []time.Duration, p int) time.Duration {
	s := slices.Sorted(slices.Values(ds))
	for i, v := range s {
		if (i+1)*100 >= p*len(s) {
			return v
		}
	}
	return 0
}

// expect checks group g against the drawn incidents it should hold.
func expect(t *testing.T, name string, g incident.Group, hs []drawn) {
	t.Helper()
	var want [5]int // incidents, resolved, dismissed, open, within target
	for _, h := range hs {
		want[0]++
		switch h.status {
		case "resolved":
			want[1]++
			if h.since[incident.StageResolved] <= incident.DefaultTarget {
				want[4]++
			}
		case "dismissed":
			want[2]++
		default:
			want[3]++
		}
	}
	if got := [5]int{g.Incidents, g.Resolved, g.Dismissed, g.Open, g.WithinTarget}; got != want {
		t.Errorf("%s: incidents, resolved, dismissed, open, within = %v, want %v", name, got, want)
	}
	for s := range incident.NumStages {
		var since, step []time.Duration
		for _, h := range hs {
			if h.reached[s] {
				since, step = append(since, h.since[s]), append(step, h.step[s])
			}
		}
		if want := (incident.Summary{N: len(since), P50: reference(since, 50), P90: reference(since, 90)}); g.Stages[s] != want {
			t.Errorf("%s: stage %s %+v, want %+v", name, incident.StageNames[s], g.Stages[s], want)
		}
		if want := (incident.Summary{N: len(step), P50: reference(step, 50), P90: reference(step, 90)}); g.Steps[s] != want {
			t.Errorf("%s: step %s %+v, want %+v", name, incident.StepNames[s], g.Steps[s], want)
		}
	}
}

func TestGeneratedHistory(t *testing.T) {
	hs := history(3000)
	from, to := alarm.Add(-20*24*time.Hour), alarm.Add(-10*24*time.Hour)
	all := incident.NewAggregator(incident.Filter{}, 0)
	window := incident.NewAggregator(incident.Filter{From: from, To: to, District: "500112"}, 0)
	byDistrict, bySource := map[string][]drawn{}, map[string][]drawn{}
	var inWindow []drawn
	for _, h := range hs {
		all.Add(h.f)
		window.Add(h.f)
		byDistrict[h.district] = append(byDistrict[h.district], h)
		bySource[h.source] = append(bySource[h.source], h)
		if o := h.f.Props["opened"].(time.Time); !o.Before(from) && o.Before(to) && h.district == "500112" {
			inWindow = append(inWindow, h)
		}
	}
	r := all.Report()
	expect(t, "overall", r.Overall, hs)
	expect(t, "500112 over ten days", window.Report().Overall, inWindow)
	for kind, groups := range map[string]struct {
		got  map[string]incident.Group
		want map[string][]drawn
	}{"district": {r.Districts, byDistrict}, "source": {r.Sources, bySource}} {
		if len(groups.got) != len(groups.want) {
			t.Errorf("%d %s groups, want %d", len(groups.got), kind, len(groups.want))
		}
		var sum [4]int
		for k, hs := range groups.want {
			g := groups.got[k]
			expect(t, kind+" "+k, g, hs)
			sum = [4]int{sum[0] + g.Incidents, sum[1] + g.Resolved, sum[2] + g.Dismissed, sum[3] + g.Open}
		}
		if o := r.Overall; sum != [4]int{o.Incidents, o.Resolved, o.Dismissed, o.Open} {
			t.Errorf("%s groups add up to %v, overall is %+v", kind, sum, o)
		}
	}
	if len(inWindow) < 100 {
		t.Errorf("only %d incidents in the window: the history is too thin to test it", len(inWindow))
	}
	// The ranking the forest chief reads means something: the slowest
	// county's median disposal is well behind the city centre's.
	if fast, slow := r.Districts["500103"].Disposal().P50, r.Districts["500229"].Disposal().P50; fast*3/2 > slow {
		t.Errorf("median disposal %v in the city centre, %v in the remote county", fast, slow)
	}
}
