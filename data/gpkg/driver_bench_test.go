//go:build driverbench

// The SQLite driver comparison that chose the store's driver. It is behind
// the driverbench build tag so that the driver not chosen is not compiled
// into the product; run it with
//
//	go test -tags driverbench -run '^$' -bench Driver ./data/gpkg/
package gpkg

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"lookout/layers"
)

func init() { dsns["sqlite"] = moderncDSN }

// moderncDSN is the connection string of modernc.org/sqlite with the same
// settings as mattnDSN.
func moderncDSN(path string, c connSettings) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)",
		fmt.Sprintf("busy_timeout(%d)", c.busyTimeoutMS), fmt.Sprintf("cache_size(%d)", -c.cacheKiB)} {
		q.Add("_pragma", p)
	}
	if c.queryOnly {
		q.Add("_pragma", "query_only(1)")
		return fileURI(path) + "?" + q.Encode()
	}
	q.Set("_txlock", "immediate")
	return fileURI(path) + "?" + q.Encode()
}

// BenchmarkDriver compares the candidate drivers on the store's two heavy
// paths: Commit of 1,000-record batches of point upserts with their journal
// rows, and Load of 100,000 point features.
func BenchmarkDriver(b *testing.B) {
	for _, driver := range []string{defaultDriver, "sqlite"} {
		opt := Options{driver: driver}
		b.Run(driver+"/commit-1000", func(b *testing.B) { benchDriverCommit(b, opt) })
		path := filepath.Join(benchDir(b), "load.gpkg")
		fillStore(b, path, 100_000, opt)
		b.Run(driver+"/load-100000", func(b *testing.B) { benchLoad(b, path, 100_000, opt) })
	}
}

// benchDriverCommit commits b.N batches of 1,000 point upserts over 10,000
// features into a store already holding them.
func benchDriverCommit(b *testing.B, opt Options) {
	const features, batch = 10_000, 1_000
	path := filepath.Join(benchDir(b), "commit.gpkg")
	fillStore(b, path, features, opt)
	opt.Logger = quiet
	s, err := Open(path, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchLayer}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	seq := uint64(features)
	b.ReportAllocs()
	var busy time.Duration
	for b.Loop() {
		recs := pointRecords(rng, seq+1, rng.IntN(features-batch), batch)
		seq += batch
		start := time.Now()
		if err := s.Commit(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
		busy += time.Since(start)
	}
	b.ReportMetric(float64(b.N*batch)/busy.Seconds(), "records/s")
}
