package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// lockedBuffer is a log sink the fuzz workers may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// hostile is a server with everything a query can reach: a store that
// keeps tracks (a vehicle driving through 江北区 for half an hour), a small
// fire-risk grid on 缙云山, responders and an open incident to recommend
// for and act on. Its log keeps errors, so that a 500 shows its panic.
type hostile struct {
	h   http.Handler
	log *lockedBuffer
}

func newHostile(f *testing.F) *hostile {
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelError}))
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(f.TempDir(), "hostile.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { w.Close(); store.Close() })

	now := time.Now().UTC().Truncate(time.Second)
	start := now.Add(-40 * time.Minute)
	for i := range 30 {
		op := layers.Patch
		if i == 0 {
			op = layers.Upsert
		}
		p := orb.Point{106.55 + float64(i)*0.001, 29.60 + float64(i%5)*0.0002}
		c := layers.Change{Op: op, Layer: "vehicles", ID: "veh-0001", Geometry: p, Time: start.Add(time.Duration(i) * time.Minute),
			Props: map[string]any{"plate": "渝A·D1234", "status": "moving", "speed": 35.0}}
		if err := layers.ApplyAll(context.Background(), w, []layers.Change{c}); err != nil {
			f.Fatal(err)
		}
	}
	seen := now.Format(time.RFC3339)
	seed := []layers.Change{
		{Op: layers.Upsert, Layer: "incidents", ID: "inc-1", Geometry: orb.Point{106.39, 29.83}, Props: map[string]any{
			"title": "缙云山 红外火焰告警", "kind": "ir_flame", "domain": "forest", "status": "new", "severity": int64(3),
			"opened": now.Add(-time.Hour), "last_alert": now.Add(-time.Hour)}},
		{Op: layers.Upsert, Layer: "responders", ID: "rsp-ranger", Geometry: orb.Point{106.395, 29.832}, Props: map[string]any{
			"name": "护林员 张", "kind": "ranger", "capabilities": "forest_fire,patrol", "availability": "available", "speed": 0.0, "last_seen": seen}},
		{Op: layers.Upsert, Layer: "responders", ID: "rsp-crew", Geometry: orb.Point{106.42, 29.80}, Props: map[string]any{
			"name": "北碚消防", "kind": "fire_crew", "capabilities": "forest_fire", "availability": "available", "speed": 0.0, "last_seen": seen}},
	}
	for _, c := range seed {
		if res, err := w.Apply(context.Background(), []layers.Change{c}); err != nil || res[0].Err != nil {
			f.Fatalf("seed %s/%s: %v %v", c.Layer, c.ID, err, res)
		}
	}

	g := heat.New(heat.Options{})
	centre, _ := cells.Of(orb.Point{106.385, 29.835}, 8)
	patch, _ := cells.Disk(centre, 3)
	for _, c := range patch {
		if err := g.SetFuel(c, 0.9, "500109"); err != nil {
			f.Fatal(err)
		}
	}
	if _, err := g.SetWeather("500109", heat.Weather{TempC: 30, RH: 25, WindKmh: 20, DaysSinceRain: 12}, now); err != nil {
		f.Fatal(err)
	}
	if _, err := g.Recompute(now); err != nil {
		f.Fatal(err)
	}
	trend := heat.NewTrend(time.Hour, 24)
	trend.Record(now, g.Districts())

	s := server.New(w, server.Options{Logger: logger, Heat: g, HeatTrend: trend, Tracks: store, MaxBody: 64 << 10, MaxItems: 100})
	return &hostile{h: s, log: logs}
}

// serve sends one request and fails on a server fault: every input, however
// hostile, must get an answer below 500, and a JSON answer must be JSON.
func (x *hostile) serve(t *testing.T, req *http.Request, what string) {
	t.Helper()
	rec := httptest.NewRecorder()
	x.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s: status %d: %s\nlog: %s", what, rec.Code, rec.Body, x.log.String())
	}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s: status %d with a body that is not JSON: %q", what, rec.Code, rec.Body)
	}
}

