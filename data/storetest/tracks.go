package storetest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// trackCases test the track history (layers.Tracks) through a World on
// the store. Every store must keep it: a store that does not implement
// layers.Tracks fails them. Times are compared to the millisecond and
// positions to 1e-7 degrees, what every backend keeps.
var trackCases = []testCase{
	{"tracks: every position of a tracked layer is kept, late and untimed fixes too", testTrackRecorded},
	{"tracks: Track orders each feature's points by time and honours [from, to]", testTrackWindow},
	{"tracks: acknowledged points of concurrent writers survive a reopen", testTrackDurable},
	{"tracks: Visitors finds features by box, time window and layers", testVisitors},
	{"tracks: Prune drops and thins per feature, counts, and is idempotent", testPrune},
}

// trackT0 is the time the track cases' fixes start from: on the hour, so
// that periods counted from the Unix epoch start on it too.
var trackT0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// sec is trackT0 plus s seconds.
func sec(s float64) time.Time { return trackT0.Add(time.Duration(s * float64(time.Second))) }

// tracksOf returns the open store's track history, failing the test when
// the store does not keep one.
func tracksOf(t *testing.T, e *env) layers.Tracks {
	t.Helper()
	tr, ok := e.store.(layers.Tracks)
	if !ok {
		t.Fatalf("%T does not implement layers.Tracks: every store must keep the track history", e.store)
	}
	return tr
}

// track returns what Track gives for keys and [from, to], failing the test
// on an error.
func track(t *testing.T, tr layers.Tracks, keys []layers.Key, from, to time.Time) []layers.TrackPoint {
	t.Helper()
	var out []layers.TrackPoint
	err := tr.Track(context.Background(), keys, from, to, func(p layers.TrackPoint) error {
		out = append(out, p)
		return nil
	})
	if err != nil {
		t.Fatalf("Track(%v, %s, %s): %v", keys, from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano), err)
	}
	return out
}

// fixes applies changes in one Apply call and returns the track points the
// store should keep of them: those layers.TrackPointOf finds, with the
// sequence numbers the World gave. Every change must carry a time.
func fixes(t *testing.T, w *layers.World, changes ...layers.Change) []layers.TrackPoint {
	t.Helper()
	res := apply(t, w, changes...)
	var out []layers.TrackPoint
	for i, c := range changes {
		def, err := w.Layer(c.Layer)
		if err != nil {
			t.Fatal(err)
		}
		rec := layers.Record{Seq: res[i].Seq, Change: c}
		if p, ok := layers.TrackPointOf(def, rec); ok {
			out = append(out, p)
		}
	}
	return out
}

// wantTrack is what Track should give of the points model for keys and
// [from, to]: per key in order, its points in the window by time, then seq.
func wantTrack(model []layers.TrackPoint, keys []layers.Key, from, to time.Time) []layers.TrackPoint {
	var out []layers.TrackPoint
	for _, k := range keys {
		var pts []layers.TrackPoint
		for _, p := range model {
			ms := p.At.UnixMilli()
			if p.Layer == k.Layer && p.ID == k.ID && ms >= from.UnixMilli() && ms <= to.UnixMilli() {
				pts = append(pts, p)
			}
		}
		slices.SortStableFunc(pts, func(a, b layers.TrackPoint) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return int(a.Seq) - int(b.Seq)
		})
		out = append(out, pts...)
	}
	return out
}

// diffTrack describes how got differs from want, point by point, or
// returns "" when they are the same.
func diffTrack(got, want []layers.TrackPoint) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d points, want %d:\n got %s\nwant %s", len(got), len(want), fmtTrack(got), fmtTrack(want))
	}
	for i := range got {
		if fmtPoint(got[i]) != fmtPoint(want[i]) || !near(got[i].Point, want[i].Point) {
			return fmt.Sprintf("point %d is %s, want %s", i, fmtPoint(got[i]), fmtPoint(want[i]))
		}
	}
	return ""
}

// near reports whether two positions are within 1e-7 degrees.
func near(a, b orb.Point) bool {
	return math.Abs(a[0]-b[0]) <= 1e-7 && math.Abs(a[1]-b[1]) <= 1e-7
}

