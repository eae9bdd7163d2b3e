package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server"
)

// fixture is a server over a real World on a GeoPackage in a temp dir.
type fixture struct {
	t     testing.TB
	world *layers.World
	srv   *httptest.Server
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	w := openWorld(t)
	srv := httptest.NewServer(server.New(w, server.Options{Logger: quiet, MaxBody: 64 << 10, MaxItems: 100}))
	t.Cleanup(srv.Close)
	return &fixture{t: t, world: w, srv: srv}
}

var quiet = slog.New(slog.DiscardHandler)

// openWorld opens a World of every layer on a GeoPackage in a temp dir,
// closed when the test ends (after the servers over it, registered later).
func openWorld(t testing.TB) *layers.World {
	_, w := openStoreWorld(t)
	return w
}

// openStoreWorld is openWorld with its store, for tests that also need
// the store's track history or tokens.
func openStoreWorld(t testing.TB) (*gpkg.Store, *layers.World) {
	t.Helper()
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "lookout.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		w.Close()
		store.Close()
	})
	return store, w
}

// do sends a request and returns the status and the decoded JSON body.
func (f *fixture) do(method, path, body string, header ...string) (int, map[string]any) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			f.t.Fatalf("%s %s: body is not JSON: %s", method, path, raw)
		}
	}
	return res.StatusCode, out
}

func camera(id string, lon, lat float64) string {
	return fmt.Sprintf(`{"type":"Feature","id":%q,"geometry":{"type":"Point","coordinates":[%g,%g]},
		"properties":{"name":"缙云山%s号","status":"online","range_m":5000}}`, id, lon, lat, id)
}

func errorOf(body map[string]any) (field, reason string) {
	e, _ := body["error"].(map[string]any)
	field, _ = e["field"].(string)
	reason, _ = e["reason"].(string)
	return field, reason
}

func TestBadInputChangesNothing(t *testing.T) {
	f := newFixture(t)
	if code, _ := f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.4, 29.8)); code != 201 {
		t.Fatalf("seed: %d", code)
	}
	square := `{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.5],[106.6,29.6],[106.5,29.6]]]}`
	bowtie := `{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.6],[106.6,29.5],[106.5,29.6],[106.5,29.5]]]}`
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"malformed json", "PUT", "/api/v1/layers/cameras/features/c2", `{"type":`, 400, "body"},
		{"not a feature", "PUT", "/api/v1/layers/cameras/features/c2", `{"type":"Point","coordinates":[1,2]}`, 400, "type"},
		{"unknown layer", "PUT", "/api/v1/layers/ufo/features/c2", camera("c2", 106, 29), 404, ""},
		{"latitude out of range", "PUT", "/api/v1/layers/cameras/features/c2", camera("c2", 106, 95), 400, "geometry.coordinates"},
		{"nan as string", "PUT", "/api/v1/layers/cameras/features/c2",
			`{"type":"Feature","geometry":{"type":"Point","coordinates":["NaN",29]},"properties":{"name":"x","status":"online"}}`, 400, "geometry.coordinates"},
		{"unclosed ring", "PUT", "/api/v1/layers/markets/features/m1",
			`{"type":"Feature","geometry":` + square + `,"properties":{"name":"x"}}`, 400, "geometry.coordinates[0]"},
		{"self-intersecting ring", "PUT", "/api/v1/layers/markets/features/m1",
			`{"type":"Feature","geometry":` + bowtie + `,"properties":{"name":"x"}}`, 400, "geometry.coordinates[0][0]"},
		{"wrong geometry kind", "PUT", "/api/v1/layers/cameras/features/c2",
			`{"type":"Feature","geometry":` + bowtie + `,"properties":{"name":"x","status":"online"}}`, 400, "geometry.type"},
		{"unknown property", "PUT", "/api/v1/layers/cameras/features/c2",
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[106,29]},"properties":{"name":"x","status":"online","colour":"red"}}`, 400, "properties.colour"},
		{"enum", "PUT", "/api/v1/layers/cameras/features/c2",
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[106,29]},"properties":{"name":"x","status":"asleep"}}`, 400, "properties.status"},
		{"id mismatch", "PUT", "/api/v1/layers/cameras/features/c2", camera("c3", 106, 29), 400, "id"},
		{"body too large", "PUT", "/api/v1/layers/cameras/features/c2", `{"type":"Feature","pad":"` + strings.Repeat("x", 70<<10) + `"}`, 413, "body"},
		{"empty body", "PUT", "/api/v1/layers/cameras/features/c2", ``, 400, "body"},
		{"stale if-match", "DELETE", "/api/v1/layers/cameras/features/c1", ``, 409, ""},
		{"bad if-match", "DELETE", "/api/v1/layers/cameras/features/c1", ``, 400, "If-Match"},
		{"bad bbox", "GET", "/api/v1/layers/cameras/features?bbox=1,2,3", ``, 400, "bbox"},
		{"inverted bbox", "GET", "/api/v1/layers/cameras/features?bbox=107,29,106,30", ``, 400, "bbox"},
		{"bad limit", "GET", "/api/v1/layers/cameras/features?limit=0", ``, 400, "limit"},
		{"forged cursor", "GET", "/api/v1/layers/cameras/features?cursor=!!", ``, 400, "cursor"},
		{"nearest without lat", "GET", "/api/v1/layers/cameras/nearest?lon=106", ``, 400, "lat"},
		{"missing feature", "GET", "/api/v1/layers/cameras/features/nope", ``, 404, ""},
		{"delete missing", "DELETE", "/api/v1/layers/cameras/features/nope", ``, 404, ""},
		{"unknown endpoint", "GET", "/api/v1/nothing", ``, 404, "path"},
		{"collection with a bad feature", "POST", "/api/v1/layers/cameras/features",
			`{"type":"FeatureCollection","features":[` + camera("n1", 106, 29) + `,` + camera("n2", 106, 99) + `]}`, 400, "features[1].geometry.coordinates"},
		{"ingest not an object", "POST", "/api/v1/ingest", `[1,2]`, 400, "body"},
		{"ingest all bad", "POST", "/api/v1/ingest", `{"items":[{"type":"teleport","layer":"cameras","id":"c1"}]}`, 400, ""},
	}
	ifMatch := map[string]string{"stale if-match": `"1234567"`, "bad if-match": `W/"x"`}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.world.Seq()
			var header []string
			if v, ok := ifMatch[tc.name]; ok {
				header = []string{"If-Match", v}
			}
			code, body := f.do(tc.method, tc.path, tc.body, header...)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %v", code, tc.status, body)
			}
			field, reason := errorOf(body)
			if tc.path != "/api/v1/ingest" && reason == "" {
				t.Fatalf("no reason in %v", body)
			}
			if tc.field != "" && !strings.HasPrefix(field, tc.field) {
				t.Fatalf("field %q, want prefix %q (%s)", field, tc.field, reason)
			}
			if got := f.world.Seq(); got != before {
				t.Fatalf("seq moved from %d to %d: bad input changed something", before, got)
			}
		})
	}
}

