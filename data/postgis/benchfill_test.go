package postgis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// Track data of BenchmarkVisitors: every vehicle reports every 30 s for
// trackSteps fixes from trackStart, driving round a circle of 0.05° radius
// (about 5 km) at about 30 km/h.
const trackSteps = 2000

var trackStart = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkVisitors measures the space-time query (which vehicles were in
// a 0.05° box during a 15-minute window) over LOOKOUT_BENCH_POINTS track
// points (default 10,000,000), with the store's indexes and, beside it,
// naively: the same query with index and bitmap scans disabled, so a
// (parallel) sequential scan reads the whole table.
func BenchmarkVisitors(b *testing.B) {
	points := envInt(b, "LOOKOUT_BENCH_POINTS", 10_000_000)
	dsn := pgtest.NewDatabase(b)
	s := open(b, dsn, Options{})
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchVehicles}); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	fillTrack(b, s, points)
	b.Logf("wrote %d track points server-side and indexed them in %v", points, time.Since(start).Round(time.Millisecond))
	naive := open(b, withSettings(b, dsn, "enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"), Options{})
	defer naive.Close()
	if err := naive.Prepare(context.Background(), []*layers.Layer{benchVehicles}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		store *Store
	}{{"indexed", s}, {"naive-seqscan", naive}} {
		b.Run(fmt.Sprintf("%s/points=%d", c.name, points), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(7, 7))
			b.ReportAllocs()
			found := 0
			for b.Loop() {
				box, from := visitorQuery(rng)
				keys, err := c.store.Visitors(context.Background(), nil, box, from, from.Add(15*time.Minute))
				if err != nil {
					b.Fatal(err)
				}
				found += len(keys)
			}
			b.ReportMetric(float64(found)/float64(b.N), "visitors/query")
		})
	}
}

// withSettings returns the URL dsn with the named planner settings off for
// every connection (pgx sends unknown URL parameters as run-time settings).
func withSettings(b *testing.B, dsn string, off ...string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	for _, name := range off {
		q.Set(name, "off")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// visitorQuery returns a random 0.05° box in the extent and the start of a
// random window within the track data.
func visitorQuery(rng *rand.Rand) (orb.Bound, time.Time) {
	x := benchExtent.Min[0] + rng.Float64()*(benchExtent.Max[0]-benchExtent.Min[0]-0.05)
	y := benchExtent.Min[1] + rng.Float64()*(benchExtent.Max[1]-benchExtent.Min[1]-0.05)
	from := trackStart.Add(time.Duration(rng.IntN(trackSteps*30-900)) * time.Second)
	return orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + 0.05, y + 0.05}}, from
}

// fillTrack writes points track points of points/trackSteps vehicles
// server-side with generate_series, in time order as they would arrive,
// with the track table's indexes dropped during the insert and built
// afterwards (as a restore would), then analyses the table.
func fillTrack(b *testing.B, s *Store, points int) {
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	var names, indexes []string
	rows, _ := conn.Query(ctx, "SELECT quote_ident(indexname), indexdef FROM pg_indexes WHERE tablename = $1", trackTable)
	var name, def string
	if _, err := pgx.ForEachRow(rows, []any{&name, &def}, func() error {
		names, indexes = append(names, name), append(indexes, def)
		return nil
	}); err != nil || len(names) == 0 {
		b.Fatalf("indexes of %s: %v", trackTable, err)
	}
	fleet := max(1, points/trackSteps)
	steps := []string{"DROP INDEX " + strings.Join(names, ", "), "SELECT setseed(0.42)",
		fmt.Sprintf(`CREATE TEMP TABLE feats AS SELECT f, %g + %g * random() AS cx, %g + %g * random() AS cy,
			6.283 * random() AS ph FROM generate_series(0, %d) f ORDER BY f`,
			benchExtent.Min[0], benchExtent.Max[0]-benchExtent.Min[0], benchExtent.Min[1], benchExtent.Max[1]-benchExtent.Min[1], fleet-1),
		fmt.Sprintf(`INSERT INTO lookout_track (layer, feature_id, at, at_ns, seq, geom)
			SELECT 'vehicles', 'veh-' || lpad(x.f::text, 7, '0'), $1::timestamptz + i * interval '30 seconds', 0,
			  i::bigint * %d + x.f + 1,
			  ST_SetSRID(ST_MakePoint(x.cx + 0.05 * cos(i * 0.0449 + x.ph), x.cy + 0.05 * sin(i * 0.0449 + x.ph)), 4326)
			FROM generate_series(0, %d) i, LATERAL (SELECT * FROM feats) x LIMIT %d`, fleet, trackSteps-1, points)}
	steps = append(steps, indexes...)
	for _, q := range append(steps, "VACUUM ANALYZE lookout_track") {
		var args []any
		if len(q) > 6 && q[:6] == "INSERT" {
			args = []any{trackStart}
		}
		if _, err := conn.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
}

// fillFeatures writes n benchmark vehicles straight into their table with
// COPY, as an import would.
func fillFeatures(b *testing.B, dsn string, n int) {
	s := open(b, dsn, Options{})
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{benchVehicles}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	now := time.Now().UTC().Truncate(time.Microsecond)
	i := 0
	cols := []string{colID, colGeom, colVersion, colUpdated, colUpdatedNS, "plate", "speed", "heading"}
	_, err := s.pool.CopyFrom(context.Background(), pgx.Identifier{benchVehicles.Name}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		g, _ := encodeGeometry(orb.Point{benchExtent.Min[0] + rng.Float64()*4.8, benchExtent.Min[1] + rng.Float64()*3.2})
		return []any{benchID(i), g, int64(i), now, int16(0), "渝A" + benchID(i)[4:], rng.Float64() * 80, rng.Float64() * 360}, nil
	}))
	if err != nil {
		b.Fatal(err)
	}
}
