package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func responderJSON(id, kind, caps, avail string, lon, lat float64) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%g,%g]},"properties":{
		"name":"%s","kind":%q,"capabilities":%q,"availability":%q,"speed":0,"last_seen":%q}}`,
		lon, lat, id, kind, caps, avail, time.Now().UTC().Format(time.RFC3339))
}

func TestDispatchAPI(t *testing.T) {
	f := newFixture(t)
	inc := `{"type":"Feature","geometry":{"type":"Point","coordinates":[107.5,29.2]},"properties":{
		"title":"金佛山 红外火焰告警","kind":"ir_flame","domain":"forest","status":"new","severity":3,
		"opened":"2026-11-23T06:00:00Z","last_alert":"2026-11-23T06:00:00Z"}}`
	seed := map[string]string{
		"/api/v1/layers/incidents/features/inc-1":         inc,
		"/api/v1/layers/responders/features/rsp-crew":     responderJSON("crew", "fire_crew", "forest_fire,water_pump", "available", 107.52, 29.2),
		"/api/v1/layers/responders/features/rsp-ranger":   responderJSON("ranger", "ranger", "forest_fire,patrol", "available", 107.503, 29.2),
		"/api/v1/layers/responders/features/rsp-police":   responderJSON("police", "patrol_car", "police", "available", 107.501, 29.2),
		"/api/v1/layers/responders/features/rsp-sleeping": responderJSON("sleeping", "fire_crew", "forest_fire", "off_duty", 107.502, 29.2),
	}
	for path, body := range seed {
		if code, b := f.do("PUT", path, body); code != 201 {
			t.Fatalf("seed %s: %d %v", path, code, b)
		}
	}
	var task string
	cases := []struct {
		name, method, path, body string
		status                   int
		check                    func(t *testing.T, b map[string]any)
	}{
		{"recommend two", "GET", "/api/v1/incidents/inc-1/recommend?k=2", "", 200, func(t *testing.T, b map[string]any) {
			c := b["candidates"].([]any)
			first := c[0].(map[string]any)
			if len(c) != 2 || first["id"] != "rsp-ranger" || first["mode"] != "foot" || first["reason_zh"] == "" || b["shortfall"] != nil {
				t.Errorf("candidates %v shortfall %v", c, b["shortfall"])
			}
			if b["capability"] != "forest_fire" {
				t.Errorf("capability %v", b["capability"])
			}
		}},
		{"recommend five: a shortfall that says why", "GET", "/api/v1/incidents/inc-1/recommend?k=5", "", 200, func(t *testing.T, b map[string]any) {
			sf, _ := b["shortfall"].(map[string]any)
			ex := b["excluded"].(map[string]any)
			if sf == nil || sf["reason"] != "none_available" || ex["off_duty"] != 1.0 || ex["wrong_capability"] != 1.0 {
				t.Errorf("shortfall %v excluded %v", sf, ex)
			}
		}},
		{"bad k", "GET", "/api/v1/incidents/inc-1/recommend?k=0", "", 400, nil},
		{"bad stale", "GET", "/api/v1/incidents/inc-1/recommend?stale=maybe", "", 400, func(t *testing.T, b map[string]any) {
			if field, _ := errorOf(b); field != "stale" {
				t.Errorf("field %q", field)
			}
		}},
		{"recommend for no incident", "GET", "/api/v1/incidents/inc-9/recommend", "", 404, nil},
		{"dispatch an off-duty crew", "POST", "/api/v1/incidents/inc-1/dispatch", `{"by":"调度员","responder_ids":["rsp-sleeping"]}`, 409, nil},
		{"dispatch an unknown responder", "POST", "/api/v1/incidents/inc-1/dispatch", `{"responder_ids":["rsp-ghost"]}`, 400, func(t *testing.T, b map[string]any) {
			if field, _ := errorOf(b); field != "responder_ids[0]" {
				t.Errorf("field %q", field)
			}
		}},
		{"dispatch a bad body", "POST", "/api/v1/incidents/inc-1/dispatch", `{"responder_ids":"rsp-crew"}`, 400, nil},
		{"dispatch two", "POST", "/api/v1/incidents/inc-1/dispatch", `{"by":"调度员王五","responder_ids":["rsp-ranger","rsp-crew"]}`, 200, func(t *testing.T, b map[string]any) {
			p := b["properties"].(map[string]any)
			a := b["assignments"].([]any)
			if p["status"] != "dispatched" || len(a) != 2 {
				t.Fatalf("status %v, %d assignments", p["status"], len(a))
			}
			ap := a[0].(map[string]any)["properties"].(map[string]any)
			if ap["state"] != "assigned" || ap["responder"] != "rsp-ranger" || ap["assigned_by"] != "调度员王五" {
				t.Errorf("assignment %v", ap)
			}
			task = a[0].(map[string]any)["id"].(string)
		}},
		{"the ranger is busy now", "POST", "/api/v1/incidents/inc-1/dispatch", `{"responder_ids":["rsp-ranger"]}`, 409, nil},
		{"busy responders are not recommended", "GET", "/api/v1/incidents/inc-1/recommend?k=1", "", 200, func(t *testing.T, b map[string]any) {
			ex := b["excluded"].(map[string]any)
			if c := b["candidates"].([]any); len(c) != 0 || ex["busy"] != 2.0 {
				t.Errorf("candidates %v excluded %v", c, ex)
			}
		}},
		{"detail lists the tasks", "GET", "/api/v1/incidents/inc-1", "", 200, func(t *testing.T, b map[string]any) {
			if a := b["assignments"].([]any); len(a) != 2 {
				t.Errorf("assignments %v", a)
			}
			// The crew's OsmAnd device is told its task with its next fix.
			res, err := http.Get(f.srv.URL + "/osmand?id=rsp-crew&lat=29.2&lon=107.51")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(string(body), "TASK inc-1 ") || !strings.Contains(string(body), "金佛山") {
				t.Errorf("osmand answer %d %q", res.StatusCode, body)
			}
		}},
		{"resolve releases the responders", "POST", "/api/v1/incidents/inc-1/resolve", `{"by":"王五"}`, 200, nil},
		{"the ranger is free again", "GET", "/api/v1/layers/responders/features/rsp-ranger", "", 200, func(t *testing.T, b map[string]any) {
			if p := b["properties"].(map[string]any); p["task"] != nil {
				t.Errorf("task %v", p["task"])
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, b := f.do(tc.method, tc.path, tc.body)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %v", code, tc.status, b)
			}
			if tc.check != nil {
				tc.check(t, b)
			}
		})
	}
	if code, b := f.do("POST", "/api/v1/assignments/"+task+"/arrive", ""); code != 409 {
		t.Fatalf("arrive on a released task: %d %v", code, b)
	}
	if code, b := f.do("POST", "/api/v1/assignments/"+task+"/jump", ""); code != 404 {
		t.Fatalf("unknown task action: %d %v", code, b)
	}
}
