package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// statsIncident is an incident to seed: where, what, and its stage times
// in seconds after the alarm (0: not reached).
type statsIncident struct {
	id, district, domain, source, status string
	opened                               time.Time
	ack, verify, dispatch, arrive, done  int
}

func seedStats(t *testing.T, f *fixture, incs []statsIncident) {
	t.Helper()
	var cs []layers.Change
	for _, in := range incs {
		p := map[string]any{"title": "告警 " + in.id, "kind": "ir_flame", "domain": in.domain, "status": in.status,
			"source": in.source, "district": in.district, "opened": in.opened, "last_alert": in.opened}
		for field, s := range map[string]int{"acknowledged_at": in.ack, "verified_at": in.verify,
			"dispatched_at": in.dispatch, "on_scene_at": in.arrive} {
			if s > 0 {
				p[field] = in.opened.Add(time.Duration(s) * time.Second)
			}
		}
		if in.done > 0 {
			p[in.status+"_at"] = in.opened.Add(time.Duration(in.done) * time.Second)
		}
		cs = append(cs, layers.Change{Op: layers.Upsert, Layer: "incidents", ID: in.id, Geometry: orb.Point{106.6, 29.7},
			Props: p, Time: in.opened})
	}
	res, err := f.world.Apply(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("seed %s: %v", cs[i].ID, r.Err)
		}
	}
}

// statsPath returns the stats endpoint with the given query parameters.
func statsPath(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "/api/v1/stats/response?" + q.Encode()
}

// dig follows a dotted path of keys and array indexes into a decoded JSON
// body; a last element "#" gives the length of the array it names.
func dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch a, isArray := v.([]any); {
		case k == "#" && isArray:
			return len(a)
		case isArray:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(a) {
				return "no element " + k
			}
			v = a[i]
		default:
			m, _ := v.(map[string]any)
			v = m[k]
		}
	}
	return v
}

