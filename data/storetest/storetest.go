// Package storetest is the one test suite every layers.Store backend runs:
// the embedded GeoPackage store and the PostGIS store alike. It tests only
// what is visible through layers.Store and through a layers.World built on
// it, so that every backend keeps the same promises: what was acknowledged
// is there after a reopen, exactly as it was written.
package storetest

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"lookout/layers"
)

// Opener makes a fresh, empty database for one test and returns a function
// that opens a Store on it. Each call of that function opens the SAME
// database again, so a test can close a store and reopen it to check what
// persisted. The function fails t itself if it cannot open the store.
type Opener func(t *testing.T) func() layers.Store

// testCase is one named case of the suite.
type testCase struct {
	name string
	run  func(t *testing.T, e *env)
}

// Run runs every case of the suite, each on a fresh database from open.
func Run(t *testing.T, open Opener) {
	cases := slices.Concat(basicCases, volumeCases, trackCases, accessCases)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &env{t: t, reopen: open(t)}
			t.Cleanup(e.close)
			c.run(t, e)
		})
	}
}

// Test layers: one of each geometry kind, with every property type.
var (
	points = &layers.Layer{
		Name: "st_points", Title: layers.Title{Zh: "测试点", En: "test points"}, Geometry: layers.Point,
		Fields: []layers.Field{
			{Name: "name", Type: layers.String, Required: true},
			{Name: "count", Type: layers.Int},
			{Name: "level", Type: layers.Float},
			{Name: "active", Type: layers.Bool},
			{Name: "seen", Type: layers.Time},
		},
	}
	lines = &layers.Layer{
		Name: "st_lines", Title: layers.Title{Zh: "测试线", En: "test lines"}, Geometry: layers.LineString,
		Fields: []layers.Field{
			{Name: "name", Type: layers.String},
			{Name: "length", Type: layers.Float},
		},
	}
	polygons = &layers.Layer{
		Name: "st_polygons", Title: layers.Title{Zh: "测试面", En: "test polygons"}, Geometry: layers.Polygon,
		Fields: []layers.Field{
			{Name: "name", Type: layers.String},
			{Name: "since", Type: layers.Time},
			{Name: "open", Type: layers.Bool},
		},
	}
	defs = []*layers.Layer{points, lines, polygons}

	// Tracked layers: live point layers whose every position the store
	// keeps as a track point (layers.Tracks), as for vehicles and
	// responders.
	vehicles = &layers.Layer{
		Name: "st_vehicles", Title: layers.Title{Zh: "测试车辆", En: "test vehicles"}, Geometry: layers.Point,
		Live: true, Track: true,
		Fields: []layers.Field{{Name: "speed", Type: layers.Float}},
	}
	responders = &layers.Layer{
		Name: "st_responders", Title: layers.Title{Zh: "测试处置人员", En: "test responders"}, Geometry: layers.Point,
		Live: true, Track: true,
		Fields: []layers.Field{{Name: "name", Type: layers.String}},
	}
	// trackDefs are the layers of the track cases: the two tracked layers
	// and an untracked point layer, whose positions must not be kept.
	trackDefs = []*layers.Layer{points, vehicles, responders}
)

// withField returns a copy of l with more fields.
func withField(l *layers.Layer, fs ...layers.Field) *layers.Layer {
	c := *l
	c.Fields = append(append([]layers.Field{}, l.Fields...), fs...)
	return &c
}

// env holds the store and world a case has open.
type env struct {
	t      *testing.T
	reopen func() layers.Store
	store  layers.Store
	world  *layers.World
}

// open closes whatever is open, reopens the store and opens a World of
// defs on it.
func (e *env) open(defs ...*layers.Layer) *layers.World {
	e.t.Helper()
	e.close()
	e.store = e.reopen()
	w, err := layers.Open(context.Background(), e.store, defs, layers.Options{Logger: quiet})
	if err != nil {
		e.t.Fatalf("layers.Open: %v", err)
	}
	e.world = w
	return w
}

// openStore closes whatever is open and reopens the bare store.
func (e *env) openStore() layers.Store {
	e.t.Helper()
	e.close()
	e.store = e.reopen()
	return e.store
}

// close closes the open world and store, if any.
func (e *env) close() {
	e.t.Helper()
	if e.world != nil {
		if err := e.world.Close(); err != nil {
			e.t.Errorf("World.Close: %v", err)
		}
		e.world = nil
	}
	if e.store != nil {
		if err := e.store.Close(); err != nil {
			e.t.Errorf("Store.Close: %v", err)
		}
		e.store = nil
	}
}

// quiet discards the logs of the world and of the suite's stores.
var quiet = slog.New(slog.DiscardHandler)

// apply applies changes and fails the test on any error.
func apply(t *testing.T, w *layers.World, changes ...layers.Change) []layers.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := w.Apply(ctx, changes)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("Apply: change %d (%s %s/%s): %v", i, changes[i].Op, changes[i].Layer, changes[i].ID, r.Err)
		}
	}
	return res
}

// feature returns the world's current state of a feature, failing the test
// when it is missing.
func feature(t *testing.T, w *layers.World, layer, id string) *layers.Feature {
	t.Helper()
	f, err := w.Feature(layer, id)
	if err != nil {
		t.Fatalf("Feature(%s, %s): %v", layer, id, err)
	}
	return f
}

// snapshot returns every feature of the world's layers, by layer and ID.
func snapshot(t *testing.T, w *layers.World) map[[2]string]*layers.Feature {
	t.Helper()
	out := map[[2]string]*layers.Feature{}
	for _, l := range w.Layers() {
		after := ""
		for {
			page, next, err := w.Page(l.Name, layers.Page{After: after, Limit: 10_000})
			if err != nil {
				t.Fatalf("Page(%s): %v", l.Name, err)
			}
			for _, f := range page {
				out[[2]string{l.Name, f.ID}] = f
			}
			if next == "" {
				break
			}
			after = next
		}
	}
	return out
}
