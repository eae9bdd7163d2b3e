package layers_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// memStore is a layers.Store that keeps commits in memory and can be told to
// fail, so that the World's commit and revert paths can be exercised. The
// real stores run data/storetest.
type memStore struct {
	mu      sync.Mutex
	commits [][]layers.Record
	fail    error
}

func (m *memStore) Prepare(context.Context, []*layers.Layer) error { return nil }
func (m *memStore) Load(context.Context, func(*layers.Feature) error) (uint64, error) {
	return 0, nil
}
func (m *memStore) Close() error { return nil }
func (m *memStore) History(context.Context, string, string, int) ([]layers.Record, error) {
	return nil, nil
}
func (m *memStore) Commit(_ context.Context, recs []layers.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.commits = append(m.commits, append([]layers.Record(nil), recs...))
	return nil
}

// recorder is a Publisher that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []layers.Event
}

func (r *recorder) Publish(es []layers.Event) {
	r.mu.Lock()
	r.events = append(r.events, es...)
	r.mu.Unlock()
}

var things = &layers.Layer{
	Name: "things", Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "name", Type: layers.String, Required: true},
		{Name: "status", Type: layers.String, Enum: []string{"on", "off"}},
		{Name: "speed", Type: layers.Float},
		{Name: "count", Type: layers.Int},
		{Name: "seen", Type: layers.Time},
	},
}

var areas = &layers.Layer{Name: "areas", Geometry: layers.Polygon,
	Fields: []layers.Field{{Name: "name", Type: layers.String}}}

// t0 is a fixed instant; the test worlds' clock reads five minutes before it.
var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func openWorld(t *testing.T, store layers.Store) *layers.World {
	t.Helper()
	w, err := layers.Open(context.Background(), store, []*layers.Layer{things, areas},
		layers.Options{Now: func() time.Time { return t0.Add(-5 * time.Minute) }, CommitAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func point(id string, lon, lat float64) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: "things", ID: id, Geometry: orb.Point{lon, lat},
		Props: map[string]any{"name": "thing " + id}}
}

func applyOK(t *testing.T, w *layers.World, cs ...layers.Change) []layers.Result {
	t.Helper()
	res, err := w.Apply(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("change %d: %v", i, r.Err)
		}
	}
	return res
}

