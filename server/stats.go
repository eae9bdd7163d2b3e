package server

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lookout/data/chongqing"
	"lookout/layers"
	"lookout/layers/incident"
)

// statsWindow is how far back GET /api/v1/stats/response looks when the
// caller gives no from.
const statsWindow = 30 * 24 * time.Hour

// maxTarget bounds the target= of the response statistics: a target of
// more than a day is no target.
const maxTarget = 24 * time.Hour

// responseStats answers GET /api/v1/stats/response?district=&domain=&from=&to=&target=
// with how fast incidents went from alarm to disposal, stage by stage:
//
//	{"from": "…", "to": "…", "target_s": 540,
//	 "overall": {group},
//	 "districts": [{"district": "500112", "name": "渝北区", …group}, …],
//	 "sources": [{"source": "cameras", …group}, …]}
//
// where a group is
//
//	{"incidents", "resolved", "dismissed", "open", "within_target", "within_target_share",
//	 "stages": {"acknowledged", "verified", "dispatched", "on_scene", "resolved"},
//	 "steps": {"acknowledge", "verify", "dispatch", "arrive", "resolve"}}
//
// and each stage or step is {"n", "p50_s", "p90_s"}: how many incidents
// reached it and the 50th and 90th percentiles (nearest rank) in seconds,
// null when n is 0. Stage times count from the alarm, so stages.resolved is
// the alarm-to-disposal time; a step counts from the previous stage the
// incident reached (verification may be skipped). within_target counts
// the resolved incidents disposed of within target_s, and
// within_target_share is that over resolved (null when none was).
//
// The incidents counted are those whose alarm ("opened") is in [from, to):
// RFC 3339 times, by default the 30 days up to now. domain keeps one or
// more incident domains (comma-separated); district keeps one district,
// by code (500229), name (城口县) or pinyin name (Chengkou); target is a
// Go duration ("9m") or seconds, by default nine minutes, the source
// system's reference case. Districts are read from the embedded
// boundaries (data/chongqing), not from the districts layer, so that all
// 38 are listed even in a world without the basemap. Districts list every
// one of Chongqing's 38 (only the asked one with district=), including
// those with no incident in the window, slowest median disposal first,
// then those without a resolved incident, by code; sources are ordered
// alike. An incident without a district counts in overall and its source
// only. Any bad parameter is a 400 naming it.
func (s *Server) responseStats(w http.ResponseWriter, r *http.Request) {
	ds, err := chongqing.Districts()
	if err != nil {
		s.writeError(w, r, fmt.Errorf("response stats: %w", err))
		return
	}
	q, err := parseStatsQuery(r.URL.Query(), time.Now(), ds)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	agg := incident.NewAggregator(q.filter, q.target)
	who := principalOf(r) // the figures count only the incidents it sees
	if err := s.world.Each(incident.Incidents.Name, nil, func(f *layers.Feature) {
		if who.Sees(incident.Incidents, f) {
			agg.Add(f)
		}
	}); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, q.answer(agg.Report()))
}

// statsQuery is a parsed GET /api/v1/stats/response.
type statsQuery struct {
	filter    incident.Filter
	target    time.Duration
	districts []chongqing.District // the districts to list
}

// parseStatsQuery reads the parameters of GET /api/v1/stats/response
// against the clock now and the districts ds.
func parseStatsQuery(v url.Values, now time.Time, ds []chongqing.District) (statsQuery, error) {
	q := statsQuery{districts: ds}
	var err error
	if q.filter.From, q.filter.To, err = statsWindowOf(v, now); err != nil {
		return q, err
	}
	if q.filter.Domains, err = enumSet("domain", v.Get("domain")); err != nil {
		return q, err
	}
	if q.target, err = parseTarget(v.Get("target")); err != nil {
		return q, err
	}
	if name := strings.TrimSpace(v.Get("district")); name != "" {
		i := slices.IndexFunc(ds, func(d chongqing.District) bool {
			return d.Code == name || d.Name == name || strings.EqualFold(d.NameEN, name)
		})
		if i < 0 {
			return q, badRequest("district", fmt.Sprintf("%q is not the code or name of one of Chongqing's %d districts", name, len(ds)))
		}
		q.filter.District, q.districts = ds[i].Code, ds[i:i+1]
	}
	return q, nil
}

// statsWindowOf reads the window of GET /api/v1/stats/response: statsWindow
// back from now (to the second) unless given.
func statsWindowOf(v url.Values, now time.Time) (from, to time.Time, err error) {
	return windowOf(v, now.Truncate(time.Second), statsWindow, 0)
}

// parseTarget reads target: a Go duration ("9m", "540s") or plain seconds
// ("540"); empty is incident.DefaultTarget.
func parseTarget(v string) (time.Duration, error) {
	if v == "" {
		return incident.DefaultTarget, nil
	}
	d, err := time.ParseDuration(v)
	if secs, ferr := strconv.ParseFloat(v, 64); ferr == nil && !math.IsNaN(secs) && math.Abs(secs) < maxTarget.Seconds()*10 {
		d, err = time.Duration(secs*float64(time.Second)), nil
	}
	if err != nil || d <= 0 || d > maxTarget {
		return 0, badRequest("target", fmt.Sprintf("%q is not a duration (9m, 540s) or seconds (540) between 0 and %s", v, maxTarget))
	}
	return d, nil
}

