package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"math"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/catalog"
)

// world42 is the demo world of seed 42, generated once for all tests.
var world42 = sync.OnceValues(func() ([]layers.Change, error) { return Changes(42) })

func changes(t testing.TB) []layers.Change {
	t.Helper()
	cs, err := world42()
	if err != nil {
		t.Fatalf("Changes(42): %v", err)
	}
	return cs
}

// byLayer groups changes by layer.
func byLayer(cs []layers.Change) map[string][]layers.Change {
	out := map[string][]layers.Change{}
	for _, c := range cs {
		out[c.Layer] = append(out[c.Layer], c)
	}
	return out
}

func TestCounts(t *testing.T) {
	got := byLayer(changes(t))
	tests := []struct {
		layer    string
		min, max int
	}{
		{"districts", 38, 38},
		{"rivers", 1, 100},
		{"cameras", 3460, 3460},
		{"ir_detectors", 3464, 3464},
		{"hotspots", 8, 15},
		{"vehicles", 663, 663},
		{"markets", 5, 5},
		{"stalls", 5 * minStalls, 5 * maxStalls},
		{"pharmacies", 180, 180},
		{"kitchens", 229 + 43 + 12 + 287, 229 + 43 + 12 + 287},
		{"elevators", 1500, 1500},
		{"custody_persons", 2300 * 95 / 100, 2300 * 105 / 100},
		{"custody_zones", 2300 * 95 / 100, 2300 * 105 / 100},
		{"listed_places", 150, 150},
		{"venues", NumVenues, NumVenues},
		{"responders", 500, 1200},
		{"incidents", 1500, 3000}, // the closed history (history.go)
		{"alerts", 0, 0},
		{"assignments", 0, 0},
	}
	for _, tt := range tests {
		if n := len(got[tt.layer]); n < tt.min || n > tt.max {
			t.Errorf("%s: %d features, want %d..%d", tt.layer, n, tt.min, tt.max)
		}
	}
	// The server writes these itself: alerts and tasks as things happen,
	// the fire-risk model's weather and roll-ups at start; risk is derived.
	byServer := map[string]bool{"alerts": true, "assignments": true, "fire_weather": true, "district_risk": true, "risk": true}
	for _, l := range catalog.All() {
		if !byServer[l.Name] && len(got[l.Name]) == 0 {
			t.Errorf("layer %s has no features", l.Name)
		}
	}
}

func TestKitchenKinds(t *testing.T) {
	kinds := map[string]int{}
	for _, c := range byLayer(changes(t))["kitchens"] {
		kinds[c.Props["kind"].(string)]++
	}
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"school and kindergarten canteens", kinds["school_canteen"] + kinds["kindergarten_canteen"], 229},
		{"food producers", kinds["food_producer"], 43},
		{"elderly-care homes", kinds["elderly_care"], 12},
		{"restaurants", kinds["restaurant"], 287},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if kinds["school_canteen"] == 0 || kinds["kindergarten_canteen"] == 0 {
		t.Errorf("canteens not split between schools and kindergartens: %v", kinds)
	}
}

func TestUniqueIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range changes(t) {
		k := c.Layer + "/" + c.ID
		if seen[k] {
			t.Errorf("duplicate feature %s", k)
		}
		seen[k] = true
	}
}

func TestDeterministic(t *testing.T) {
	a := digest(t, changes(t))
	again, err := Changes(42)
	if err != nil {
		t.Fatal(err)
	}
	if b := digest(t, again); a != b {
		t.Errorf("Generate(42) twice: digests %s and %s differ", a, b)
	}
	other, err := Changes(43)
	if err != nil {
		t.Fatal(err)
	}
	if c := digest(t, other); a == c {
		t.Errorf("Generate(42) and Generate(43) give the same world")
	}
}

