package demo

import (
	"strings"
	"testing"
	"time"

	"lookout/layers"
	"lookout/layers/incident"
)

// TestHistory checks the closed incident history: every district has some,
// each is a plausible closed incident about a real feature, and the
// response-time statistics have a disposal time for every district, slower
// in the remote counties.
func TestHistory(t *testing.T) {
	cs := changes(t)
	ids := map[string]bool{}
	for _, c := range cs {
		ids[c.Layer+"/"+c.ID] = true
	}
	agg := incident.NewAggregator(incident.Filter{From: Epoch.AddDate(0, 0, -historyDays), To: Epoch}, 0)
	dismissed, n := 0, 0
	for _, c := range byLayer(cs)["incidents"] {
		p := c.Props
		agg.Add(&layers.Feature{ID: c.ID, Props: p})
		n++
		subject, _ := p["subject"].(string)
		if !ids[subject] || !strings.HasPrefix(subject, p["source"].(string)+"/") {
			t.Errorf("%s: subject %q is not a generated feature of its source %v", c.ID, subject, p["source"])
		}
		prev := p["opened"].(time.Time)
		for _, f := range []string{"acknowledged_at", "verified_at", "dispatched_at", "on_scene_at", "resolved_at", "dismissed_at"} {
			if at, ok := p[f].(time.Time); ok && at.Before(prev) {
				t.Errorf("%s: %s %v before the stage before it (%v)", c.ID, f, at, prev)
			} else if ok {
				prev = at
			}
		}
		switch p["status"] {
		case "dismissed":
			dismissed++
			if p["dispatched_at"] != nil || p["resolved_at"] != nil || p["dismissed_by"] == nil {
				t.Errorf("%s: dismissed but %v", c.ID, p)
			}
		case "resolved":
			if p["resolved_by"] == nil || p["acknowledged_by"] == nil {
				t.Errorf("%s: resolved by nobody: %v", c.ID, p)
			}
		default:
			t.Errorf("%s: status %v, want resolved or dismissed", c.ID, p["status"])
		}
	}
	if dismissed*100 < n*5 || dismissed*100 > n*15 {
		t.Errorf("%d of %d dismissed, want about one in ten", dismissed, n)
	}
	rep := agg.Report()
	if rep.Overall.Incidents != n {
		t.Errorf("%d of %d incidents are in the 30 days before Epoch", rep.Overall.Incidents, n)
	}
	if p50 := rep.Overall.Disposal().P50; p50 < 7*time.Minute || p50 > 9*time.Minute+30*time.Second {
		t.Errorf("median alarm to disposal %v, want about eight minutes", p50)
	}
	for _, code := range []string{"500103", "500104", "500238", "500243"} {
		if g := rep.Districts[code]; g.Incidents < 5 || g.Disposal().N == 0 {
			t.Errorf("district %s: %d incidents, %d resolved", code, g.Incidents, g.Disposal().N)
		}
	}
	if len(rep.Districts) != 38 {
		t.Errorf("incidents in %d districts, want all 38", len(rep.Districts))
	}
	// 城口县, far in the north-east, is slower than 沙坪坝区 by the city.
	if far, near := rep.Districts["500229"].Disposal().P50, rep.Districts["500106"].Disposal().P50; far < near*5/4 {
		t.Errorf("median disposal %v in 城口县, %v in 沙坪坝区", far, near)
	}
}
