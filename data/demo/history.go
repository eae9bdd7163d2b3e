package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// The incident history: a month of closed incidents before Epoch, so that
// the response-time statistics (GET /api/v1/stats/response) have figures
// for every district from the first start. Most are forest alarms at real
// detectors and cameras of each district; the urban districts also get
// market, fleet and custody incidents about real kitchens, lifts,
// pharmacies, vehicles and supervised people. One in ten or so was a false
// alarm dismissed after acknowledgement or verification; the rest were
// resolved. Stage times are log-normal around medians that put alarm to
// disposal at about eight minutes in the city, longer in the remote
// mountain counties. The history has incidents only: no alerts and no
// assignments, and nothing in it is open, so the engine and the live
// queue have nothing to pick up.

// historyDays is how far back the history reaches.
const historyDays = 30

// subject is a feature an incident can be about.
type subject struct {
	layer, id, label, code string
	p                      orb.Point
}

// subjectLabels are the layers incidents are drawn about and the property
// their titles name each feature by.
var subjectLabels = map[string]string{"cameras": "name", "ir_detectors": "name", "kitchens": "name",
	"elevators": "building", "pharmacies": "name", "vehicles": "plate", "custody_persons": "name"}

// pastKind is a rule whose incidents the history draws: its domain, the
// layer of its subjects, severity, titles (%s is the subject), the median
// seconds of each step (acknowledge, verify, dispatch, arrive, resolve; 0
// never taken), how often verification is skipped, and how often it was a
// false alarm, in percent.
type pastKind struct {
	kind, domain, source string
	severity             int64
	zh, en               string
	medians              [5]float64
	skipVerify, dismiss  int
}

var pastKinds = []pastKind{
	{"ir_flame", "forest", "ir_detectors", 3, "%s 红外火焰告警", "IR flame alarm at %s", [5]float64{40, 90, 50, 130, 115}, 10, 8},
	{"camera_smoke", "forest", "cameras", 3, "%s 发现烟雾", "Smoke seen by %s", [5]float64{45, 100, 55, 145, 125}, 5, 14},
	{"kitchen_violation", "market", "kitchens", 2, "%s 后厨违规", "Kitchen violation at %s", [5]float64{60, 150, 0, 0, 240}, 0, 12},
	{"elevator", "market", "elevators", 4, "%s 电梯困人", "People trapped in a lift at %s", [5]float64{25, 0, 40, 420, 300}, 100, 4},
	{"cold_storage", "market", "pharmacies", 3, "%s 冷藏温度超标", "Cold storage out of range at %s", [5]float64{60, 120, 0, 0, 420}, 0, 10},
	{"out_of_hours", "fleet", "vehicles", 2, "%s 非工作时间出车", "%s out of office hours", [5]float64{60, 180, 0, 0, 300}, 0, 18},
	{"out_of_area", "fleet", "vehicles", 2, "%s 驶出江北区", "%s left Jiangbei", [5]float64{50, 140, 0, 0, 360}, 0, 12},
	{"missed_checkin", "custody", "custody_persons", 2, "%s 未按时打卡", "Missed check-in: %s", [5]float64{40, 240, 0, 0, 300}, 0, 10},
	{"leave_zone", "custody", "custody_persons", 3, "%s 离开活动区域", "%s left their allowed area", [5]float64{30, 90, 60, 420, 300}, 0, 6},
}

// historyPlans say how many incidents are drawn about each group of
// layers: floor in every district that has such subjects, and rest shared
// out by the number of subjects each district has.
var historyPlans = []struct {
	layers      []string
	floor, rest int
}{
	{[]string{"cameras", "ir_detectors"}, 10, 1400},
	{[]string{"kitchens"}, 4, 120},
	{[]string{"elevators"}, 0, 60},
	{[]string{"pharmacies"}, 0, 40},
	{[]string{"vehicles"}, 0, 70},
	{[]string{"custody_persons"}, 0, 110},
}

// stageFields are the incident properties of the stage each step reaches.
var stageFields = [5]string{"acknowledged_at", "verified_at", "dispatched_at", "on_scene_at", "resolved_at"}