func TestResponseStats(t *testing.T) {
	f := newFixture(t)
	base := time.Now().UTC().Add(-10 * 24 * time.Hour).Truncate(time.Hour)
	seedStats(t, f, []statsIncident{
		{"inc-a", "500112", "forest", "ir_detectors", "resolved", base, 60, 180, 240, 420, 480},
		{"inc-b", "500112", "forest", "cameras", "resolved", base.Add(time.Hour), 30, 0, 120, 600, 900},
		{"inc-c", "500229", "forest", "cameras", "dismissed", base.Add(2 * time.Hour), 90, 200, 0, 0, 300},
		{"inc-d", "500103", "market", "kitchens", "acknowledged", base.Add(3 * time.Hour), 40, 0, 0, 0, 0},
		{"inc-old", "500112", "forest", "cameras", "resolved", base.Add(-40 * 24 * time.Hour), 10, 20, 30, 40, 50},
	})
	window := []string{"from", base.Add(-time.Hour).Format(time.RFC3339), "to", base.Add(6 * time.Hour).Format(time.RFC3339)}
	type check struct{ path, want string }
	cases := []struct {
		name   string
		path   string
		checks []check
	}{
		{"default window is the last 30 days", statsPath(), []check{
			{"overall.incidents", "4"}, {"overall.resolved", "2"}, {"target_s", "540"}}},
		{"overall", statsPath(window...), []check{
			{"from", base.Add(-time.Hour).Format(time.RFC3339)}, {"to", base.Add(6 * time.Hour).Format(time.RFC3339)},
			{"overall.incidents", "4"}, {"overall.resolved", "2"}, {"overall.dismissed", "1"}, {"overall.open", "1"},
			{"overall.within_target", "1"}, {"overall.within_target_share", "0.5"},
			{"overall.stages.acknowledged.n", "4"}, {"overall.stages.acknowledged.p50_s", "40"}, {"overall.stages.acknowledged.p90_s", "90"},
			{"overall.stages.verified.n", "2"}, {"overall.stages.verified.p50_s", "180"}, {"overall.stages.verified.p90_s", "200"},
			{"overall.stages.on_scene.n", "2"}, {"overall.stages.on_scene.p50_s", "420"},
			{"overall.stages.resolved.n", "2"}, {"overall.stages.resolved.p50_s", "480"}, {"overall.stages.resolved.p90_s", "900"},
			// inc-b skipped verification: its dispatch step counts from its acknowledgement.
			{"overall.steps.dispatch.n", "2"}, {"overall.steps.dispatch.p50_s", "60"}, {"overall.steps.dispatch.p90_s", "90"},
			{"overall.steps.arrive.p90_s", "480"}, {"overall.steps.resolve.p50_s", "60"}}},
		{"every district, slowest first", statsPath(window...), []check{
			{"districts.#", "38"}, {"districts.0.district", "500112"}, {"districts.0.name", "渝北区"},
			{"districts.0.incidents", "2"}, {"districts.0.within_target_share", "0.5"},
			{"districts.1.district", "500101"}, {"districts.1.incidents", "0"},
			{"districts.1.stages.resolved.n", "0"}, {"districts.1.stages.resolved.p50_s", "<nil>"},
			{"districts.1.within_target_share", "<nil>"}}},
		{"sources, slowest first", statsPath(window...), []check{
			{"sources.#", "3"}, {"sources.0.source", "cameras"}, {"sources.0.stages.resolved.p50_s", "900"},
			{"sources.1.source", "ir_detectors"}, {"sources.2.source", "kitchens"}, {"sources.2.open", "1"}}},
		{"one domain", statsPath(append(window, "domain", "market")...), []check{
			{"overall.incidents", "1"}, {"overall.within_target_share", "<nil>"}, {"districts.#", "38"}}},
		{"one district by name", statsPath(append(window, "district", "渝北区")...), []check{
			{"overall.incidents", "2"}, {"districts.#", "1"}, {"districts.0.district", "500112"}}},
		{"one district by code", statsPath(append(window, "district", "500229")...), []check{
			{"overall.dismissed", "1"}, {"districts.#", "1"}, {"districts.0.name", "城口县"}}},
		{"target in seconds", statsPath(append(window, "target", "900")...), []check{
			{"overall.within_target", "2"}, {"target_s", "900"}}},
		{"target as a duration", statsPath(append(window, "target", "5m")...), []check{
			{"overall.within_target", "0"}, {"overall.within_target_share", "0"}, {"target_s", "300"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, b := f.do("GET", tc.path, "")
			if code != 200 {
				t.Fatalf("status %d: %v", code, b)
			}
			for _, c := range tc.checks {
				if got := fmt.Sprint(dig(b, c.path)); got != c.want {
					t.Errorf("%s = %s, want %s", c.path, got, c.want)
				}
			}
		})
	}
}

func TestResponseStatsBadInput(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, query, field string
	}{
		{"from not RFC 3339", "from=yesterday", "from"},
		{"to not RFC 3339", "to=2026-11-01", "to"},
		{"from after to", "from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z", "from"},
		{"from equal to to", "from=2026-11-10T00:00:00Z&to=2026-11-10T00:00:00Z", "from"},
		{"unknown domain", "domain=weather", "domain"},
		{"unknown district code", "district=999999", "district"},
		{"unknown district name", "district=火星区", "district"},
		{"target not a duration", "target=soon", "target"},
		{"target zero", "target=0", "target"},
		{"target negative", "target=-5m", "target"},
		{"target beyond a day", "target=48h", "target"},
		{"target not a number", "target=NaN", "target"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, b := f.do("GET", "/api/v1/stats/response?"+tc.query, "")
			if code != 400 {
				t.Fatalf("status %d, want 400: %v", code, b)
			}
			if field, reason := errorOf(b); field != tc.field || reason == "" {
				t.Errorf("field %q reason %q, want field %q", field, reason, tc.field)
			}
		})
	}
}
