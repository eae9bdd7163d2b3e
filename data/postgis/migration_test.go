package postgis

import (
	"context"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// TestMigrationsOnce opens stores on one database at once and again, and
// checks that each migration was applied exactly once.
func TestMigrationsOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			s, err := Open(context.Background(), dsn, Options{Logger: quiet})
			if err != nil {
				t.Errorf("concurrent Open: %v", err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s := open(t, dsn, Options{})
	defer s.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, migrationsTable); n != len(ms) {
		t.Errorf("%d migrations recorded, want %d", n, len(ms))
	}
}

// TestPrepareConvertsColumn changes a property's type from int to float
// and checks that Prepare converts the column, keeping its values.
func TestPrepareConvertsColumn(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := open(t, dsn, Options{})
	defer s.Close()
	w, err := layers.Open(context.Background(), s, []*layers.Layer{unitsLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := applyOne(t, w, "a"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	floats := *unitsLayer
	floats.Fields = []layers.Field{{Name: "n", Type: layers.Float}}
	if w, err = layers.Open(context.Background(), s, []*layers.Layer{&floats}, layers.Options{Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	f, err := w.Feature(unitsLayer.Name, "a")
	if err != nil {
		t.Fatal(err)
	}
	if f.Props["n"] != 1.0 {
		t.Errorf("n = %T %v after the conversion, want float64 1", f.Props["n"], f.Props["n"])
	}
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Patch, Layer: unitsLayer.Name, ID: "a",
		Geometry: orb.Point{106, 29}, Props: map[string]any{"n": 2.5}}})
	if err != nil || res[0].Err != nil {
		t.Errorf("a float into the converted column: %v %v", err, res[0].Err)
	}
}