// fmtPoint shows a track point with its time to the millisecond.
func fmtPoint(p layers.TrackPoint) string {
	return fmt.Sprintf("%s/%s@%s#%d(%.7f %.7f)", p.Layer, p.ID, p.At.UTC().Format("15:04:05.000"), p.Seq, p.Point[0], p.Point[1])
}

// fmtTrack shows track points one to a line.
func fmtTrack(pts []layers.TrackPoint) string {
	s := make([]string, len(pts))
	for i, p := range pts {
		s[i] = fmtPoint(p)
	}
	return "[" + strings.Join(s, "\n      ") + "]"
}

// vehicle, responder and point are keys of the track cases' layers.
func vehicle(id string) layers.Key   { return layers.Key{Layer: vehicles.Name, ID: id} }
func responder(id string) layers.Key { return layers.Key{Layer: responders.Name, ID: id} }
func untracked(id string) layers.Key { return layers.Key{Layer: points.Name, ID: id} }

// move is a position fix of a feature at a time: an upsert when first,
// else a patch.
func move(k layers.Key, first bool, x, y float64, at time.Time) layers.Change {
	c := layers.Change{Op: layers.Patch, Layer: k.Layer, ID: k.ID, Geometry: orb.Point{x, y}, Time: at}
	if first {
		c.Op = layers.Upsert
		if k.Layer == points.Name {
			c.Props = map[string]any{"name": k.ID}
		}
	}
	return c
}

func testTrackRecorded(t *testing.T, e *env) {
	w := e.open(trackDefs...)
	v, r, p := vehicle("v1"), responder("r1"), untracked("p1")
	steps := []struct {
		name         string
		change       layers.Change
		point, stale bool // whether the change carries a track point; whether it is a late fix
	}{
		{"first fix (upsert)", move(v, true, 106.5, 29.5, sec(0)), true, false},
		{"later fix", move(v, false, 106.51, 29.51, sec(60)), true, false},
		{"late fix, older than the feature", move(v, false, 106.505, 29.505, sec(30)), true, true},
		{"fix at a sub-millisecond time", move(v, false, 106.52, 29.52, sec(90.0004)), true, false},
		{"properties only", layers.Change{Op: layers.Patch, Layer: v.Layer, ID: v.ID, Props: map[string]any{"speed": 3.5}, Time: sec(95)}, false, false},
		{"fix without a time", move(v, false, 106.53, 29.53, time.Time{}), true, false},
		{"another tracked layer", move(r, true, 106.6, 29.6, sec(10)), true, false},
		{"untracked layer: upsert", move(p, true, 106.5, 29.5, sec(0)), false, false},
		{"untracked layer: move", move(p, false, 106.7, 29.7, sec(60)), false, false},
		{"delete", layers.Change{Op: layers.Delete, Layer: v.Layer, ID: v.ID}, false, false},
	}
	var want []layers.TrackPoint
	untimed, before, after := -1, time.Time{}, time.Time{} // the fix without a time: index in want, and around it
	for _, s := range steps {
		start := time.Now()
		res := apply(t, w, s.change)
		if res[0].Stale != s.stale {
			t.Fatalf("%s: Stale = %v, want %v", s.name, res[0].Stale, s.stale)
		}
		if !s.point {
			continue
		}
		if s.change.Time.IsZero() {
			untimed, before, after = len(want), start, time.Now()
		}
		want = append(want, layers.TrackPoint{Layer: s.change.Layer, ID: s.change.ID, At: s.change.Time,
			Point: s.change.Geometry.(orb.Point), Seq: res[0].Seq})
	}
	e.open(trackDefs...) // acknowledged points survive a reopen
	from, to := sec(-3600), time.Now().Add(time.Hour)
	got := track(t, tracksOf(t, e), []layers.Key{v, r, p}, from, to)
	checkServerTime(t, got, &want[untimed], before, after)
	if d := diffTrack(got, wantTrack(want, []layers.Key{v, r}, from, to)); d != "" {
		t.Errorf("Track after reopen: %s", d)
	}
}