// digest returns a hash of a canonical encoding of the changes: every
// field, coordinates and floats in full precision, properties by name.
func digest(t testing.TB, cs []layers.Change) string {
	t.Helper()
	h := sha256.New()
	for _, c := range cs {
		fmt.Fprintf(h, "%d|%s|%s|%s|", c.Op, c.Layer, c.ID, c.Time.Format(time.RFC3339Nano))
		encodeGeometry(h, c.Geometry)
		keys := make([]string, 0, len(c.Props))
		for k := range c.Props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(h, "%s=", k)
			switch v := c.Props[k].(type) {
			case float64:
				h.Write(strconv.AppendFloat(nil, v, 'g', -1, 64))
			case time.Time:
				h.Write([]byte(v.Format(time.RFC3339Nano)))
			default:
				fmt.Fprintf(h, "%T:%v", v, v)
			}
			h.Write([]byte{';'})
		}
		h.Write([]byte{'\n'})
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func encodeGeometry(h hash.Hash, g orb.Geometry) {
	pt := func(p orb.Point) {
		h.Write(strconv.AppendFloat(nil, p[0], 'g', -1, 64))
		h.Write([]byte{','})
		h.Write(strconv.AppendFloat(nil, p[1], 'g', -1, 64))
		h.Write([]byte{' '})
	}
	switch g := g.(type) {
	case orb.Point:
		pt(g)
	case orb.LineString:
		for _, p := range g {
			pt(p)
		}
	case orb.Polygon:
		for _, r := range g {
			for _, p := range r {
				pt(p)
			}
			h.Write([]byte{'|'})
		}
	case orb.MultiPolygon:
		for _, poly := range g {
			encodeGeometry(h, poly)
			h.Write([]byte{'#'})
		}
	default:
		fmt.Fprintf(h, "%T", g)
	}
}

// memStore is a throwaway layers.Store that only counts what it is given.
type memStore struct{ records int }

func (s *memStore) Prepare(context.Context, []*layers.Layer) error { return nil }
func (s *memStore) Load(context.Context, func(*layers.Feature) error) (uint64, error) {
	return 0, nil
}
func (s *memStore) Commit(_ context.Context, recs []layers.Record) error {
	s.records += len(recs)
	return nil
}
func (s *memStore) Close() error { return nil }
func (s *memStore) History(context.Context, string, string, int) ([]layers.Record, error) {
	return nil, nil
}

// applyAll opens a World on a memStore and applies cs in batches; it
// reports every rejected change.
func applyAll(t *testing.T, cs []layers.Change) *layers.World {
	t.Helper()
	w, err := layers.Open(context.Background(), &memStore{}, catalog.All(),
		layers.Options{Now: func() time.Time { return Epoch.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	bad := 0
	for start := 0; start < len(cs); start += 2000 {
		batch := cs[start:min(start+2000, len(cs))]
		res, err := w.Apply(context.Background(), batch)
		if err != nil {
			t.Fatalf("Apply: %v", err)
		}
		for i, r := range res {
			if r.Err != nil {
				if bad++; bad <= 20 {
					t.Errorf("%s/%s rejected: %v", batch[i].Layer, batch[i].ID, r.Err)
				}
			}
		}
	}
	if bad > 20 {
		t.Errorf("... %d changes rejected in all", bad)
	}
	return w
}

func TestValid(t *testing.T) {
	cs := changes(t)
	w := applyAll(t, cs)
	for layer, list := range byLayer(cs) {
		st, err := w.Stats(layer)
		if err != nil {
			t.Fatal(err)
		}
		if st.Count != len(list) {
			t.Errorf("%s: world holds %d features, %d were generated", layer, st.Count, len(list))
		}
	}
}

// TestPropTypes checks that properties already have the schema's Go types,
// so nothing depends on the World's coercion.
func TestPropTypes(t *testing.T) {
	defs := map[string]*layers.Layer{}
	for _, l := range catalog.All() {
		defs[l.Name] = l
	}
	for _, c := range changes(t) {
		for k, v := range c.Props {
			f, ok := defs[c.Layer].Field(k)
			if !ok {
				t.Fatalf("%s/%s: unknown property %s", c.Layer, c.ID, k)
			}
			want := map[layers.Type]string{layers.String: "string", layers.Int: "int64", layers.Float: "float64",
				layers.Bool: "bool", layers.Time: "time.Time"}[f.Type]
			if got := fmt.Sprintf("%T", v); got != want {
				t.Fatalf("%s/%s: %s is %s, want %s", c.Layer, c.ID, k, got, want)
			}
			if x, ok := v.(float64); ok && (math.IsNaN(x) || math.IsInf(x, 0)) {
				t.Fatalf("%s/%s: %s is %v", c.Layer, c.ID, k, x)
			}
			if tm, ok := v.(time.Time); ok && tm.After(Epoch) {
				t.Fatalf("%s/%s: %s %v is after Epoch", c.Layer, c.ID, k, tm)
			}
		}
		if c.Time.After(Epoch) {
			t.Fatalf("%s/%s: change time %v is after Epoch", c.Layer, c.ID, c.Time)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		n := 0
		if err := Generate(42, func(layers.Change) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "changes/op")
	}
}
