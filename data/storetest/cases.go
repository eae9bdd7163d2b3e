package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// basicCases test persistence of single changes and of the schema.
var basicCases = []testCase{
	{"empty store loads nothing", testEmpty},
	{"prepare is idempotent and adds new fields", testPrepare},
	{"every property type round-trips", testPropertyTypes},
	{"properties named like internal columns round-trip", testAwkwardNames},
	{"every geometry kind round-trips exactly", testGeometries},
	{"upsert, patch and delete persist across reopen", testUpsertPatchDelete},
	{"load returns the last seq and the world continues after it", testSeq},
	{"stale fixes are journalled but do not change state", testStale},
	{"history is a feature's journal, oldest first, with actors", testHistory},
}

func testEmpty(t *testing.T, e *env) {
	s := e.openStore()
	if err := s.Prepare(context.Background(), defs); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	n := 0
	seq, err := s.Load(context.Background(), func(*layers.Feature) error { n++; return nil })
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if seq != 0 || n != 0 {
		t.Errorf("empty store: Load gave seq %d and %d features, want 0 and 0", seq, n)
	}
}

func testPrepare(t *testing.T, e *env) {
	ctx := context.Background()
	s := e.openStore()
	for i := range 2 {
		if err := s.Prepare(ctx, defs); err != nil {
			t.Fatalf("Prepare #%d: %v", i+1, err)
		}
	}
	w := e.open(defs...)
	apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "a",
		Geometry: orb.Point{106.5, 29.5}, Props: map[string]any{"name": "甲", "count": 1}})

	more := withField(points, layers.Field{Name: "note", Type: layers.String}, layers.Field{Name: "rank", Type: layers.Int})
	v2 := []*layers.Layer{more, lines, polygons}
	s = e.openStore()
	for i := range 2 {
		if err := s.Prepare(ctx, v2); err != nil {
			t.Fatalf("Prepare with new fields #%d: %v", i+1, err)
		}
	}
	w = e.open(v2...)
	if d := diffProps(feature(t, w, points.Name, "a").Props, map[string]any{"name": "甲", "count": int64(1)}); d != "" {
		t.Errorf("a after adding fields: %s", d)
	}
	apply(t, w,
		layers.Change{Op: layers.Patch, Layer: points.Name, ID: "a", Props: map[string]any{"note": "备注"}},
		layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "b", Geometry: orb.Point{106.6, 29.6},
			Props: map[string]any{"name": "乙", "rank": 7}})

	w = e.open(v2...)
	if d := diffProps(feature(t, w, points.Name, "a").Props, map[string]any{"name": "甲", "count": int64(1), "note": "备注"}); d != "" {
		t.Errorf("a after reopen: %s", d)
	}
	if d := diffProps(feature(t, w, points.Name, "b").Props, map[string]any{"name": "乙", "rank": int64(7)}); d != "" {
		t.Errorf("b after reopen: %s", d)
	}

	w = e.open(defs...) // the new fields dropped from the schema again
	if d := diffProps(feature(t, w, points.Name, "a").Props, map[string]any{"name": "甲", "count": int64(1)}); d != "" {
		t.Errorf("a under the old schema: %s", d)
	}
}

func testPropertyTypes(t *testing.T, e *env) {
	seen := time.Date(2026, 11, 23, 8, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	cases := []struct {
		name  string
		prop  string
		value any
		want  any
	}{
		{"chinese string", "name", "重庆市江北区观音桥 · 森林防火 🔥", "重庆市江北区观音桥 · 森林防火 🔥"},
		{"empty string", "name", "", ""},
		{"quotes and newline", "name", "it's \"quoted\"\n\t", "it's \"quoted\"\n\t"},
		{"int near 2^53", "count", int64(1<<53 - 1), int64(1<<53 - 1)},
		{"negative int at -2^53", "count", int64(-(1 << 53)), int64(-(1 << 53))},
		{"zero int", "count", int64(0), int64(0)},
		{"float", "level", 3.141592653589793, 3.141592653589793},
		{"tiny float", "level", -1.5e-300, -1.5e-300},
		{"integral float", "level", 2.0, 2.0},
		{"bool true", "active", true, true},
		{"bool false", "active", false, false},
		{"time with nanoseconds", "seen", seen, seen.UTC()},
		{"time from RFC 3339 text", "seen", "2026-01-02T03:04:05.000000001+08:00",
			time.Date(2026, 1, 1, 19, 4, 5, 1, time.UTC)},
		{"time on the second", "seen", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)},
	}
	w := e.open(defs...)
	for i, c := range cases {
		props := map[string]any{"name": "x", c.prop: c.value}
		apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: c.name,
			Geometry: orb.Point{106 + float64(i)/100, 29.5}, Props: props})
	}
	w = e.open(defs...)
	for _, c := range cases {
		got, ok := feature(t, w, points.Name, c.name).Props[c.prop]
		if !ok {
			t.Errorf("%s: property %s missing after reopen", c.name, c.prop)
			continue
		}
		if d := diffValue(got, c.want); d != "" {
			t.Errorf("%s: after reopen %s", c.name, d)
		}
	}
}

