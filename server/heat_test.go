package server_test

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/server"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// heatServer is a server with a small fire-risk grid: a patch of forest
// on 缙云山 in 北碚区 (500109) under a dry, windy day.
func heatServer(t *testing.T) (*httptest.Server, *heat.Grid) {
	t.Helper()
	w := openWorld(t)
	now := time.Now()
	g := patchGrid(t, 0.9, heat.Weather{TempC: 30, RH: 25, WindKmh: 20, DaysSinceRain: 12}, now)
	trend := heat.NewTrend(time.Hour, 24)
	trend.Record(now.Add(-time.Hour), []heat.District{{Code: "500109", Mean: 0.1}})
	trend.Record(now, g.Districts())
	srv := httptest.NewServer(server.New(w, server.Options{Logger: quiet, Heat: g, HeatTrend: trend}))
	t.Cleanup(srv.Close)
	return srv, g
}

// patchGrid is a fire-risk grid of one patch of forest on 缙云山 in 北碚区
// (500109), 37 res-8 cells of the given fuel under the given weather,
// scored at now.
func patchGrid(t *testing.T, fuel float64, wx heat.Weather, now time.Time) *heat.Grid {
	t.Helper()
	g := heat.New(heat.Options{})
	centre, _ := cells.Of(orb.Point{106.385, 29.835}, 8)
	patch, _ := cells.Disk(centre, 3)
	for _, c := range patch {
		if err := g.SetFuel(c, fuel, "500109"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.SetWeather("500109", wx, now); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Recompute(now); err != nil {
		t.Fatal(err)
	}
	return g
}

func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

func TestHeatAPI(t *testing.T) {
	srv, _ := heatServer(t)
	bbox := "106.3,29.78,106.47,29.89"
	cases := []struct {
		name, method, path, body string
		status                   int
		check                    func(t *testing.T, b map[string]any)
	}{
		{"all 38 districts, the forested one first", "GET", "/api/v1/heat/districts", "", 200, func(t *testing.T, b map[string]any) {
			ds := b["districts"].([]any)
			first := ds[0].(map[string]any)
			if len(ds) != 38 || first["district"] != "500109" || first["cells"] != 37.0 || first["name"] != "北碚区" {
				t.Fatalf("%d districts, first %v", len(ds), first)
			}
			if ch, _ := first["change_1h"].(float64); ch != round4(first["mean"].(float64)-0.1) || len(first["trend"].([]any)) != 2 || first["change_24h"] != nil {
				t.Errorf("trend: change_1h %v, change_24h %v, trend %v", first["change_1h"], first["change_24h"], first["trend"])
			}
			sum := 0.0
			for _, v := range first["shares"].([]any) {
				sum += v.(float64)
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("shares sum to %g", sum)
			}
		}},
		{"cells at res 8", "GET", "/api/v1/heat/cells?bbox=" + bbox + "&res=8", "", 200, func(t *testing.T, b map[string]any) {
			if cs := b["cells"].([]any); len(cs) != 37 {
				t.Errorf("%d cells", len(cs))
			}
		}},
		{"cells at a parent res", "GET", "/api/v1/heat/cells?bbox=" + bbox + "&res=6", "", 200, func(t *testing.T, b map[string]any) {
			c := b["cells"].([]any)[0].(map[string]any)
			if c["cells"].(float64) < 1 || c["class"].(float64) < 1 {
				t.Errorf("parent %v", c)
			}
		}},
		{"a resolution not kept", "GET", "/api/v1/heat/cells?bbox=" + bbox + "&res=9", "", 400, nil},
		{"no bbox", "GET", "/api/v1/heat/cells?res=8", "", 400, nil},
		{"weather: drier and windier raises the index", "PUT", "/api/v1/heat/weather/500109",
			`{"temp_c":36,"rh":15,"wind_kmh":40,"days_since_rain":30}`, 200, func(t *testing.T, b map[string]any) {
				if b["index"].(float64) <= 0.5 {
					t.Errorf("index %v", b["index"])
				}
			}},
		{"weather: humidity out of range", "PUT", "/api/v1/heat/weather/500109", `{"temp_c":20,"rh":140,"wind_kmh":5,"days_since_rain":1}`, 400, nil},
		{"weather: a member missing", "PUT", "/api/v1/heat/weather/500109", `{"temp_c":20,"rh":40,"wind_kmh":5}`, 400, nil},
		{"weather: unknown district", "PUT", "/api/v1/heat/weather/999999", `{"temp_c":20,"rh":40,"wind_kmh":5,"days_since_rain":1}`, 404, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, b := call(t, tc.method, srv.URL+tc.path, tc.body)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %v", code, tc.status, b)
			}
			if tc.check != nil {
				tc.check(t, b)
			}
		})
	}
}

func TestHeatAPIWithoutGrid(t *testing.T) {
	f := newFixture(t)
	if code, _ := f.do("GET", "/api/v1/heat/districts", ""); code != 404 {
		t.Fatalf("status %d, want 404", code)
	}
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
