package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzBodies feeds arbitrary bodies to an endpoint and fails on any 5xx:
// every bad input must get a 4xx with a reason, never a server fault.
func fuzzBodies(f *testing.F, method, path string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	fx := newFixture(f)
	veh := `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.57,29.6]},"properties":{"plate":"渝A·D1234","status":"parked"}}`
	req := httptest.NewRequest("PUT", "/api/v1/layers/vehicles/features/v1", strings.NewReader(veh))
	rec := httptest.NewRecorder()
	fx.srv.Config.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		f.Fatalf("seed: %d %s", rec.Code, rec.Body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(method, path, strings.NewReader(string(body)))
		rec := httptest.NewRecorder()
		fx.srv.Config.Handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
	})
}

func FuzzIngest(f *testing.F) {
	fuzzBodies(f, "POST", "/api/v1/ingest", []string{
		`{"items":[{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.61,"speed":42.5,"time":"2026-11-23T08:00:00+08:00"}]}`,
		`{"items":[{"type":"event","layer":"vehicles","id":"v1","event":"ignition","properties":{"ignition":true}}]}`,
		`{"items":[{"type":"position","layer":"vehicles","id":"v1","lon":1e308,"lat":-1e308,"time":1e300}]}`,
		`{"items":[{"type":"position","layer":"nope","id":""}]}`,
		`{"items":[]}`, `[]`, `null`,
	})
}

func FuzzPutFeature(f *testing.F) {
	fuzzBodies(f, "PUT", "/api/v1/layers/markets/features/m1", []string{
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.5],[106.6,29.6],[106.5,29.5]]]},"properties":{"name":"观音桥农贸市场","stalls":80}}`,
		`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[106.5,29.5],[106.6,29.5],[106.6,29.6],[106.5,29.5]]]]},"properties":{"name":"x"}}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.6],[106.6,29.5],[106.5,29.6],[106.5,29.5]]]},"properties":{"name":"x"}}`,
		`{"type":"Feature","geometry":null,"properties":{"name":"x"}}`,
	})
}