func TestFeatureLifecycle(t *testing.T) {
	f := newFixture(t)
	code, body := f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.4, 29.8))
	if code != 201 || body["id"] != "c1" {
		t.Fatalf("create: %d %v", code, body)
	}
	code, body = f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.41, 29.81))
	if code != 200 {
		t.Fatalf("replace: %d %v", code, body)
	}
	version := body["version"].(float64)
	code, body = f.do("GET", "/api/v1/layers/cameras/features/c1", "")
	props := body["properties"].(map[string]any)
	if code != 200 || props["name"] != "缙云山c1号" || props["range_m"] != 5000.0 || body["version"] != version {
		t.Fatalf("get: %d %v", code, body)
	}
	if code, _ = f.do("DELETE", "/api/v1/layers/cameras/features/c1", "", "If-Match", fmt.Sprintf(`"%d"`, int(version))); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _ = f.do("GET", "/api/v1/layers/cameras/features/c1", ""); code != 404 {
		t.Fatalf("get after delete: %d", code)
	}
}

func TestPagingAndNearest(t *testing.T) {
	f := newFixture(t)
	var fs []string
	for i := 0; i < 25; i++ {
		fs = append(fs, camera(fmt.Sprintf("c%02d", i), 106+float64(i)*0.01, 29.5))
	}
	code, body := f.do("POST", "/api/v1/layers/cameras/features", `{"type":"FeatureCollection","features":[`+strings.Join(fs, ",")+`]}`)
	if code != 201 || body["created"] != 25.0 {
		t.Fatalf("bulk create: %d %v", code, body)
	}
	seen := 0
	path := "/api/v1/layers/cameras/features?limit=10&bbox=105,29,107,30"
	for pages := 0; ; pages++ {
		code, body = f.do("GET", path, "")
		if code != 200 {
			t.Fatalf("page: %d %v", code, body)
		}
		seen += len(body["features"].([]any))
		next, _ := body["next_cursor"].(string)
		if next == "" {
			if pages != 2 {
				t.Fatalf("%d pages, want 3", pages+1)
			}
			break
		}
		path = "/api/v1/layers/cameras/features?limit=10&bbox=105,29,107,30&cursor=" + next
	}
	if seen != 25 {
		t.Fatalf("paged %d features, want 25", seen)
	}
	code, body = f.do("GET", "/api/v1/layers/cameras/nearest?lon=106.101&lat=29.5&k=3", "")
	feats := body["features"].([]any)
	if code != 200 || len(feats) != 3 {
		t.Fatalf("nearest: %d %v", code, body)
	}
	first := feats[0].(map[string]any)
	if first["id"] != "c10" || first["distance_m"].(float64) > 100 {
		t.Fatalf("nearest first: %v", first)
	}
	code, body = f.do("GET", "/api/v1/layers", "")
	if code != 200 {
		t.Fatalf("layers: %d", code)
	}
	for _, l := range body["layers"].([]any) {
		l := l.(map[string]any)
		if l["name"] == "cameras" && l["count"] != 25.0 {
			t.Fatalf("cameras count %v", l["count"])
		}
	}
}