// queryEndpoints are the GET endpoints whose query string a client
// chooses, each with realistic queries to start from.
var queryEndpoints = []struct {
	path  string
	seeds []string
}{
	{"/api/v1/layers/vehicles/features", []string{"bbox=106.50,29.57,106.65,29.66&limit=1000", "limit=2&cursor=dmVoLTAwMDE", "sort=-speed&limit=50", "sort=plate&bbox=106,29,107,30"}},
	{"/api/v1/layers/vehicles/nearest", []string{"lon=106.57&lat=29.6&k=10&max_distance=5000", "lon=181&lat=0", "lon=106.5&lat=29.5&k=0"}},
	{"/api/v1/incidents", []string{"status=new,acknowledged&domain=forest&bbox=105.28,28.16,110.19,32.20&limit=500", "status=nope", "domain=fleet,custody,market"}},
	{"/api/v1/incidents/inc-1/recommend", []string{"k=5&radius_m=50000&max_age_s=600&stale=include&order=eta", "capability=any&order=distance", "k=1000000&stale=maybe"}},
	{"/api/v1/stats/response", []string{"district=500112&domain=forest&from=2026-10-24T00:00:00%2B08:00&to=2026-11-23T00:00:00%2B08:00&target=9m", "district=渝北区&target=540", "district=yubei&target=-1"}},
	{"/api/v1/tracks", []string{"ids=vehicles/veh-0001,custody_persons/cp-0042&stop_m=50&stop_s=300", "ids=vehicles/veh-0001&from=2026-11-23T07:00:00Z&to=2026-11-23T09:00:00Z", "ids=cameras/c1", "ids=" + strings.Repeat("vehicles/v,", 120)}},
	{"/api/v1/history/within", []string{"polygon=106.55+29.55,106.58+29.55,106.58+29.57&layers=vehicles,responders", `polygon={"type":"Polygon","coordinates":[[[106.5,29.5],[106.7,29.5],[106.7,29.7],[106.5,29.5]]]}`, "polygon=0+0,1+1,1+0,0+1&layers=nope"}},
	{"/api/v1/heat/cells", []string{"bbox=106.3,29.7,106.5,29.9&res=8", "bbox=105.28,28.16,110.19,32.20&res=5", "bbox=-180,-90,180,90&res=8", "bbox=106.3,29.7,106.5,29.9&res=15"}},
	{"/api/v1/heat/districts", []string{"", "x=1"}},
	{"/osmand", []string{"id=veh-0001&lat=29.61&lon=106.58&timestamp=1700000000&speed=12&bearing=90", "deviceid=vehicles:veh-0001&location=29.61,106.58&valid=0", "id=nobody&lat=91&lon=0"}},
	{"/catalog", []string{"", "lang=en"}},
}

// FuzzQueryParams sends arbitrary query strings to every GET endpoint
// that reads one (features, nearest, incidents, recommendations,
// statistics, tracks, area history, the fire-risk grid, OsmAnd, the
// catalogue). None may get a server fault.
func FuzzQueryParams(f *testing.F) {
	for i, e := range queryEndpoints {
		for _, q := range e.seeds {
			f.Add(uint8(i), q)
		}
	}
	x := newHostile(f)
	f.Fuzz(func(t *testing.T, endpoint uint8, query string) {
		e := queryEndpoints[int(endpoint)%len(queryEndpoints)]
		req := httptest.NewRequest("GET", e.path, nil)
		req.URL.RawQuery = query
		x.serve(t, req, "GET "+e.path+"?"+query)
	})
}

