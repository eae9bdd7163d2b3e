package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// The history BenchmarkVisitors queries: benchVehicles vehicles around
// Chongqing, each reporting every benchFixEvery from benchT0 on a random
// walk, LOOKOUT_BENCH_POINTS points in all (10,000,000 unless set), with
// benchSeed. It is built once into os.TempDir() and reused by later runs.
const (
	benchPointsEnv = "LOOKOUT_BENCH_POINTS"
	benchSeed      = 42
	benchVehicles  = 10_000
	benchFixEvery  = 30 * time.Second
)

var benchT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// benchChongqing is where the benchmark vehicles drive.
var benchChongqing = orb.Bound{Min: orb.Point{105.3, 28.2}, Max: orb.Point{110.1, 31.4}}

// benchPoints is the size of the benchmark history.
func benchPoints(b *testing.B) int {
	v := os.Getenv(benchPointsEnv)
	if v == "" {
		return 10_000_000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < benchVehicles {
		b.Fatalf("%s=%q: want a number of at least %d", benchPointsEnv, v, benchVehicles)
	}
	return n
}

// trackBenchFile returns the benchmark history of n points, building it
// the first time. The name carries the size, the seed and the schema
// version, and a file is only renamed to it once complete, so a later run
// never reuses a partial or outdated one.
func trackBenchFile(b *testing.B, n int) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("lookout-track-bench-n%d-seed%d-schema%d.gpkg", n, benchSeed, len(migrations)))
	if _, err := os.Stat(path); err == nil {
		b.Logf("reusing %s", path)
		return path
	}
	tmp := path + ".building"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	start := time.Now()
	buildTrackFile(b, tmp, n)
	took := time.Since(start)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("built %s: %d points in %v (%.0f points/s), %.0f MB", path, n, took.Round(time.Second),
		float64(n)/took.Seconds(), float64(fi.Size())/1e6)
	return path
}