func testAwkwardNames(t *testing.T, e *env) {
	odd := &layers.Layer{Name: "st_odd", Geometry: layers.Point, Fields: []layers.Field{
		{Name: "id", Type: layers.String}, {Name: "version", Type: layers.Int},
		{Name: "updated", Type: layers.Time}, {Name: "geom", Type: layers.String},
		{Name: "fid", Type: layers.Int}, {Name: "select", Type: layers.String},
		{Name: "名称", Type: layers.String}, {Name: "with space", Type: layers.Bool},
	}}
	at := time.Date(2024, 2, 29, 12, 0, 0, 5, time.UTC)
	props := map[string]any{"id": "own id", "version": int64(42), "updated": at, "geom": "POINT",
		"fid": int64(-1), "select": "from", "名称": "江北", "with space": true}
	w := e.open(odd)
	apply(t, w, layers.Change{Op: layers.Upsert, Layer: odd.Name, ID: "o", Geometry: orb.Point{1, 2}, Props: props})
	want := *feature(t, w, odd.Name, "o")
	w = e.open(odd)
	if d := diffFeature(feature(t, w, odd.Name, "o"), &want); d != "" {
		t.Errorf("after reopen: %s", d)
	}
}

func testGeometries(t *testing.T, e *env) {
	outer := orb.Ring{{106, 29}, {107, 29}, {107, 30}, {106, 30}, {106, 29}}
	hole := orb.Ring{{106.2, 29.2}, {106.2, 29.4}, {106.4, 29.4}, {106.4, 29.2}, {106.2, 29.2}}
	far := orb.Ring{{108, 31}, {108.5, 31}, {108.5, 31.5}, {108, 31}}
	cases := []struct {
		name  string
		layer string
		geom  orb.Geometry
	}{
		{"point", points.Name, orb.Point{106.55156234567891, 29.56301234567891}},
		{"point at the antimeridian pole", points.Name, orb.Point{-180, 90}},
		{"linestring", lines.Name, orb.LineString{{106.1, 29.1}, {106.2, 29.25}, {106.3, 29.2}}},
		{"multilinestring", lines.Name, orb.MultiLineString{{{106, 29}, {106.1, 29.1}}, {{107, 30}, {107.2, 30.1}, {107.3, 30}}}},
		{"polygon with a hole", polygons.Name, orb.Polygon{outer, hole}},
		{"multipolygon", polygons.Name, orb.MultiPolygon{{outer, hole}, {far}}},
		{"multipolygon of one part", polygons.Name, orb.MultiPolygon{{outer}}},
	}
	w := e.open(defs...)
	for _, c := range cases {
		props := map[string]any{}
		if c.layer == points.Name {
			props["name"] = c.name
		}
		apply(t, w, layers.Change{Op: layers.Upsert, Layer: c.layer, ID: c.name, Geometry: c.geom, Props: props})
	}
	w = e.open(defs...)
	for _, c := range cases {
		got := feature(t, w, c.layer, c.name).Geometry
		if !orb.Equal(got, c.geom) {
			t.Errorf("%s: after reopen %s %v, want %s %v", c.name, got.GeoJSONType(), got, c.geom.GeoJSONType(), c.geom)
		}
	}
}

func testUpsertPatchDelete(t *testing.T, e *env) {
	w := e.open(defs...)
	t0 := time.Now().UTC().Add(-time.Hour)
	apply(t, w,
		layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "a", Geometry: orb.Point{106, 29},
			Props: map[string]any{"name": "a", "count": 1, "level": 0.5}},
		layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "b", Geometry: orb.Point{106.1, 29.1},
			Props: map[string]any{"name": "b"}, Time: t0},
		layers.Change{Op: layers.Upsert, Layer: lines.Name, ID: "c", Geometry: orb.LineString{{106, 29}, {107, 30}}})
	apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: "a",
		Props: map[string]any{"count": 2, "level": nil, "active": true}})
	apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: "b", Geometry: orb.Point{106.2, 29.2},
		Time: t0.Add(time.Minute), Event: "heartbeat"})
	apply(t, w, layers.Change{Op: layers.Delete, Layer: lines.Name, ID: "c"})
	want := snapshot(t, w)

	w = e.open(defs...)
	sameWorld(t, snapshot(t, w), want)
	if d := diffProps(feature(t, w, points.Name, "a").Props, map[string]any{"name": "a", "count": int64(2), "active": true}); d != "" {
		t.Errorf("patched a: %s", d)
	}
	if g := feature(t, w, points.Name, "b").Geometry; g != (orb.Point{106.2, 29.2}) {
		t.Errorf("moved b is at %v, want [106.2 29.2]", g)
	}
	if _, err := w.Feature(lines.Name, "c"); !errors.Is(err, layers.ErrNotFound) {
		t.Errorf("deleted c: Feature gave %v, want ErrNotFound", err)
	}
}