func TestApplyRejects(t *testing.T) {
	square := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	bowtie := orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}
	cases := []struct {
		name   string
		change layers.Change
		want   error
		field  string
	}{
		{"unknown layer", layers.Change{Op: layers.Upsert, Layer: "nope", ID: "a"}, layers.ErrUnknownLayer, ""},
		{"empty id", layers.Change{Op: layers.Upsert, Layer: "things", Geometry: orb.Point{1, 1}}, layers.ErrInvalid, "id"},
		{"slash in id", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a/b", Geometry: orb.Point{1, 1}}, layers.ErrInvalid, "id"},
		{"no geometry", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Props: map[string]any{"name": "x"}}, layers.ErrInvalid, "geometry"},
		{"wrong kind", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: square, Props: map[string]any{"name": "x"}}, layers.ErrInvalid, "geometry.type"},
		{"latitude out of range", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 91}, Props: map[string]any{"name": "x"}}, layers.ErrInvalid, "geometry.coordinates"},
		{"self-intersecting", layers.Change{Op: layers.Upsert, Layer: "areas", ID: "a", Geometry: bowtie}, layers.ErrInvalid, "geometry.coordinates[0][0]"},
		{"missing required", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}}, layers.ErrInvalid, "properties.name"},
		{"unknown property", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x", "colour": "red"}}, layers.ErrInvalid, "properties.colour"},
		{"wrong type", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x", "count": 1.5}}, layers.ErrInvalid, "properties.count"},
		{"not in enum", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x", "status": "maybe"}}, layers.ErrInvalid, "properties.status"},
		{"bad time", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x", "seen": "yesterday"}}, layers.ErrInvalid, "properties.seen"},
		{"NUL in a string", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x\x00y"}}, layers.ErrInvalid, "properties.name"},
		{"NUL in the actor", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x"}, Actor: "a\x00"}, layers.ErrInvalid, "actor"},
		{"NUL in the event", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x"}, Event: "\x00"}, layers.ErrInvalid, "event"},
		{"future", layers.Change{Op: layers.Upsert, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Props: map[string]any{"name": "x"}, Time: t0.Add(time.Hour)}, layers.ErrInvalid, "time"},
		{"patch missing", layers.Change{Op: layers.Patch, Layer: "things", ID: "ghost", Geometry: orb.Point{1, 1}}, layers.ErrNotFound, ""},
		{"delete missing", layers.Change{Op: layers.Delete, Layer: "things", ID: "ghost"}, layers.ErrNotFound, ""},
	}
	store := &memStore{}
	w := openWorld(t, store)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.Apply(context.Background(), []layers.Change{tc.change})
			if err != nil {
				t.Fatal(err)
			}
			if !errors.Is(res[0].Err, tc.want) {
				t.Fatalf("got %v, want %v", res[0].Err, tc.want)
			}
			var fe *layers.FieldError
			if tc.field != "" && (!errors.As(res[0].Err, &fe) || fe.Field != tc.field) {
				t.Fatalf("got field of %v, want %q", res[0].Err, tc.field)
			}
		})
	}
	if got := len(store.commits); got != 0 {
		t.Fatalf("rejected changes committed %d batches", got)
	}
	if got := w.Seq(); got != 0 {
		t.Fatalf("seq %d after only rejections, want 0", got)
	}
}

func TestApplyLifecycle(t *testing.T) {
	store := &memStore{}
	w := openWorld(t, store)
	pub := &recorder{}
	w.Subscribe(pub)
	ctx := context.Background()

	res := applyOK(t, w, point("a", 106.5, 29.5), point("b", 106.6, 29.6))
	if !res[0].Created || res[0].Seq != 1 || res[1].Seq != 2 {
		t.Fatalf("got %+v", res)
	}
	applyOK(t, w, layers.Change{Op: layers.Patch, Layer: "things", ID: "a", Geometry: orb.Point{106.7, 29.7},
		Props: map[string]any{"speed": 12.5}, Time: t0})
	f, err := w.Feature("things", "a")
	if err != nil {
		t.Fatal(err)
	}
	if f.Geometry != (orb.Point{106.7, 29.7}) || f.Props["speed"] != 12.5 || f.Props["name"] != "thing a" || f.Version != 3 {
		t.Fatalf("after patch: %+v", f)
	}
	// An older fix is journalled but does not move the feature.
	res = applyOK(t, w, layers.Change{Op: layers.Patch, Layer: "things", ID: "a", Geometry: orb.Point{1, 1}, Time: t0.Add(-time.Minute)})
	if !res[0].Stale {
		t.Fatal("older fix not marked stale")
	}
	if f2, _ := w.Feature("things", "a"); f2 != f {
		t.Fatal("stale fix changed the feature")
	}
	// Removing a property with nil; deleting a feature.
	applyOK(t, w, layers.Change{Op: layers.Patch, Layer: "things", ID: "a", Props: map[string]any{"speed": nil}})
	if f, _ := w.Feature("things", "a"); f.Props["speed"] != nil {
		t.Fatalf("speed not removed: %v", f.Props)
	}
	applyOK(t, w, layers.Change{Op: layers.Delete, Layer: "things", ID: "b"})
	if _, err := w.Feature("things", "b"); !errors.Is(err, layers.ErrNotFound) {
		t.Fatalf("deleted feature: got %v", err)
	}
	// Optimistic concurrency.
	cur, _ := w.Feature("things", "a")
	res, _ = w.Apply(ctx, []layers.Change{{Op: layers.Delete, Layer: "things", ID: "a", IfVersion: cur.Version - 1}})
	if !errors.Is(res[0].Err, layers.ErrConflict) {
		t.Fatalf("stale IfVersion: got %v", res[0].Err)
	}

	w.Close()
	pub.mu.Lock()
	defer pub.mu.Unlock()
	wantKinds := []layers.EventKind{layers.EventUpsert, layers.EventUpsert, layers.EventUpsert, layers.EventUpsert, layers.EventDelete}
	if len(pub.events) != len(wantKinds) {
		t.Fatalf("got %d events, want %d (stale fixes publish nothing)", len(pub.events), len(wantKinds))
	}
	for i, e := range pub.events {
		if e.Kind != wantKinds[i] {
			t.Errorf("event %d: got %v, want %v", i, e.Kind, wantKinds[i])
		}
		if i > 0 && e.Seq <= pub.events[i-1].Seq {
			t.Errorf("event %d: seq %d not after %d", i, e.Seq, pub.events[i-1].Seq)
		}
	}
	if n := countRecords(store); n != 6 {
		t.Fatalf("journalled %d records, want 6", n)
	}
}

func countRecords(m *memStore) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.commits {
		n += len(c)
	}
	return n
}

func TestGroupCommit(t *testing.T) {
	store := &memStore{}
	w := openWorld(t, store)
	const writers, each = 16, 50
	var wg sync.WaitGroup
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				applyOK(t, w, point(fmt.Sprintf("g%d-%d", g, i), 106+float64(g)/100, 29+float64(i)/100))
			}
		}()
	}
	wg.Wait()
	if got := countRecords(store); got != writers*each {
		t.Fatalf("committed %d, want %d", got, writers*each)
	}
	seen := map[uint64]bool{}
	for _, c := range store.commits {
		for _, r := range c {
			if seen[r.Seq] {
				t.Fatalf("seq %d committed twice", r.Seq)
			}
			seen[r.Seq] = true
		}
	}
	for s := uint64(1); s <= writers*each; s++ {
		if !seen[s] {
			t.Fatalf("seq %d missing", s)
		}
	}
}

