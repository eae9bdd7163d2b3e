package gpkg

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// trackLayer is a tracked point layer of the store's own track tests.
var trackLayer = &layers.Layer{Name: "units", Geometry: layers.Point, Live: true, Track: true}

// trackT0 is when the track tests' fixes start.
var trackT0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// fixRecord is the record the World commits for a position fix of feature
// id of l: an upsert of the point at time at.
func fixRecord(l *layers.Layer, id string, seq uint64, p orb.Point, at time.Time) layers.Record {
	c := layers.Change{Op: layers.Upsert, Layer: l.Name, ID: id, Geometry: p, Time: at}
	return layers.Record{Seq: seq, At: at, Change: c,
		Feature: &layers.Feature{ID: id, Layer: l.Name, Geometry: p, Updated: at, Version: seq, Props: map[string]any{}}}
}

// openTracked opens a store at path with trackLayer prepared.
func openTracked(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Prepare(context.Background(), []*layers.Layer{trackLayer}); err != nil {
		t.Fatal(err)
	}
	return s
}

// checkRTree checks that the track's R*Tree holds exactly one entry per
// point, containing it, and passes SQLite's own check.
func checkRTree(t *testing.T, s *Store) {
	t.Helper()
	var points, entries, containing int64
	var check string
	q := `SELECT (SELECT count(*) FROM ` + TrackTable + `), (SELECT count(*) FROM ` + trackRTree + `),
		(SELECT count(*) FROM ` + TrackTable + ` t JOIN ` + trackRTree + ` r ON r.id = t.fid
		 WHERE r.minx <= t.lon AND r.maxx >= t.lon AND r.miny <= t.lat AND r.maxy >= t.lat
		 AND r.mint <= ` + trackTimeSQL("t") + ` AND r.maxt >= ` + trackTimeSQL("t") + `),
		rtreecheck('` + trackRTree + `')`
	if err := s.db.QueryRow(q).Scan(&points, &entries, &containing, &check); err != nil {
		t.Fatal(err)
	}
	if entries != points || containing != points || check != "ok" {
		t.Errorf("%d points, %d R*Tree entries, %d containing their point, rtreecheck %q; want all equal and ok",
			points, entries, containing, check)
	}
}

// TestTrackRTreeModule checks that the SQLite built into the driver has
// the R*Tree module the track index needs (mattn/go-sqlite3 compiles it in
// with SQLITE_ENABLE_RTREE, unless built against a system libsqlite3).
func TestTrackRTreeModule(t *testing.T) {
	s := openTracked(t, filepath.Join(t.TempDir(), "lookout.gpkg"))
	defer s.Close()
	var used int
	if err := s.db.QueryRow("SELECT sqlite_compileoption_used('ENABLE_RTREE')").Scan(&used); err != nil || used != 1 {
		t.Fatalf("ENABLE_RTREE: %d %v", used, err)
	}
	checkRTree(t, s)
}