func testSeq(t *testing.T, e *env) {
	w := e.open(defs...)
	for i := range 9 {
		apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "p",
			Geometry: orb.Point{106, 29 + float64(i)/10}, Props: map[string]any{"name": "p"}})
	}
	res := apply(t, w, layers.Change{Op: layers.Delete, Layer: points.Name, ID: "p"})
	last := res[0].Seq
	if w.Seq() != last {
		t.Fatalf("Seq() = %d after committing seq %d", w.Seq(), last)
	}
	w = e.open(defs...)
	if w.Seq() != last {
		t.Errorf("after reopen Seq() = %d, want %d (the last change was a delete)", w.Seq(), last)
	}
	res = apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "q",
		Geometry: orb.Point{106, 29}, Props: map[string]any{"name": "q"}})
	if res[0].Seq != last+1 {
		t.Errorf("first change after reopen got seq %d, want %d", res[0].Seq, last+1)
	}
}

func testStale(t *testing.T, e *env) {
	w := e.open(defs...)
	t0 := time.Now().UTC().Add(-time.Hour)
	apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "v", Geometry: orb.Point{106, 29},
		Props: map[string]any{"name": "v"}, Time: t0})
	fresh := apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: "v",
		Geometry: orb.Point{106.1, 29.1}, Time: t0.Add(time.Minute)})
	stale := apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: "v",
		Geometry: orb.Point{105, 28}, Time: t0.Add(30 * time.Second)})
	if !stale[0].Stale {
		t.Fatalf("the older fix was not reported stale: %+v", stale[0])
	}
	want := *feature(t, w, points.Name, "v")

	w = e.open(defs...)
	if d := diffFeature(feature(t, w, points.Name, "v"), &want); d != "" {
		t.Errorf("after reopen: %s", d)
	}
	if got := feature(t, w, points.Name, "v").Version; got != fresh[0].Seq {
		t.Errorf("version %d after a stale fix, want %d (the last fresh fix)", got, fresh[0].Seq)
	}
	if w.Seq() != stale[0].Seq {
		t.Errorf("after reopen Seq() = %d, want %d: the stale fix was not journalled", w.Seq(), stale[0].Seq)
	}
}

func testHistory(t *testing.T, e *env) {
	w := e.open(defs...)
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	apply(t, w,
		layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "h", Geometry: orb.Point{106, 29},
			Props: map[string]any{"name": "火情", "count": int64(1)}, Time: t0, Actor: "rules"},
		layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "other", Geometry: orb.Point{106, 29},
			Props: map[string]any{"name": "x"}})
	apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: "h", Props: map[string]any{"active": true},
		Event: "verify", Actor: "值班员张三", Time: t0.Add(time.Minute)})
	apply(t, w, layers.Change{Op: layers.Delete, Layer: points.Name, ID: "h", Actor: "admin"})

	w = e.open(defs...) // history survives a reopen
	cases := []struct {
		name  string
		limit int
		want  []string // actor/op of each record, oldest first
	}{
		{"all", 0, []string{"rules/upsert", "值班员张三/patch", "admin/delete"}},
		{"newest two", 2, []string{"值班员张三/patch", "admin/delete"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := w.History(context.Background(), points.Name, "h", tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r.Change.Actor+"/"+r.Change.Op.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	recs, _ := w.History(context.Background(), points.Name, "h", 0)
	first := recs[0]
	if !first.Change.Time.Equal(t0) || first.Change.Props["name"] != "火情" || first.Change.Geometry != (orb.Point{106, 29}) {
		t.Errorf("first record: %+v", first.Change)
	}
	if recs[1].Change.Event != "verify" || recs[1].Seq <= first.Seq || recs[2].Seq <= recs[1].Seq {
		t.Errorf("records out of order or without their event: %+v", recs)
	}
	if recs, _ := w.History(context.Background(), points.Name, "nobody", 0); len(recs) != 0 {
		t.Errorf("history of a feature that never was: %d records", len(recs))
	}
}