// Notes an operator leaves when closing an incident, by domain.
var (
	resolvedNotes = map[string][]string{
		"forest":  {"明火已扑灭，无人员伤亡", "农事用火，已劝导熄灭", "祭祀用火，已扑灭并批评教育", "烟点已处置，过火面积约0.3亩", "林下可燃物阴燃，已清理"},
		"market":  {"已责令整改", "现场处置完毕", "已约谈负责人"},
		"fleet":   {"已核实，责令说明情况", "已通知单位纪检"},
		"custody": {"已电话联系本人，已返回", "已约谈，记录在案"},
	}
	dismissedNotes = map[string][]string{
		"forest":  {"误报：云雾水汽", "误报：阳光反射", "误报：农户炊烟", "误报：设备自检"},
		"market":  {"误报：设备故障", "误报：已在整改期"},
		"fleet":   {"误报：已报备公务出行"},
		"custody": {"误报：定位漂移"},
	}
)

// note remembers a feature an earlier step put, if the history may draw an
// incident about it.
func (g *gen) note(layer, id string, geom orb.Geometry, props map[string]any) {
	field, ok := subjectLabels[layer]
	p, isPoint := geom.(orb.Point)
	if !ok || !isPoint {
		return
	}
	label, _ := props[field].(string)
	code, _ := props["district"].(string)
	if g.subjects == nil {
		g.subjects = map[string][]subject{}
	}
	g.subjects[layer] = append(g.subjects[layer], subject{layer: layer, id: id, label: label, code: code, p: p})
}

// pastIncident is one drawn incident before it gets its ID.
type pastIncident struct {
	p       orb.Point
	opened  time.Time
	closed  time.Time
	props   map[string]any
	ordinal int
}

// history emits the incident history, oldest first, as inc-h-000001 ….
func (g *gen) history() {
	r := g.rng("history")
	slow, operators := g.slowness(r), g.operators(r)
	var out []pastIncident
	for _, plan := range historyPlans {
		byCode := map[string][]subject{}
		for _, l := range plan.layers {
			for _, s := range g.subjects[l] {
				byCode[s.code] = append(byCode[s.code], s)
			}
		}
		var codes []string
		var weights []float64
		for _, d := range g.ds {
			if n := len(byCode[d.Code]); n > 0 {
				codes, weights = append(codes, d.Code), append(weights, float64(n))
			}
		}
		for i, n := range apportion(plan.rest, weights) {
			for range plan.floor + n {
				s := pick(r, byCode[codes[i]])
				inc := g.pastIncident(r, s, slow[s.code], operators[s.code])
				inc.ordinal = len(out)
				out = append(out, inc)
			}
		}
	}
	slices.SortFunc(out, func(a, b pastIncident) int {
		return cmp.Or(a.opened.Compare(b.opened), cmp.Compare(a.ordinal, b.ordinal))
	})
	for i, inc := range out {
		g.put("incidents", fmt.Sprintf("inc-h-%06d", i+1), inc.p, inc.closed, inc.props)
	}
}

// slowness gives each district a factor on its response times: 0.8 next
// to the city centre, up to about 1.4 in the far mountain counties, where
// crews drive further on worse roads.
func (g *gen) slowness(r *rand.Rand) map[string]float64 {
	centre := g.byCode[codeYuzhong].Bound.Center()
	far := 0.0
	for _, d := range g.ds {
		far = math.Max(far, spatial.Distance(centre, d.Bound.Center()))
	}
	out := make(map[string]float64, len(g.ds))
	for _, d := range g.ds {
		out[d.Code] = 0.8 + 0.55*spatial.Distance(centre, d.Bound.Center())/far + uniform(r, -0.06, 0.06)
	}
	return out
}

// operators gives each district's command centre a duty roster of three
// to five operators, who acknowledge, verify and dismiss its alarms.
func (g *gen) operators(r *rand.Rand) map[string][]string {
	out := make(map[string][]string, len(g.ds))
	for _, d := range g.ds {
		for range 3 + r.IntN(3) {
			out[d.Code] = append(out[d.Code], personName(r))
		}
	}
	return out
}

