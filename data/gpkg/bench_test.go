package gpkg

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// benchLayer is the point layer the benchmarks write: a vehicle with a few
// attributes.
var benchLayer = &layers.Layer{Name: "vehicles", Geometry: layers.Point, Live: true, Fields: []layers.Field{
	{Name: "plate", Type: layers.String}, {Name: "speed", Type: layers.Float},
	{Name: "on_duty", Type: layers.Bool}, {Name: "fixes", Type: layers.Int},
}}

// benchDir is where benchmarks put their files: $LOOKOUT_BENCH_DIR when set
// (to measure a particular disk), else a temporary directory.
func benchDir(b *testing.B) string {
	if d := os.Getenv("LOOKOUT_BENCH_DIR"); d != "" {
		d, err := os.MkdirTemp(d, "gpkgbench")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return b.TempDir()
}

// benchID is the ID of the i-th benchmark feature.
func benchID(i int) string { return fmt.Sprintf("veh-%07d", i) }

// pointRecords returns n records as the World would commit them: upserts
// of the features benchID(first) to benchID(first+n-1) with sequence
// numbers from seq, at random places around Chongqing.
func pointRecords(rng *rand.Rand, seq uint64, first, n int) []layers.Record {
	now := time.Now().UTC()
	recs := make([]layers.Record, n)
	for i := range recs {
		id := benchID(first + i)
		p := orb.Point{105.3 + rng.Float64()*4.8, 28.2 + rng.Float64()*3.2}
		props := map[string]any{"plate": "渝A" + id[4:], "speed": rng.Float64() * 80, "on_duty": i%2 == 0, "fixes": int64(i)}
		c := layers.Change{Op: layers.Upsert, Layer: benchLayer.Name, ID: id, Geometry: p, Props: props, Time: now}
		recs[i] = layers.Record{Seq: seq + uint64(i), At: now, Change: c,
			Feature: &layers.Feature{ID: id, Layer: benchLayer.Name, Geometry: p, Props: props, Updated: now, Version: seq + uint64(i)}}
	}
	return recs
}

// fillStore writes n benchmark features into a new store at path in
// commits of 10,000, and closes it.
func fillStore(b *testing.B, path string, n int, opt Options) {
	opt.Logger = quiet
	s, err := Open(path, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchLayer}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < n; i += 10_000 {
		if err := s.Commit(context.Background(), pointRecords(rng, uint64(i)+1, i, min(10_000, n-i))); err != nil {
			b.Fatal(err)
		}
	}
}

// countingStore counts the commits of a store, to report how many records
// group commit puts in one transaction.
type countingStore struct {
	layers.Store
	commits, records atomic.Int64
}

func (c *countingStore) Commit(ctx context.Context, recs []layers.Record) error {
	c.commits.Add(1)
	c.records.Add(int64(len(recs)))
	return c.Store.Commit(ctx, recs)
}

// BenchmarkApplyGroupCommit measures position updates per second through
// World.Apply on the GeoPackage store, with 1, 8 and 64 writers each
// applying batches of 1 or 10 position patches over 10,000 vehicles; and,
// beside it, the naive way: one SQLite transaction per change.
func BenchmarkApplyGroupCommit(b *testing.B) {
	const features = 10_000
	path := filepath.Join(benchDir(b), "lookout.gpkg")
	fillStore(b, path, features, Options{})
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	cs := &countingStore{Store: s}
	w, err := layers.Open(context.Background(), cs, []*layers.Layer{benchLayer}, layers.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	defer w.Close()
	for _, writers := range []int{1, 8, 64} {
		for _, batch := range []int{1, 10} {
			b.Run(fmt.Sprintf("writers=%d/batch=%d", writers, batch), func(b *testing.B) {
				runWriters(b, w, cs, writers, batch, features)
			})
		}
	}
	b.Run("naive-one-tx-per-change", func(b *testing.B) { benchNaive(b, features) })
}

// runWriters has writers goroutines make b.N Apply calls in all, each of
// batch random position patches.
func runWriters(b *testing.B, w *layers.World, cs *countingStore, writers, batch, features int) {
	b.ReportAllocs()
	var calls atomic.Int64
	var wg sync.WaitGroup
	commits0, records0 := cs.commits.Load(), cs.records.Load()
	b.ResetTimer()
	start := time.Now()
	for g := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			changes := make([]layers.Change, batch)
			for calls.Add(1) <= int64(b.N) {
				for i := range changes {
					changes[i] = layers.Change{Op: layers.Patch, Layer: benchLayer.Name, ID: benchID(rng.IntN(features)),
						Geometry: orb.Point{105.3 + rng.Float64()*4.8, 28.2 + rng.Float64()*3.2}, Props: map[string]any{"speed": 42.0}}
				}
				if _, err := w.Apply(context.Background(), changes); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N*batch)/elapsed.Seconds(), "positions/s")
	if c := cs.commits.Load() - commits0; c > 0 {
		b.ReportMetric(float64(cs.records.Load()-records0)/float64(c), "records/commit")
	}
}

// benchNaive commits each position change in its own transaction: no group
// commit, the baseline the World's committer is measured against.
func benchNaive(b *testing.B, features int) {
	path := filepath.Join(benchDir(b), "naive.gpkg")
	fillStore(b, path, features, Options{})
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchLayer}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		rec := pointRecords(rng, uint64(features+i+1), rng.IntN(features), 1)
		if err := s.Commit(context.Background(), rec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "positions/s")
}

// BenchmarkLoad measures start-up: opening the store and building the
// World (every feature loaded and indexed) at 100,000 and 1,000,000 point
// features.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		path := filepath.Join(benchDir(b), "lookout.gpkg")
		start := time.Now()
		fillStore(b, path, n, Options{})
		took := time.Since(start).Round(time.Millisecond)
		if fi, err := os.Stat(path); err == nil {
			b.Logf("built %d features in %v: %.1f MB", n, took, float64(fi.Size())/1e6)
		}
		b.Run(fmt.Sprintf("features=%d", n), func(b *testing.B) { benchLoad(b, path, n, Options{}) })
	}
}

// benchLoad opens the store at path and a World on it b.N times.
func benchLoad(b *testing.B, path string, n int, opt Options) {
	opt.Logger = quiet
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(path, opt)
		if err != nil {
			b.Fatal(err)
		}
		w, err := layers.Open(context.Background(), s, []*layers.Layer{benchLayer}, layers.Options{Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		if st, _ := w.Stats(benchLayer.Name); st.Count != n {
			b.Fatalf("loaded %d features, want %d", st.Count, n)
		}
		w.Close()
		s.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
}
