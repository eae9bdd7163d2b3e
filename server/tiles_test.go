package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func (f *fixture) get(path string, header ...string) *http.Response {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// The default transport would add Accept-Encoding and decode gzip
	// itself; ask for exactly what the case says.
	tr := &http.Transport{DisableCompression: true}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestTiles(t *testing.T) {
	f := newFixture(t)
	if code, body := f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.4, 29.8)); code != 201 {
		t.Fatalf("seed: %d %v", code, body)
	}
	const tile = "/tiles/districts,cameras/6/50/26.mvt" // holds c1
	res := f.get(tile)
	etag := res.Header.Get("ETag")
	cases := []struct {
		name    string
		path    string
		header  []string
		status  int
		headers map[string]string
	}{
		{"tile", tile, nil, 200, map[string]string{"Content-Type": "application/vnd.mapbox-vector-tile", "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}},
		{"gzip", tile, []string{"Accept-Encoding", "gzip, br"}, 200, map[string]string{"Content-Encoding": "gzip"}},
		{"not modified", tile, []string{"If-None-Match", etag}, 304, nil},
		{"static layer", "/tiles/districts/6/50/26.mvt", nil, 204, map[string]string{"Cache-Control": "public, max-age=3600"}},
		{"empty", "/tiles/cameras/6/0/0.mvt", nil, 204, nil},
		{"z out of range", "/tiles/cameras/23/0/0.mvt", nil, 400, nil},
		{"x outside", "/tiles/cameras/2/4/0.mvt", nil, 400, nil},
		{"malformed", "/tiles/cameras/6/50.mvt", nil, 400, nil},
		{"unknown layer", "/tiles/cameras,ufo/6/50/26.mvt", nil, 404, nil},
		{"tilejson", "/tiles/districts,cameras.json", nil, 200, map[string]string{"Content-Type": "application/json; charset=utf-8"}},
		{"tilejson unknown layer", "/tiles/ufo.json", nil, 404, nil},
		{"style", "/styles/wall.json", nil, 200, nil},
		{"unknown style", "/styles/day.json", nil, 404, nil},
		{"catalog", "/catalog", nil, 200, nil},
		{"glyphs", "/fonts/Go%20Regular/0-255.pbf", nil, 200, map[string]string{"Content-Type": "application/x-protobuf"}},
		{"glyph fallback stack", "/fonts/Open%20Sans%20Regular,Go%20Bold/256-511.pbf", []string{"Accept-Encoding", "gzip"}, 200, map[string]string{"Content-Encoding": "gzip"}},
		{"unknown font", "/fonts/Comic%20Sans/0-255.pbf", nil, 404, nil},
		{"bad glyph range", "/fonts/Go%20Regular/0-256.pbf", nil, 400, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := f.get(tc.path, tc.header...)
			if res.StatusCode != tc.status {
				body, _ := io.ReadAll(res.Body)
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
			}
			for k, v := range tc.headers {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if tc.status >= 400 && !strings.Contains(res.Header.Get("Content-Type"), "json") {
				t.Errorf("error without a JSON body")
			}
		})
	}
	t.Run("gzip body decodes to the plain tile", func(t *testing.T) {
		plain, _ := io.ReadAll(f.get(tile).Body)
		zr, err := gzip.NewReader(f.get(tile, "Accept-Encoding", "gzip").Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, _ := io.ReadAll(zr)
		if string(unzipped) != string(plain) || len(plain) == 0 {
			t.Fatalf("gzip body differs: %d vs %d bytes", len(unzipped), len(plain))
		}
	})
	t.Run("a moved camera changes the tile's ETag", func(t *testing.T) {
		if code, _ := f.do("PUT", "/api/v1/layers/cameras/features/c1", camera("c1", 106.41, 29.81)); code != 200 {
			t.Fatalf("move: %d", code)
		}
		f.world.Close() // the move's events are published before Close returns
		res := f.get(tile, "If-None-Match", etag)
		if res.StatusCode != 200 || res.Header.Get("ETag") == etag {
			t.Fatalf("status %d, ETag %s (was %s)", res.StatusCode, res.Header.Get("ETag"), etag)
		}
	})
}

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	res := f.get("/metrics")
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"lookout_seq 0", `lookout_features{layer="cameras"} 0`, "lookout_ws_clients 0", "go_goroutines"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
