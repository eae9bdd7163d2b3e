package server_test

import (
	"testing"
)

func TestIncidentsAPI(t *testing.T) {
	f := newFixture(t)
	inc := `{"type":"Feature","geometry":{"type":"Point","coordinates":[107.5,29.2]},"properties":{
		"title":"金佛山 红外火焰告警","kind":"ir_flame","domain":"forest","status":"new","severity":3,
		"opened":"2026-11-23T06:00:00Z","last_alert":"2026-11-23T06:00:00Z"}}`
	alert := `{"type":"Feature","geometry":{"type":"Point","coordinates":[107.501,29.2]},"properties":{
		"rule":"ir_flame","domain":"forest","title":"金佛山 红外火焰告警","incident":"inc-1","reason":"first alert"}}`
	for path, body := range map[string]string{"/api/v1/layers/incidents/features/inc-1": inc, "/api/v1/layers/alerts/features/al-1": alert} {
		if code, b := f.do("PUT", path, body); code != 201 {
			t.Fatalf("seed %s: %d %v", path, code, b)
		}
	}
	cases := []struct {
		name, method, path, body string
		status                   int
		check                    func(t *testing.T, b map[string]any)
	}{
		{"list new", "GET", "/api/v1/incidents?status=new", "", 200, func(t *testing.T, b map[string]any) {
			if n := len(b["features"].([]any)); n != 1 {
				t.Errorf("%d incidents", n)
			}
		}},
		{"list other domain", "GET", "/api/v1/incidents?domain=market", "", 200, func(t *testing.T, b map[string]any) {
			if n := len(b["features"].([]any)); n != 0 {
				t.Errorf("%d incidents", n)
			}
		}},
		{"unknown status", "GET", "/api/v1/incidents?status=new,burning", "", 400, func(t *testing.T, b map[string]any) {
			if field, _ := errorOf(b); field != "status" {
				t.Errorf("field %q", field)
			}
		}},
		{"unknown domain", "GET", "/api/v1/incidents?domain=weather", "", 400, nil},
		{"detail", "GET", "/api/v1/incidents/inc-1", "", 200, func(t *testing.T, b map[string]any) {
			if len(b["evidence"].([]any)) != 1 || len(b["timeline"].([]any)) != 1 {
				t.Errorf("evidence %v timeline %v", b["evidence"], b["timeline"])
			}
		}},
		{"acknowledge", "POST", "/api/v1/incidents/inc-1/ack", `{"by":"值班员李四"}`, 200, func(t *testing.T, b map[string]any) {
			p := b["properties"].(map[string]any)
			if p["status"] != "acknowledged" || p["acknowledged_by"] != "值班员李四" || p["acknowledged_at"] == nil {
				t.Errorf("after ack: %v", p)
			}
		}},
		{"timeline names who", "GET", "/api/v1/incidents/inc-1", "", 200, func(t *testing.T, b map[string]any) {
			tl := b["timeline"].([]any)
			last := tl[len(tl)-1].(map[string]any)
			if len(tl) != 2 || last["actor"] != "值班员李四" || last["event"] != "ack" || last["status"] != "acknowledged" {
				t.Errorf("timeline %v", tl)
			}
		}},
		{"resolve", "POST", "/api/v1/incidents/inc-1/resolve", `{"by":"李四","note":"扑灭"}`, 200, nil},
		{"no way back", "POST", "/api/v1/incidents/inc-1/verify", "", 409, nil},
		{"unknown action", "POST", "/api/v1/incidents/inc-1/teleport", "", 404, nil},
		{"unknown incident", "POST", "/api/v1/incidents/inc-9/ack", "", 404, nil},
		{"bad body", "POST", "/api/v1/incidents/inc-1/resolve", `{`, 400, nil},
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
}
