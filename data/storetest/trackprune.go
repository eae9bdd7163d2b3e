package storetest

import (
	"cmp"
	"context"
	"slices"
	"testing"
	"time"

	"lookout/layers"
)

// pruneModel is what Prune should leave of the points model and how many
// it should delete: of layer's points, those older than drop go; then, of
// the rest older than thin, per feature only the first (by time, then seq)
// of each period of every counted from the Unix epoch stays.
func pruneModel(model []layers.TrackPoint, layer string, drop, thin time.Time, every time.Duration) ([]layers.TrackPoint, int64) {
	pts := slices.Clone(model)
	slices.SortStableFunc(pts, func(a, b layers.TrackPoint) int {
		return cmp.Or(cmp.Compare(a.Layer, b.Layer), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.At.UnixMilli(), b.At.UnixMilli()), cmp.Compare(a.Seq, b.Seq))
	})
	type period struct {
		id string
		n  int64
	}
	seen := map[period]bool{}
	var kept []layers.TrackPoint
	var deleted int64
	for _, p := range pts {
		ms := p.At.UnixMilli()
		switch {
		case p.Layer != layer:
		case ms < drop.UnixMilli():
			deleted++
			continue
		case every > 0 && ms < thin.UnixMilli():
			k := period{p.ID, floorDiv(ms, every.Milliseconds())}
			if seen[k] {
				deleted++
				continue
			}
			seen[k] = true
		}
		kept = append(kept, p)
	}
	return kept, deleted
}

// floorDiv is a / b rounded down.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// pruneHistory is the history testPrune prunes: a fix of each of keys
// every 20 s for an hour, and a second fix of the second key at the same
// millisecond as one on a period's start, which thinning must drop, as the
// later by seq.
func pruneHistory(keys []layers.Key) []layers.Change {
	var changes []layers.Change
	for i := range 180 {
		for j, k := range keys {
			changes = append(changes, move(k, i == 0, 106.5+float64(i)/1000, 29.5+float64(j)/100, sec(float64(20*i))))
		}
	}
	return append(changes, move(keys[1], false, 106.9, 29.9, sec(900)))
}

func testPrune(t *testing.T, e *env) {
	keys := []layers.Key{vehicle("v1"), vehicle("v2"), responder("r1")}
	model := fixes(t, e.open(trackDefs...), pruneHistory(keys)...)
	minute := func(m float64) time.Time { return sec(60 * m) }
	steps := []struct {
		name        string
		layer       string
		drop, thin  time.Time
		every       time.Duration
		wantDeleted int64
	}{
		{"nothing is older than drop or thin", vehicles.Name, minute(0), minute(0), 5 * time.Minute, 0},
		{"drop the first 10 minutes", vehicles.Name, minute(10), time.Time{}, 0, 60},
		{"the same again deletes nothing", vehicles.Name, minute(10), time.Time{}, 0, 0},
		{"thin 10 to 40 minutes to one per 5 minutes", vehicles.Name, minute(10), minute(40), 5 * time.Minute, 169},
		{"the same again deletes nothing", vehicles.Name, minute(10), minute(40), 5 * time.Minute, 0},
		{"periods of 7 minutes counted from the Unix epoch", vehicles.Name, minute(10), minute(40), 7 * time.Minute, 4},
		{"a period straddling drop keeps its first point after drop", vehicles.Name, minute(41), minute(50), 7 * time.Minute, 64},
		{"every of 0 only drops", vehicles.Name, minute(55), minute(60), 0, 34},
		{"a layer with no points", points.Name, minute(60), minute(60), time.Minute, 0},
		{"another layer's retention", responders.Name, minute(50), minute(60), 2 * time.Minute, 175},
	}
	for _, s := range steps {
		var wantDeleted int64
		model, wantDeleted = pruneModel(model, s.layer, s.drop, s.thin, s.every)
		if wantDeleted != s.wantDeleted {
			t.Fatalf("%s: the model deletes %d points, the case says %d", s.name, wantDeleted, s.wantDeleted)
		}
		tr := tracksOf(t, e)
		n, err := tr.Prune(context.Background(), s.layer, s.drop, s.thin, s.every)
		if err != nil {
			t.Fatalf("%s: Prune: %v", s.name, err)
		}
		if n != s.wantDeleted {
			t.Errorf("%s: Prune deleted %d points, want %d", s.name, n, s.wantDeleted)
		}
		if d := diffTrack(track(t, tr, keys, minute(-60), minute(120)), wantTrack(model, keys, minute(-60), minute(120))); d != "" {
			t.Fatalf("%s: Track after Prune: %s", s.name, d)
		}
	}
	e.open(trackDefs...)
	if d := diffTrack(track(t, tracksOf(t, e), keys, minute(-60), minute(120)), wantTrack(model, keys, minute(-60), minute(120))); d != "" {
		t.Errorf("Track after pruning and a reopen: %s", d)
	}
}