// pathEndpoints are the GET endpoints that read their path: tiles (layers,
// zoom, x, y, format), TileJSON, styles and glyph ranges.
var pathEndpoints = []struct {
	prefix string
	seeds  []string
}{
	{"/tiles/", []string{"vehicles,responders/13/6520/3390.mvt", "vehicles/6/50/26.mvt", "risk/9/407/211.mvt", "risk,incidents/13/6516/3384.mvt",
		"cameras.json", "vehicles,risk.json", "a/22/4194303/0.mvt", "x/1/2/3.png", "../../etc/passwd"}},
	{"/styles/", []string{"wall.json", "nope.json", "wall"}},
	{"/fonts/", []string{"Go Regular/0-255.pbf", "Go Bold/256-511.pbf", "Go Regular,Go Bold/19968-20223.pbf", "x/0-256.pbf", "x/65280-65535.pbf"}},
	{"/api/v1/layers/", []string{"vehicles", "vehicles/features/veh-0001", "nope/features", "vehicles/features/%2e%2e"}},
	{"/api/v1/incidents/", []string{"inc-1", "nope", "inc-1/recommend"}},
}

// FuzzPaths sends arbitrary paths under the endpoints that read their path.
// None may get a server fault.
func FuzzPaths(f *testing.F) {
	for i, e := range pathEndpoints {
		for _, p := range e.seeds {
			f.Add(uint8(i), p)
		}
	}
	x := newHostile(f)
	f.Fuzz(func(t *testing.T, endpoint uint8, rest string) {
		e := pathEndpoints[int(endpoint)%len(pathEndpoints)]
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = e.prefix + rest
		req.URL.RawPath = ""
		x.serve(t, req, "GET "+req.URL.Path)
	})
}

// bodyEndpoints are the requests whose JSON body a client chooses, besides
// features and ingest (FuzzPutFeature, FuzzIngest): incident and task
// actions, dispatch, and the fire weather.
var bodyEndpoints = []struct {
	method, path string
	seeds        []string
}{
	{"POST", "/api/v1/incidents/inc-1/ack", []string{`{"by":"值班员 李","note":"已确认"}`, `{}`, `{"by":7}`}},
	{"POST", "/api/v1/incidents/inc-1/verify", []string{`{"by":"值班员 李","note":"视频核实"}`}},
	{"POST", "/api/v1/incidents/inc-1/dispatch", []string{`{"by":"调度 王","note":"派护林员","responder_ids":["rsp-ranger","rsp-crew"]}`, `{"responder_ids":["nobody"]}`, `{"responder_ids":[]}`, `{"responder_ids":"rsp-ranger"}`}},
	{"POST", "/api/v1/incidents/inc-1/resolve", []string{`{"by":"值班员 李","note":"已扑灭"}`}},
	{"POST", "/api/v1/assignments/asg-1/accept", []string{`{"by":"rsp-ranger"}`, `{}`}},
	{"PUT", "/api/v1/heat/weather/500109", []string{`{"temp_c":31.5,"rh":22,"wind_kmh":18,"days_since_rain":14,"by":"气象局"}`, `{"temp_c":1e400}`, `{"temp_c":"NaN","rh":-1,"wind_kmh":0,"days_since_rain":366}`}},
	{"PUT", "/api/v1/heat/weather/999999", []string{`{"temp_c":20,"rh":50,"wind_kmh":5,"days_since_rain":1}`}},
}

// FuzzActionBodies sends arbitrary bodies to the incident and task
// actions, dispatch and the fire-weather endpoint. None may get a server
// fault. (The incident moves along as the fuzzer acts on it; later inputs
// then meet a 409, which is an answer too.)
func FuzzActionBodies(f *testing.F) {
	for i, e := range bodyEndpoints {
		for _, b := range e.seeds {
			f.Add(uint8(i), []byte(b))
		}
	}
	f.Add(uint8(0), []byte(`[]`))
	f.Add(uint8(2), []byte(`null`))
	f.Add(uint8(5), []byte(`{`))
	x := newHostile(f)
	f.Fuzz(func(t *testing.T, endpoint uint8, body []byte) {
		e := bodyEndpoints[int(endpoint)%len(bodyEndpoints)]
		req := httptest.NewRequest(e.method, e.path, bytes.NewReader(body))
		x.serve(t, req, e.method+" "+e.path+" "+string(body))
	})
}