// pastIncident draws one closed incident about subject s in a district of
// the given slowness, handled by its operators.
func (g *gen) pastIncident(r *rand.Rand, s subject, slow float64, operators []string) pastIncident {
	var kinds []pastKind
	for _, k := range pastKinds {
		if k.source == s.layer {
			kinds = append(kinds, k)
		}
	}
	k := pick(r, kinds)
	inc := pastIncident{p: s.p, opened: alarmTime(r, k.domain)}
	props := map[string]any{"title": fmt.Sprintf(k.zh, s.label), "title_en": fmt.Sprintf(k.en, s.label),
		"kind": k.kind, "domain": k.domain, "severity": k.severity, "source": s.layer,
		"subject": s.layer + "/" + s.id, "district": s.code, "opened": inc.opened}
	if k.kind == "camera_smoke" {
		// The smoke is where the bearings crossed, a little way off.
		if q := offset(s.p, uniform(r, 0, 360), uniform(r, 500, 3000)); g.district(q) == s.code {
			inc.p = q
		}
		props["radius_m"] = round(uniform(r, 150, 600), 0)
	}
	last := stages(r, k, slow, inc.opened, props)
	if r.IntN(100) < k.dismiss {
		last = dismiss(r, k, slow, inc.opened, props)
		props["status"], props["dismissed_at"], props["dismissed_by"] = "dismissed", last, pick(r, operators)
		props["note"] = pick(r, dismissedNotes[k.domain])
	} else {
		props["status"], props["resolved_by"], props["note"] = "resolved", personName(r), pick(r, resolvedNotes[k.domain])
	}
	props["acknowledged_by"] = pick(r, operators)
	if _, ok := props["verified_at"]; ok {
		props["verified_by"] = pick(r, operators)
	}
	alerts := 1 + int64(math.Floor(-math.Log(1-r.Float64())*0.8))
	props["alerts"], props["last_alert"] = alerts, inc.opened
	if alerts > 1 {
		props["last_alert"] = inc.opened.Add(time.Duration(r.Int64N(int64(last.Sub(inc.opened))/2 + 1)))
	}
	inc.closed = last
	if over := last.Sub(Epoch); over > 0 {
		inc = shiftBack(inc, props, over+time.Minute)
	}
	inc.props = props
	return inc
}

// stages draws the times of every step kind k takes, scaled by the
// district's slowness (travel more than the rest), records them in props
// and returns the last.
func stages(r *rand.Rand, k pastKind, slow float64, opened time.Time, props map[string]any) time.Time {
	at := opened
	for i, median := range k.medians {
		if median == 0 || i == 1 && r.IntN(100) < k.skipVerify {
			continue
		}
		scale := slow
		if i == 3 {
			scale = math.Pow(slow, 1.5)
		}
		at = at.Add(logNormal(r, median*scale))
		props[stageFields[i]] = at
	}
	return at
}

// dismiss turns the incident in props into a false alarm: acknowledged,
// verified one time in three, never dispatched; it returns when it was
// dismissed, after as long a look as a verification takes.
func dismiss(r *rand.Rand, k pastKind, slow float64, opened time.Time, props map[string]any) time.Time {
	for _, f := range stageFields[1:] {
		delete(props, f)
	}
	at := props["acknowledged_at"].(time.Time)
	look := cmp.Or(k.medians[1], 90)
	if r.IntN(3) == 0 {
		at = at.Add(logNormal(r, look*slow))
		props["verified_at"] = at
	}
	return at.Add(logNormal(r, look*slow))
}

// logNormal draws a log-normal duration around median seconds, to the
// second and at least one.
func logNormal(r *rand.Rand, median float64) time.Duration {
	return time.Duration(math.Max(1, math.Round(median*math.Exp(0.45*r.NormFloat64())))) * time.Second
}

// alarmHours weigh the hour of day of an alarm: forest fires start in the
// warm, dry afternoon (and with farm and grave-side burning); the city's
// alarms follow its working day.
var alarmHours = map[bool][]float64{
	true:  {1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 6, 8, 9, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1, 1},
	false: {2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 8, 7, 7, 7, 7, 6, 6, 5, 4, 3, 3, 2},
}

// alarmTime draws when an alarm of domain went off in the historyDays
// before Epoch, by the hour weights of the domain.
func alarmTime(r *rand.Rand, domain string) time.Time {
	start := Epoch.Add(-historyDays * 24 * time.Hour)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, Epoch.Location())
	for {
		at := day.AddDate(0, 0, r.IntN(historyDays+1)).
			Add(time.Duration(weighted(r, alarmHours[domain == "forest"]))*time.Hour + time.Duration(r.IntN(3600))*time.Second)
		if !at.Before(start) && at.Before(Epoch) {
			return at
		}
	}
}

// shiftBack moves every time of an incident that would end after Epoch
// back by d.
func shiftBack(inc pastIncident, props map[string]any, d time.Duration) pastIncident {
	for k, v := range props {
		if t, ok := v.(time.Time); ok {
			props[k] = t.Add(-d)
		}
	}
	inc.opened, inc.closed = inc.opened.Add(-d), inc.closed.Add(-d)
	return inc
}