// TestVisitorsMatchesScan compares Visitors, through the R*Tree, with a
// scan in Go over random points, for random boxes and windows and for ones
// whose edges lie exactly on points. The points crowd around a grid, a few
// micro-degrees and seconds apart, closer than the R*Tree's 32-bit floats
// can tell apart, so a query that trusted the tree alone would be caught.
func TestVisitorsMatchesScan(t *testing.T) {
	s := openTracked(t, filepath.Join(t.TempDir(), "lookout.gpkg"))
	defer s.Close()
	rng := rand.New(rand.NewPCG(3, 3))
	jitter := func() float64 { return (rng.Float64() - 0.5) * 1e-5 }
	var recs []layers.Record
	for i := range 3000 {
		p := orb.Point{106 + float64(rng.IntN(20))/100 + jitter(), 29 + float64(rng.IntN(20))/100 + jitter()}
		at := trackT0.Add(time.Duration(rng.IntN(60))*time.Minute + time.Duration(rng.IntN(20_000)-10_000)*time.Millisecond)
		recs = append(recs, fixRecord(trackLayer, fmt.Sprintf("u%03d", rng.IntN(300)), uint64(i+1), p, at))
	}
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	checkRTree(t, s)
	for q := range 300 {
		b, from, to := randomQuery(rng, recs, q%2 == 0)
		got, err := s.Visitors(context.Background(), nil, b, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if want := scanVisitors(recs, b, from, to); !slices.Equal(got, want) {
			t.Fatalf("query %d (%v, %s to %s): Visitors %d keys, the scan %d", q, b, from, to, len(got), len(want))
		}
	}
}

// randomQuery returns a random box and window; onPoints puts their edges
// on the positions and times of random records.
func randomQuery(rng *rand.Rand, recs []layers.Record, onPoints bool) (orb.Bound, time.Time, time.Time) {
	pick := func() (orb.Point, time.Time) {
		r := recs[rng.IntN(len(recs))]
		return r.Change.Geometry.(orb.Point), r.Change.Time
	}
	p1, t1 := pick()
	p2, t2 := pick()
	if !onPoints {
		p2 = orb.Point{p1[0] + rng.Float64()/20, p1[1] + rng.Float64()/20}
		t2 = t1.Add(time.Duration(rng.Int64N(int64(10 * time.Minute))))
	}
	b := orb.Bound{Min: p1, Max: p1}.Extend(p2)
	if t2.Before(t1) {
		t1, t2 = t2, t1
	}
	return b, t1, t2
}

// scanVisitors is Visitors by brute force over recs.
func scanVisitors(recs []layers.Record, b orb.Bound, from, to time.Time) []layers.Key {
	var out []layers.Key
	for _, r := range recs {
		ms := r.Change.Time.UnixMilli()
		if b.Contains(r.Change.Geometry.(orb.Point)) && ms >= from.UnixMilli() && ms <= to.UnixMilli() {
			out = append(out, layers.Key{Layer: r.Change.Layer, ID: r.Change.ID})
		}
	}
	slices.SortFunc(out, func(a, b layers.Key) int { return strings.Compare(a.Layer+"\x00"+a.ID, b.Layer+"\x00"+b.ID) })
	return slices.Compact(out)
}

// TestTrackPages reads a track longer than a page whose points share
// times across the page boundary: the (at, seq) cursor neither skips nor
// repeats a point.
func TestTrackPages(t *testing.T) {
	s := openTracked(t, filepath.Join(t.TempDir(), "lookout.gpkg"))
	defer s.Close()
	n := 2*trackPage + 7
	var recs []layers.Record
	for i := range n {
		at := trackT0.Add(time.Duration(i/3) * time.Second) // three points a second
		recs = append(recs, fixRecord(trackLayer, "long", uint64(i+1), orb.Point{106, 29 + float64(i)/1e6}, at))
	}
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	err := s.Track(context.Background(), []layers.Key{{Layer: trackLayer.Name, ID: "long"}}, trackT0, trackT0.Add(time.Hour),
		func(p layers.TrackPoint) error { seqs = append(seqs, p.Seq); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(seqs) != n {
		t.Fatalf("Track gave %d points, want %d", len(seqs), n)
	}
	for i, seq := range seqs {
		if seq != uint64(i+1) {
			t.Fatalf("point %d has seq %d, want %d: skipped or repeated at a page boundary", i, seq, i+1)
		}
	}
}

// TestPruneBatches prunes a layer with more features than Prune lists at a
// time and more points to delete than it deletes per transaction, and
// checks the counts and that the R*Tree followed the deletes.
func TestPruneBatches(t *testing.T) {
	s := openTracked(t, filepath.Join(t.TempDir(), "lookout.gpkg"))
	defer s.Close()
	features, minutes := 2*pruneBatch+5, 100
	var recs []layers.Record
	for i := range features * minutes {
		at := trackT0.Add(time.Duration(i/features) * time.Minute)
		recs = append(recs, fixRecord(trackLayer, fmt.Sprintf("u%04d", i%features), uint64(i+1), orb.Point{106, 29}, at))
	}
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	minute := func(m int) time.Time { return trackT0.Add(time.Duration(m) * time.Minute) }
	cases := []struct {
		name       string
		drop, thin time.Time
		every      time.Duration
		want       int
	}{
		{"drop the first minute", minute(1), time.Time{}, 0, features},
		{"thin the rest to one per two minutes", minute(1), minute(minutes), 2 * time.Minute, features * (minutes/2 - 1)},
		{"again", minute(1), minute(minutes), 2 * time.Minute, 0},
		{"drop all", minute(minutes), time.Time{}, 0, features * minutes / 2},
	}
	if cases[1].want <= pruneTxPoints {
		t.Fatalf("thinning deletes %d points, not more than one transaction's %d", cases[1].want, pruneTxPoints)
	}
	for _, c := range cases {
		n, err := s.Prune(context.Background(), trackLayer.Name, c.drop, c.thin, c.every)
		if err != nil || n != int64(c.want) {
			t.Errorf("%s: Prune = %d, %v; want %d", c.name, n, err, c.want)
		}
	}
	checkRTree(t, s)
}