// statsAnswer is the JSON answer of GET /api/v1/stats/response.
type statsAnswer struct {
	From      time.Time      `json:"from"`
	To        time.Time      `json:"to"`
	TargetS   float64        `json:"target_s"`
	Overall   statsGroup     `json:"overall"`
	Districts []districtStat `json:"districts"`
	Sources   []sourceStat   `json:"sources"`
}

type districtStat struct {
	District string `json:"district"`
	Name     string `json:"name"`
	statsGroup
}

type sourceStat struct {
	Source string `json:"source"`
	statsGroup
}

// statsGroup is the JSON of an incident.Group; disposal is kept for
// sorting and not written.
type statsGroup struct {
	Incidents         int            `json:"incidents"`
	Resolved          int            `json:"resolved"`
	Dismissed         int            `json:"dismissed"`
	Open              int            `json:"open"`
	WithinTarget      int            `json:"within_target"`
	WithinTargetShare *float64       `json:"within_target_share"`
	Stages            namedSummaries `json:"stages"`
	Steps             namedSummaries `json:"steps"`
	disposal          incident.Summary
}

// namedSummaries writes stage or step summaries as an object keyed by
// their names, in lifecycle order (a Go map would sort the keys).
type namedSummaries struct {
	names *[incident.NumStages]string
	of    [incident.NumStages]incident.Summary
}

// MarshalJSON writes {"name": {"n", "p50_s", "p90_s"}, …}.
func (ns namedSummaries) MarshalJSON() ([]byte, error) {
	type summary struct {
		N   int      `json:"n"`
		P50 *float64 `json:"p50_s"`
		P90 *float64 `json:"p90_s"`
	}
	buf := []byte{'{'}
	for i, name := range ns.names {
		sm := summary{N: ns.of[i].N}
		if sm.N > 0 {
			sm.P50, sm.P90 = seconds(ns.of[i].P50), seconds(ns.of[i].P90)
		}
		b, err := json.Marshal(sm)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(strconv.AppendQuote(buf, name), ':')
		buf = append(buf, b...)
	}
	return append(buf, '}'), nil
}

// seconds returns d in seconds to the tenth.
func seconds(d time.Duration) *float64 {
	s := math.Round(d.Seconds()*10) / 10
	return &s
}

func groupJSON(g incident.Group) statsGroup {
	out := statsGroup{Incidents: g.Incidents, Resolved: g.Resolved, Dismissed: g.Dismissed, Open: g.Open,
		WithinTarget: g.WithinTarget, disposal: g.Disposal(),
		Stages: namedSummaries{&incident.StageNames, g.Stages}, Steps: namedSummaries{&incident.StepNames, g.Steps}}
	if share, ok := g.WithinTargetShare(); ok {
		share = math.Round(share*10000) / 10000
		out.WithinTargetShare = &share
	}
	return out
}

// answer lays out report: every listed district (and any other district
// an incident names), every source, slowest median disposal first.
func (q statsQuery) answer(rep incident.Report) statsAnswer {
	out := statsAnswer{From: q.filter.From, To: q.filter.To, TargetS: q.target.Seconds(),
		Overall: groupJSON(rep.Overall), Districts: []districtStat{}, Sources: []sourceStat{}}
	listed := map[string]bool{}
	for _, d := range q.districts {
		listed[d.Code] = true
		out.Districts = append(out.Districts, districtStat{District: d.Code, Name: d.Name, statsGroup: groupJSON(rep.Districts[d.Code])})
	}
	for code, g := range rep.Districts {
		if !listed[code] {
			out.Districts = append(out.Districts, districtStat{District: code, statsGroup: groupJSON(g)})
		}
	}
	for src, g := range rep.Sources {
		out.Sources = append(out.Sources, sourceStat{Source: src, statsGroup: groupJSON(g)})
	}
	slices.SortFunc(out.Districts, func(a, b districtStat) int { return slowestFirst(a.statsGroup, b.statsGroup, a.District, b.District) })
	slices.SortFunc(out.Sources, func(a, b sourceStat) int { return slowestFirst(a.statsGroup, b.statsGroup, a.Source, b.Source) })
	return out
}

// slowestFirst orders groups by median disposal, slowest first, then those
// with no resolved incident; ties by key.
func slowestFirst(a, b statsGroup, ka, kb string) int {
	ha, hb := a.disposal.N > 0, b.disposal.N > 0
	switch {
	case ha && hb && a.disposal.P50 != b.disposal.P50:
		return cmp.Compare(b.disposal.P50, a.disposal.P50)
	case ha != hb && ha:
		return -1
	case ha != hb:
		return 1
	}
	return cmp.Compare(ka, kb)
}
