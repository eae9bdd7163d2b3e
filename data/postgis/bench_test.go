package postgis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// benchVehicles is the tracked point layer the benchmarks write: a vehicle
// with a few attributes.
var benchVehicles = &layers.Layer{Name: "vehicles", Geometry: layers.Point, Live: true, Track: true,
	Fields: []layers.Field{{Name: "plate", Type: layers.String}, {Name: "speed", Type: layers.Float},
		{Name: "heading", Type: layers.Float}}}

// Chongqing's extent, where benchmark positions fall.
var benchExtent = orb.Bound{Min: orb.Point{105.3, 28.2}, Max: orb.Point{110.1, 31.4}}

// envInt reads a size from the environment, or returns def.
func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// benchID is the ID of the i-th benchmark vehicle.
func benchID(i int) string { return fmt.Sprintf("veh-%07d", i) }

// positions returns n position records of random vehicles among fleet,
// with sequence numbers from seq, as the World commits them.
func positions(rng *rand.Rand, seq uint64, n, fleet int) []layers.Record {
	now := time.Now().UTC()
	recs := make([]layers.Record, n)
	for i := range recs {
		id := benchID(rng.IntN(fleet))
		p := orb.Point{benchExtent.Min[0] + rng.Float64()*4.8, benchExtent.Min[1] + rng.Float64()*3.2}
		props := map[string]any{"plate": "渝A" + id[4:], "speed": rng.Float64() * 80, "heading": rng.Float64() * 360}
		c := layers.Change{Op: layers.Upsert, Layer: benchVehicles.Name, ID: id, Geometry: p, Props: props, Time: now}
		recs[i] = layers.Record{Seq: seq + uint64(i), At: now, Change: c,
			Feature: &layers.Feature{ID: id, Layer: benchVehicles.Name, Geometry: p, Props: props, Updated: now, Version: seq + uint64(i)}}
	}
	return recs
}

// BenchmarkCommitTrack measures sustained track points per second through
// Store.Commit on a durable cluster (fsync on): batches of position
// records of 10,000 vehicles, each record a journal row, a feature upsert
// and a track point written with COPY, in one transaction per batch.
func BenchmarkCommitTrack(b *testing.B) {
	c := pgtest.Own(b, pgtest.Options{Durable: true})
	s := open(b, c.DSN("postgres"), Options{})
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchVehicles}); err != nil {
		b.Fatal(err)
	}
	seq := uint64(1)
	for _, batch := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(batch)))
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Commit(context.Background(), positions(rng, seq, batch, 10_000)); err != nil {
					b.Fatal(err)
				}
				seq += uint64(batch)
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "points/s")
		})
	}
}

// BenchmarkLoad measures start-up: opening the store and building the
// World (every feature loaded and indexed) at LOOKOUT_BENCH_FEATURES point
// features (default 1,000,000), written beforehand with COPY.
func BenchmarkLoad(b *testing.B) {
	n := envInt(b, "LOOKOUT_BENCH_FEATURES", 1_000_000)
	dsn := pgtest.NewDatabase(b)
	start := time.Now()
	fillFeatures(b, dsn, n)
	b.Logf("wrote %d features with COPY in %v", n, time.Since(start).Round(time.Millisecond))
	b.Run(fmt.Sprintf("features=%d", n), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s := open(b, dsn, Options{})
			w, err := layers.Open(context.Background(), s, []*layers.Layer{benchVehicles}, layers.Options{Logger: quiet})
			if err != nil {
				b.Fatal(err)
			}
			if st, _ := w.Stats(benchVehicles.Name); st.Count != n {
				b.Fatalf("loaded %d features, want %d", st.Count, n)
			}
			w.Close()
			s.Close()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "features/s")
	})
}