func TestIngest(t *testing.T) {
	f := newFixture(t)
	veh := `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.57,29.6]},"properties":{"plate":"渝A·D1234","status":"parked"}}`
	if code, body := f.do("PUT", "/api/v1/layers/vehicles/features/v1", veh); code != 201 {
		t.Fatalf("seed vehicle: %d %v", code, body)
	}
	if code, body := f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.4, 29.8)); code != 201 {
		t.Fatalf("seed camera: %d %v", code, body)
	}
	fix := time.Now().Add(2 * time.Second).Truncate(time.Millisecond)
	batch := `{"items":[
		{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.61,"speed":42.5,"heading":90,"accuracy":8,"time":` +
		fmt.Sprint(fix.UnixMilli()) + `,"properties":{"status":"moving"}},
		{"type":"event","layer":"cameras","id":"c1","event":"alarm","properties":{"status":"alarm"}},
		{"type":"position","layer":"vehicles","id":"ghost","lon":106.58,"lat":29.61},
		{"type":"position","layer":"vehicles","id":"v1","lon":206,"lat":29.61},
		{"type":"position","layer":"vehicles","id":"v1"},
		{"type":"event","layer":"cameras","id":"c1","event":"alarm","properties":{"status":"burning"}}
	]}`
	code, body := f.do("POST", "/api/v1/ingest", batch)
	if code != 200 || body["accepted"] != 2.0 || body["rejected"] != 4.0 {
		t.Fatalf("ingest: %d %v", code, body)
	}
	results := body["results"].([]any)
	want := []struct {
		status  int
		field   string
		warning string
	}{{200, "", "accuracy ignored"}, {200, "", ""}, {404, "", ""}, {400, "items[3].geometry.coordinates", ""}, {400, "items[4].lon", ""}, {400, "items[5].properties.status", ""}}
	for i, w := range want {
		r := results[i].(map[string]any)
		if int(r["status"].(float64)) != w.status {
			t.Errorf("item %d: status %v, want %d", i, r["status"], w.status)
		}
		if w.field != "" {
			if field, _ := errorOf(r); field != w.field {
				t.Errorf("item %d: field %q, want %q", i, field, w.field)
			}
		}
		if w.warning != "" && !strings.Contains(fmt.Sprint(r["warnings"]), w.warning) {
			t.Errorf("item %d: warnings %v, want %q", i, r["warnings"], w.warning)
		}
	}
	code, body = f.do("GET", "/api/v1/layers/vehicles/features/v1", "")
	props := body["properties"].(map[string]any)
	if props["speed"] != 42.5 || props["status"] != "moving" || body["updated"] != fix.UTC().Format(time.RFC3339Nano) {
		t.Fatalf("vehicle after ingest: %v", body)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, _ := f.do("GET", path, ""); code != 200 {
			t.Errorf("%s: %d", path, code)
		}
	}
	f.world.Close()
	if code, _ := f.do("GET", "/readyz", ""); code != 503 {
		t.Errorf("readyz after close: %d", code)
	}
}

func TestSortedFeatures(t *testing.T) {
	f := newFixture(t)
	var fs []string
	for i, r := range []string{"30.5", "80", "", "55.2"} {
		risk := ""
		if r != "" {
			risk = `,"risk":` + r
		}
		fs = append(fs, fmt.Sprintf(`{"type":"Feature","id":"cp-%d","geometry":{"type":"Point","coordinates":[106.5,29.5]},
			"properties":{"name":"人员%d","case":"c1","status":"normal"%s}}`, i, i, risk))
	}
	if code, body := f.do("POST", "/api/v1/layers/custody_persons/features", `{"type":"FeatureCollection","features":[`+strings.Join(fs, ",")+`]}`); code != 201 {
		t.Fatalf("create: %d %v", code, body)
	}
	tests := []struct {
		query string
		want  string
	}{
		{"sort=-risk", "cp-1 cp-3 cp-0 cp-2"},
		{"sort=risk", "cp-0 cp-3 cp-1 cp-2"},
		{"sort=-risk&limit=2", "cp-1 cp-3"},
		{"sort=name", "cp-0 cp-1 cp-2 cp-3"},
	}
	for _, tt := range tests {
		code, body := f.do("GET", "/api/v1/layers/custody_persons/features?"+tt.query, "")
		var ids []string
		for _, x := range body["features"].([]any) {
			ids = append(ids, x.(map[string]any)["id"].(string))
		}
		if got := strings.Join(ids, " "); code != 200 || got != tt.want {
			t.Errorf("%s: %d %q, want %q", tt.query, code, got, tt.want)
		}
	}
	for _, q := range []string{"sort=nope", "sort=-", "sort=risk&cursor=Y3AtMQ"} {
		code, body := f.do("GET", "/api/v1/layers/custody_persons/features?"+q, "")
		if field, _ := errorOf(body); code != 400 || (field != "sort" && field != "cursor") {
			t.Errorf("%s: %d %v, want 400", q, code, body)
		}
	}
}
