package gpkg

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// trackedBenchLayer is benchLayer with its positions tracked, as
// fleet.Vehicles is: the same table, so the same features serve both.
var trackedBenchLayer = func() *layers.Layer {
	l := *benchLayer
	l.Track = true
	return &l
}()

// fixRecords returns n records as the World commits position fixes of
// random features among the first features of benchLayer's: patches with
// a new point, a fix time from at on, one millisecond apart, and the
// merged feature, with sequence numbers from seq.
func fixRecords(rng *rand.Rand, seq uint64, at time.Time, n, features int) []layers.Record {
	recs := make([]layers.Record, n)
	for i := range recs {
		id := benchID(rng.IntN(features))
		p := orb.Point{105.3 + rng.Float64()*4.8, 28.2 + rng.Float64()*3.2}
		t := at.Add(time.Duration(i) * time.Millisecond)
		props := map[string]any{"plate": "渝A" + id[4:], "speed": rng.Float64() * 80, "on_duty": i%2 == 0, "fixes": int64(i)}
		c := layers.Change{Op: layers.Patch, Layer: benchLayer.Name, ID: id, Geometry: p, Time: t}
		recs[i] = layers.Record{Seq: seq + uint64(i), At: t, Change: c,
			Feature: &layers.Feature{ID: id, Layer: benchLayer.Name, Geometry: p, Props: props, Updated: t, Version: seq + uint64(i)}}
	}
	return recs
}

// BenchmarkTrackCommit measures sustained position fixes per second
// through Store.Commit, in batches of 100, 1,000 and 10,000 records (what
// group commit hands the store under load), over 10,000 vehicles: with the
// layer tracked (each fix also a track point, indexed in the R*Tree) and,
// as the baseline, untracked (the journal and the feature row only). The
// track table grows as the benchmark runs, so -benchtime sets how much
// history the figure is sustained over.
func BenchmarkTrackCommit(b *testing.B) {
	const features = 10_000
	for _, def := range []*layers.Layer{trackedBenchLayer, benchLayer} {
		name := map[bool]string{true: "tracked", false: "untracked"}[def.Track]
		for _, batch := range []int{100, 1_000, 10_000} {
			b.Run(fmt.Sprintf("%s/batch=%d", name, batch), func(b *testing.B) {
				benchTrackCommit(b, def, features, batch)
			})
		}
	}
}

// benchTrackCommit commits b.N batches of batch fixes of def's features.
func benchTrackCommit(b *testing.B, def *layers.Layer, features, batch int) {
	path := filepath.Join(benchDir(b), "lookout.gpkg")
	fillStore(b, path, features, Options{})
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{def}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(11, uint64(batch)))
	seq, at := uint64(features), time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var busy time.Duration
	for b.Loop() {
		recs := fixRecords(rng, seq+1, at, batch, features)
		seq, at = seq+uint64(batch), at.Add(time.Duration(batch)*time.Millisecond)
		start := time.Now()
		if err := s.Commit(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
		busy += time.Since(start)
	}
	b.ReportMetric(float64(b.N*batch)/busy.Seconds(), "points/s")
}

// BenchmarkPrune measures retention on a copy of BenchmarkVisitors'
// history (LOOKOUT_BENCH_POINTS): dropping its first tenth and thinning
// the rest of its first 60% to one point per vehicle per 5 minutes, as a
// nightly job would. Each run prunes a fresh copy; run it with
// -benchtime=1x, a run takes minutes at 10,000,000 points.
func BenchmarkPrune(b *testing.B) {
	n := benchPoints(b)
	src := trackBenchFile(b, n)
	span := time.Duration(n/benchVehicles) * benchFixEvery
	drop, thin := benchT0.Add(span/10), benchT0.Add(span*6/10)
	b.ReportAllocs()
	var deleted int64
	var busy time.Duration
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(benchDir(b), "prune.gpkg")
		if err := copyFile(src, path); err != nil {
			b.Fatal(err)
		}
		s, err := Open(path, Options{Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		d, err := s.Prune(context.Background(), benchLayer.Name, drop, thin, 5*time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		deleted, busy = deleted+d, busy+time.Since(start)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(deleted)/busy.Seconds(), "deleted/s")
	b.ReportMetric(float64(deleted)/float64(b.N), "deleted/op")
}

// copyFile copies the file src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