func TestCommitFailureReverts(t *testing.T) {
	store := &memStore{}
	w := openWorld(t, store)
	applyOK(t, w, point("a", 106.5, 29.5))
	store.mu.Lock()
	store.fail = errors.New("disk full")
	store.mu.Unlock()
	res, err := w.Apply(context.Background(), []layers.Change{
		{Op: layers.Patch, Layer: "things", ID: "a", Geometry: orb.Point{107, 30}},
		point("b", 106.6, 29.6),
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !errors.Is(r.Err, layers.ErrCommit) {
			t.Fatalf("change %d: got %v, want ErrCommit", i, r.Err)
		}
	}
	if f, _ := w.Feature("things", "a"); f.Geometry != (orb.Point{106.5, 29.5}) {
		t.Fatalf("failed patch not reverted: %v", f.Geometry)
	}
	if _, err := w.Feature("things", "b"); !errors.Is(err, layers.ErrNotFound) {
		t.Fatalf("failed insert not reverted: %v", err)
	}
	if err := w.Health(); !errors.Is(err, layers.ErrCommit) {
		t.Fatalf("health after failure: %v", err)
	}
	store.mu.Lock()
	store.fail = nil
	store.mu.Unlock()
	applyOK(t, w, point("c", 106.7, 29.7))
	if err := w.Health(); err != nil {
		t.Fatalf("health after recovery: %v", err)
	}
}

func TestQueries(t *testing.T) {
	w := openWorld(t, &memStore{})
	var cs []layers.Change
	for i := 0; i < 100; i++ {
		cs = append(cs, point(fmt.Sprintf("p%03d", i), 106+float64(i%10)*0.01, 29+float64(i/10)*0.01))
	}
	applyOK(t, w, cs...)
	applyOK(t, w, layers.Change{Op: layers.Upsert, Layer: "areas", ID: "sq",
		Geometry: orb.Polygon{{{106.2, 29.2}, {106.3, 29.2}, {106.3, 29.3}, {106.2, 29.3}, {106.2, 29.2}}}})

	t.Run("page all", func(t *testing.T) {
		var ids []string
		after := ""
		for {
			page, next, err := w.Page("things", layers.Page{After: after, Limit: 30})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range page {
				ids = append(ids, f.ID)
			}
			if next == "" {
				break
			}
			after = next
		}
		if len(ids) != 100 || ids[0] != "p000" || ids[99] != "p099" {
			t.Fatalf("got %d ids from %s to %s", len(ids), ids[0], ids[len(ids)-1])
		}
	})
	t.Run("page bbox", func(t *testing.T) {
		b := orb.Bound{Min: orb.Point{105.999, 28.999}, Max: orb.Point{106.021, 29.011}}
		page, next, err := w.Page("things", layers.Page{Bound: &b, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 4 || next != "p010" {
			t.Fatalf("got %d, next %q", len(page), next)
		}
		page, next, _ = w.Page("things", layers.Page{Bound: &b, After: next, Limit: 4})
		if len(page) != 2 || next != "" || page[0].ID != "p011" {
			t.Fatalf("second page: %d, next %q", len(page), next)
		}
	})
	t.Run("nearest with filter", func(t *testing.T) {
		hits, err := w.Nearest("things", layers.Near{Point: orb.Point{106, 29}, K: 3,
			Filter: func(f *layers.Feature) bool { return f.ID != "p000" }})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 3 || hits[0].Feature.ID == "p000" || hits[0].Distance > hits[1].Distance {
			t.Fatalf("got %+v", hits)
		}
	})
	t.Run("nearest polygon inside", func(t *testing.T) {
		hits, _ := w.Nearest("areas", layers.Near{Point: orb.Point{106.25, 29.25}, K: 1})
		if len(hits) != 1 || hits[0].Distance != 0 {
			t.Fatalf("got %+v", hits)
		}
	})
	t.Run("stats", func(t *testing.T) {
		st, _ := w.Stats("things")
		if st.Count != 100 || st.Bound.Max != (orb.Point{106.09, 29.09}) {
			t.Fatalf("got %+v", st)
		}
	})
}

// TestDerivedPatch: a derived patch (a risk score) changes properties but
// keeps the time of the last report; a derived upsert is refused.
func TestDerivedPatch(t *testing.T) {
	w := openWorld(t, &memStore{})
	fix := point("a", 106.5, 29.5)
	fix.Time = t0.Add(-10 * time.Minute)
	applyOK(t, w, fix)
	applyOK(t, w, layers.Change{Op: layers.Patch, Layer: "things", ID: "a", Props: map[string]any{"count": int64(7)}, Derived: true})
	f, err := w.Feature("things", "a")
	if err != nil {
		t.Fatal(err)
	}
	if !f.Updated.Equal(fix.Time) || f.Props["count"] != int64(7) {
		t.Fatalf("updated %v count %v, want %v and 7", f.Updated, f.Props["count"], fix.Time)
	}
	bad := point("b", 106.5, 29.5)
	bad.Derived = true
	res, err := w.Apply(context.Background(), []layers.Change{bad})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res[0].Err, layers.ErrInvalid) {
		t.Fatalf("derived upsert: %v, want ErrInvalid", res[0].Err)
	}
}