// checkServerTime checks that the point of got with want's seq, a fix
// without a time, has the server's time, between before and after, and
// sets want's time to it.
func checkServerTime(t *testing.T, got []layers.TrackPoint, want *layers.TrackPoint, before, after time.Time) {
	t.Helper()
	for _, pt := range got {
		if pt.Seq != want.Seq {
			continue
		}
		if ms := pt.At.UnixMilli(); ms < before.UnixMilli() || ms > after.UnixMilli() {
			t.Errorf("the fix without a time is at %s, want the server's time, in [%s, %s]",
				pt.At.Format(time.RFC3339Nano), before.Format(time.RFC3339Nano), after.Format(time.RFC3339Nano))
		}
		want.At = pt.At
	}
}

func testTrackWindow(t *testing.T, e *env) {
	w := e.open(trackDefs...)
	v1, v2, p := vehicle("v1"), vehicle("v2"), untracked("p1")
	var changes []layers.Change
	for k := range 10 {
		changes = append(changes, move(v1, k == 0, 106.5+float64(k)/1000, 29.5, sec(float64(10*k))))
	}
	for k := range 5 {
		changes = append(changes, move(v2, k == 0, 106.6, 29.6+float64(k)/1000, sec(float64(5+10*k))))
	}
	changes = append(changes,
		move(v2, false, 106.61, 29.61, sec(95)), move(v2, false, 106.62, 29.62, sec(95)), // equal times
		move(v1, false, 106.7, 29.7, sec(100.001)),
		move(p, true, 106.5, 29.5, sec(0)), move(p, false, 106.5, 29.6, sec(10)))
	model := fixes(t, w, changes...)
	cases := []struct {
		name     string
		keys     []layers.Key
		from, to time.Time
		n        int
	}{
		{"whole track of one feature", []layers.Key{v1}, sec(0), sec(100.001), 11},
		{"fixes on both edges are included", []layers.Key{v1}, sec(20), sec(50), 4},
		{"window between two fixes", []layers.Key{v1}, sec(21), sec(29), 0},
		{"window ending a millisecond before a fix", []layers.Key{v1}, sec(100), sec(100), 0},
		{"window of the fix's millisecond", []layers.Key{v1}, sec(100.001), sec(100.001), 1},
		{"from after to", []layers.Key{v1}, sec(50), sec(20), 0},
		{"features in the order of keys", []layers.Key{v2, v1}, sec(20), sec(30), 3},
		{"equal times ordered by seq", []layers.Key{v2}, sec(95), sec(95), 2},
		{"unknown and untracked features are skipped", []layers.Key{vehicle("nobody"), p, v1}, sec(0), sec(10), 2},
	}
	for _, phase := range []string{"live", "after reopen"} {
		if phase == "after reopen" {
			e.open(trackDefs...)
		}
		tr := tracksOf(t, e)
		for _, c := range cases {
			got := track(t, tr, c.keys, c.from, c.to)
			want := wantTrack(model, c.keys, c.from, c.to)
			if len(want) != c.n {
				t.Fatalf("%s: the case's model has %d points, want %d", c.name, len(want), c.n)
			}
			if d := diffTrack(got, want); d != "" {
				t.Errorf("%s, %s: %s", phase, c.name, d)
			}
		}
	}
}

func testTrackDurable(t *testing.T, e *env) {
	const writers, fixesEach = 8, 25
	w := e.open(trackDefs...)
	models := make([][]layers.TrackPoint, writers)
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			k := vehicle(fmt.Sprintf("v%d", g))
			for i := range fixesEach {
				c := move(k, i == 0, 106+float64(g)/10, 29+float64(i)/1000, sec(float64(i)))
				res, err := w.Apply(context.Background(), []layers.Change{c})
				if err != nil || res[0].Err != nil {
					t.Errorf("writer %d fix %d: %v %v", g, i, err, res[0].Err)
					return
				}
				models[g] = append(models[g], layers.TrackPoint{Layer: k.Layer, ID: k.ID, At: c.Time,
					Point: c.Geometry.(orb.Point), Seq: res[0].Seq})
			}
		})
	}
	wg.Wait()
	e.open(trackDefs...)
	tr := tracksOf(t, e)
	for g, model := range models {
		k := vehicle(fmt.Sprintf("v%d", g))
		if d := diffTrack(track(t, tr, []layers.Key{k}, sec(0), sec(fixesEach)), model); d != "" {
			t.Errorf("%s after reopen: %s", k.ID, d)
		}
	}
}
