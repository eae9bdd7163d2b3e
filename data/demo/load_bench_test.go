package demo

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
)

// BenchmarkStartDemo measures what a second `make run` waits for: opening
// the GeoPackage holding the whole demo world and rebuilding the World from
// it (every feature of every layer loaded and indexed).
func BenchmarkStartDemo(b *testing.B) {
	path := filepath.Join(b.TempDir(), "lookout.gpkg")
	store, w := openWorld(b, path)
	changes, err := Changes(42)
	if err != nil {
		b.Fatal(err)
	}
	res, err := w.Apply(context.Background(), changes)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	w.Close()
	store.Close()

	b.ReportAllocs()
	for b.Loop() {
		store, w := openWorld(b, path)
		if w.Seq() != uint64(len(changes)) {
			b.Fatalf("loaded seq %d, want %d", w.Seq(), len(changes))
		}
		w.Close()
		store.Close()
	}
	b.ReportMetric(float64(len(changes)), "features")
}

// openWorld opens the GeoPackage at path and the World of every layer on it.
func openWorld(b *testing.B, path string) (*gpkg.Store, *layers.World) {
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(path, gpkg.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	return store, w
}