// buildTrackFile writes n track points at path: time step by time step,
// every vehicle's next fix, as they would arrive, in transactions of
// 100,000 points through the store's own track insert.
func buildTrackFile(b *testing.B, path string, n int) {
	s, err := Open(path, Options{Logger: quiet, CacheKiB: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(benchSeed, benchSeed))
	pos := make([]orb.Point, benchVehicles)
	for v := range pos {
		pos[v] = orb.Point{105.3 + rng.Float64()*4.8, 28.2 + rng.Float64()*3.2}
	}
	const chunk = 100_000
	for first := 0; first < n; first += chunk {
		err := s.inTx(context.Background(), "bench build", func(tx *sql.Tx) error {
			st := tx.Stmt(s.trackInsert)
			defer st.Close()
			for i := first; i < min(first+chunk, n); i++ {
				v, k := i%benchVehicles, i/benchVehicles
				pos[v] = walk(rng, pos[v])
				at := benchT0.Add(time.Duration(k)*benchFixEvery + time.Duration(v)*benchFixEvery/benchVehicles)
				geom, err := encodeGeometry(pos[v], SRS)
				if err != nil {
					return err
				}
				if _, err := st.Exec(benchLayer.Name, benchID(v), unixMS(at), int64(i+1), pos[v][0], pos[v][1], geom); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// walk moves p by a random step of about 300 m, staying in Chongqing.
func walk(rng *rand.Rand, p orb.Point) orb.Point {
	p = orb.Point{p[0] + rng.NormFloat64()*0.003, p[1] + rng.NormFloat64()*0.003}
	p[0] = min(max(p[0], benchChongqing.Min[0]), benchChongqing.Max[0])
	p[1] = min(max(p[1], benchChongqing.Min[1]), benchChongqing.Max[1])
	return p
}

// benchQuery is one space-time query of the benchmark.
type benchQuery struct {
	box      orb.Bound
	from, to time.Time
}

// benchQueries returns count random queries of a box size degrees wide
// and a window long, inside the history of n points.
func benchQueries(rng *rand.Rand, n int, size float64, window time.Duration, count int) []benchQuery {
	span := time.Duration(n/benchVehicles) * benchFixEvery
	qs := make([]benchQuery, count)
	for i := range qs {
		x, y := 105.3+rng.Float64()*(4.8-size), 28.2+rng.Float64()*(3.2-size)
		from := benchT0.Add(time.Duration(rng.Int64N(int64(max(span-window, 1)))))
		qs[i] = benchQuery{box: orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + size, y + size}}, from: from, to: from.Add(window)}
	}
	return qs
}

// naiveVisitorsSQL is the baseline: Visitors as a plain scan of the track
// table, no index at all.
const naiveVisitorsSQL = `SELECT DISTINCT layer, feature_id FROM ` + TrackTable + ` NOT INDEXED
	WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND at BETWEEN ? AND ? ORDER BY layer, feature_id`

// naiveVisitors runs the baseline query.
func naiveVisitors(s *Store, q benchQuery) ([]layers.Key, error) {
	rows, err := s.rdb.Query(naiveVisitorsSQL, q.box.Min[0], q.box.Max[0], q.box.Min[1], q.box.Max[1], unixMS(q.from), unixMS(q.to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []layers.Key
	for rows.Next() {
		var k layers.Key
		if err := rows.Scan(&k.Layer, &k.ID); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// BenchmarkVisitors measures Visitors, the space-time query, over the
// benchmark history (10,000,000 points unless LOOKOUT_BENCH_POINTS says
// otherwise), for boxes of a district (0.1°, about 10 km) and of a city
// centre (0.5°) over 10 minutes and an hour, and a site (0.01°) over the
// whole history; beside each, the naive plain scan of the table, measured
// in the same run. The file is warm in the OS cache after the first query.
// It also measures Track, one vehicle's hour.
func BenchmarkVisitors(b *testing.B) {
	n := benchPoints(b)
	s, err := Open(trackBenchFile(b, n), Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	span := time.Duration(n/benchVehicles) * benchFixEvery
	shapes := []struct {
		name   string
		size   float64
		window time.Duration
	}{
		{"district-10min", 0.1, 10 * time.Minute},
		{"district-1h", 0.1, time.Hour},
		{"city-10min", 0.5, 10 * time.Minute},
		{"site-whole-history", 0.01, span},
	}
	rng := rand.New(rand.NewPCG(benchSeed, 1))
	for _, sh := range shapes {
		qs := benchQueries(rng, n, sh.size, sh.window, 32)
		checkAgainstScan(b, s, qs[0])
		b.Run("rtree/"+sh.name, func(b *testing.B) { benchVisitors(b, s, qs, s.Visitors) })
		b.Run("naive-scan/"+sh.name, func(b *testing.B) {
			benchVisitors(b, s, qs, func(_ context.Context, _ []string, box orb.Bound, from, to time.Time) ([]layers.Key, error) {
				return naiveVisitors(s, benchQuery{box, from, to})
			})
		})
	}
	b.Run("track/one-vehicle-1h", func(b *testing.B) { benchTrack(b, s, rng, span) })
}

// visitorsFunc is Visitors or the baseline.
type visitorsFunc func(context.Context, []string, orb.Bound, time.Time, time.Time) ([]layers.Key, error)

// benchVisitors runs the queries qs in turn, b.N in all.
func benchVisitors(b *testing.B, s *Store, qs []benchQuery, visit visitorsFunc) {
	b.ReportAllocs()
	found, i := 0, 0
	for b.Loop() {
		q := qs[i%len(qs)]
		keys, err := visit(context.Background(), nil, q.box, q.from, q.to)
		if err != nil {
			b.Fatal(err)
		}
		found, i = found+len(keys), i+1
	}
	b.ReportMetric(float64(found)/float64(i), "visitors/op")
}

// checkAgainstScan fails the benchmark when Visitors and the baseline
// disagree on q.
func checkAgainstScan(b *testing.B, s *Store, q benchQuery) {
	got, err := s.Visitors(context.Background(), nil, q.box, q.from, q.to)
	if err != nil {
		b.Fatal(err)
	}
	want, err := naiveVisitors(s, q)
	if err != nil {
		b.Fatal(err)
	}
	if !slices.Equal(got, want) {
		b.Fatalf("Visitors found %d features, the scan %d", len(got), len(want))
	}
}

// benchTrack reads the hour of track of a random vehicle, b.N times.
func benchTrack(b *testing.B, s *Store, rng *rand.Rand, span time.Duration) {
	b.ReportAllocs()
	points := 0
	for b.Loop() {
		k := layers.Key{Layer: benchLayer.Name, ID: benchID(rng.IntN(benchVehicles))}
		from := benchT0.Add(time.Duration(rng.Int64N(int64(max(span-time.Hour, 1)))))
		err := s.Track(context.Background(), []layers.Key{k}, from, from.Add(time.Hour), func(layers.TrackPoint) error {
			points++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(points)/float64(b.N), "points/op")
}
