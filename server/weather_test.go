package server_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/layers/forest"
	"lookout/server"
	"lookout/spatial/heat"
)

// reopenable opens a World of every layer on one GeoPackage file, closing
// the previous one: a server restart.
type reopenable struct {
	t     *testing.T
	path  string
	world *layers.World
	store *gpkg.Store
}

func (r *reopenable) open() *layers.World {
	r.t.Helper()
	r.close()
	store, err := gpkg.Open(r.path, gpkg.Options{Logger: quiet})
	if err != nil {
		r.t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		r.t.Fatal(err)
	}
	r.world, r.store = w, store
	return w
}

func (r *reopenable) close() {
	if r.world != nil {
		r.world.Close()
		r.store.Close()
		r.world = nil
	}
}

func newReopenable(t *testing.T) *reopenable {
	r := &reopenable{t: t, path: filepath.Join(t.TempDir(), "lookout.gpkg")}
	t.Cleanup(r.close)
	return r
}

// TestWeatherSurvivesRestart puts a district's weather, restarts, and
// finds the reading back in the grid, with who set it in the journal.
func TestWeatherSurvivesRestart(t *testing.T) {
	r := newReopenable(t)
	w := r.open()
	srv := httptest.NewServer(server.New(w, server.Options{Logger: quiet, Heat: heat.New(heat.Options{})}))
	code, body := (&fixture{t: t, srv: srv}).do("PUT", "/api/v1/heat/weather/500109",
		`{"temp_c": 31, "rh": 22, "wind_kmh": 25, "days_since_rain": 9, "by": "气象台"}`)
	srv.Close()
	if code != 200 {
		t.Fatalf("PUT weather: %d %v", code, body)
	}
	w = r.open()
	g := heat.New(heat.Options{})
	n, err := forest.RestoreWeather(w, g)
	if err != nil || n != 1 {
		t.Fatalf("RestoreWeather: %d readings, %v", n, err)
	}
	f, err := w.Feature(forest.Weather.Name, "500109")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := forest.WeatherOf(f)
	want := heat.Weather{TempC: 31, RH: 22, WindKmh: 25, DaysSinceRain: 9}
	if got != want || f.Props["index"] != heat.FireWeather(want) || body["index"] != round4(heat.FireWeather(want)) {
		t.Fatalf("stored %+v index %v (answered %v), want %+v", got, f.Props["index"], body["index"], want)
	}
	recs, err := w.History(context.Background(), forest.Weather.Name, "500109", 0)
	if err != nil || len(recs) != 1 || recs[0].Change.Actor != "气象台" {
		t.Fatalf("journal: %v %+v", err, recs)
	}
}

// TestTrendSurvivesRestart records two hourly roll-ups, restarts, and
// reads the same trend back.
func TestTrendSurvivesRestart(t *testing.T) {
	r := newReopenable(t)
	w := r.open()
	t0 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	at := func(string) orb.Point { return orb.Point{106.4, 29.8} }
	for i, mean := range []float64{0.2, 0.35} {
		ds := []heat.District{{Code: "500109", Mean: mean, Class: 2, Cells: 37}, {Code: "500110", Mean: mean / 2, Class: 1, Cells: 5}}
		if err := layers.ApplyAll(context.Background(), w, forest.TrendChanges(w, ds, at, t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	w = r.open()
	trend := heat.NewTrend(time.Hour, 24)
	n, err := forest.RestoreTrend(context.Background(), w, trend)
	if err != nil || n != 4 {
		t.Fatalf("RestoreTrend: %d samples, %v", n, err)
	}
	times, means := trend.Series("500109")
	if len(times) != 2 || !times[1].Equal(t0.Add(time.Hour)) || means[0] != 0.2 || means[1] != 0.35 {
		t.Fatalf("series %v %v", times, means)
	}
	if ch, ok := trend.Change("500110", time.Hour); !ok || round4(ch) != 0.075 {
		t.Fatalf("change of 500110: %v %v", ch, ok)
	}
}
