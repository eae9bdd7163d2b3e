package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"lookout/data/gpkg"
	"lookout/layers"
)

// writeGeoJSON writes fs as def's GeoJSON.
func writeGeoJSON(t *testing.T, def *layers.Layer, fs []*layers.Feature) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewGeoJSON(&buf, def)
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGeoJSONDecodes has orb's GeoJSON decoder, which shares nothing with
// the writer, read a layer back: IDs, geometries, properties.
func TestGeoJSONDecodes(t *testing.T) {
	data := writeGeoJSON(t, sampleDef, sampleFeatures())
	fc, err := orbjson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("orb/geojson: %v\n%s", err, data)
	}
	if len(fc.Features) != 3 {
		t.Fatalf("%d features, want 3", len(fc.Features))
	}
	for i, want := range sampleFeatures() {
		got := fc.Features[i]
		if got.ID != want.ID || !orb.Equal(got.Geometry, want.Geometry) {
			t.Errorf("feature %d is %v at %v, want %s at %v", i, got.ID, got.Geometry, want.ID, want.Geometry)
		}
	}
	want := orbjson.Properties{"name": "江北 \"north\"\n\x01", "n": 3.0, "on": true, "seen": "2026-03-01T08:30:00.25Z", "v": 1.5}
	if got := fc.Features[0].Properties; !reflect.DeepEqual(got, want) {
		t.Errorf("c1's properties are %v, want %v", got, want)
	}
	if got := fc.Features[1].Properties; len(got) != 0 {
		t.Errorf("c2's properties are %v, want none", got)
	}
}

// TestGeoJSONTypes reads the properties with encoding/json's numbers to
// check they are written as their types: an int64 as an exact integer, a
// time as RFC 3339; and the foreign members as the API writes them.
func TestGeoJSONTypes(t *testing.T) {
	data := writeGeoJSON(t, sampleDef, sampleFeatures())
	var fc struct {
		Type     string
		Name     string
		Features []struct {
			ID         string
			Properties map[string]any
			Layer      string
			Version    json.Number
			Updated    string
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || fc.Name != "cameras" {
		t.Errorf("collection %q named %q, want FeatureCollection named cameras", fc.Type, fc.Name)
	}
	f := fc.Features[2]
	if got := f.Properties["n"]; got != json.Number("-9007199254740993") {
		t.Errorf("c3's n is %v, want -9007199254740993 exactly", got)
	}
	if f.Layer != "cameras" || f.Version != "9" || f.Updated != "2026-11-23T08:00:02Z" {
		t.Errorf("c3's foreign members are %q %q %q", f.Layer, f.Version, f.Updated)
	}
	if lines := strings.Count(string(data), "\n"); lines != 5 {
		t.Errorf("%d lines, want 5: one per feature between the collection's", lines)
	}
}

func TestGeoJSONEmpty(t *testing.T) {
	data := writeGeoJSON(t, sampleDef, nil)
	fc, err := orbjson.UnmarshalFeatureCollection(data)
	if err != nil || len(fc.Features) != 0 {
		t.Fatalf("empty layer: %v, %v\n%s", fc, err, data)
	}
}

// TestGDALReadsGeoJSON has GDAL read a layer's GeoJSON: the layer's name,
// count and the types it infers for the properties.
func TestGDALReadsGeoJSON(t *testing.T) {
	tool := needOGRInfo(t)
	path := filepath.Join(t.TempDir(), "cameras.geojson")
	if err := os.WriteFile(path, writeGeoJSON(t, sampleDef, sampleFeatures()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := ogrinfo(t, tool, "-al", "-so", path)
	if geom, n, ok := ogrLayer(out, "cameras"); !ok || geom != "Point" || n != 3 {
		t.Errorf("ogrinfo: cameras is %q with %d features (listed %v), want Point with 3\n%s", geom, n, ok, out)
	}
	for _, field := range []string{"name: String", "n: Integer64", "on: Integer(Boolean)", "seen: DateTime", "v: Real"} {
		if !strings.Contains(out, field) {
			t.Errorf("ogrinfo lacks the field %q\n%s", field, out)
		}
	}
}

// writeGeoPackage writes fs as def's GeoPackage at a new path.
func writeGeoPackage(t *testing.T, def *layers.Layer, fs []*layers.Feature) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), def.Name+".gpkg")
	w, err := NewGeoPackage(context.Background(), path, def, quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// load reads def's features back from the GeoPackage at path.
func load(t *testing.T, path string, def *layers.Layer) map[string]*layers.Feature {
	t.Helper()
	s, err := gpkg.Open(path, gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), []*layers.Layer{def}); err != nil {
		t.Fatal(err)
	}
	got := map[string]*layers.Feature{}
	if _, err := s.Load(context.Background(), func(f *layers.Feature) error { got[f.ID] = f; return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestGeoPackageReadsBack opens a layer's GeoPackage as a store and finds
// the features written, versions and times included.
func TestGeoPackageReadsBack(t *testing.T) {
	path := writeGeoPackage(t, sampleDef, sampleFeatures())
	got := load(t, path, sampleDef)
	for _, want := range sampleFeatures() {
		f := got[want.ID]
		if f == nil {
			t.Errorf("%s is missing", want.ID)
			continue
		}
		if want.Props == nil {
			want.Props = map[string]any{}
		}
		if !orb.Equal(f.Geometry, want.Geometry) || f.Version != want.Version || !f.Updated.Equal(want.Updated) ||
			!reflect.DeepEqual(f.Props, want.Props) {
			t.Errorf("%s reads back as %+v, want %+v", want.ID, f, want)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d features read back, want 3", len(got))
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("%s%s is left beside the file", path, side)
		}
	}
}

// TestGDALReadsGeoPackage has GDAL open a layer's GeoPackage: the feature
// table with its count and typed columns, and an empty track table though
// the layer is tracked (the export writes no track points).
func TestGDALReadsGeoPackage(t *testing.T) {
	tool := needOGRInfo(t)
	path := writeGeoPackage(t, sampleDef, sampleFeatures())
	out := ogrinfo(t, tool, "-al", "-so", path)
	if geom, n, ok := ogrLayer(out, "cameras"); !ok || geom != "Point" || n != 3 {
		t.Errorf("ogrinfo: cameras is %q with %d features (listed %v), want Point with 3\n%s", geom, n, ok, out)
	}
	if _, n, ok := ogrLayer(out, gpkg.TrackTable); ok && n != 0 {
		t.Errorf("ogrinfo: %s has %d points, want none", gpkg.TrackTable, n)
	}
	feature := ogrinfo(t, tool, "-q", path, "cameras", "-where", "id = 'c1'")
	for _, line := range []string{"n (Integer64) = 3", "on (Integer(Boolean)) = 1", "seen (DateTime) = 2026/03/01 08:30:00.250+00", "v (Real) = 1.5", "POINT (106.5 29.5)"} {
		if !strings.Contains(feature, line) {
			t.Errorf("ogrinfo's c1 lacks %q:\n%s", line, feature)
		}
	}
}

// TestGDALReadsPolygons checks a polygon layer's GeoPackage, holes and
// multipolygons included.
func TestGDALReadsPolygons(t *testing.T) {
	tool := needOGRInfo(t)
	square := orb.Polygon{{{106, 29}, {107, 29}, {107, 30}, {106, 30}, {106, 29}}, {{106.2, 29.2}, {106.2, 29.4}, {106.4, 29.4}, {106.2, 29.2}}}
	path := writeGeoPackage(t, zonesDef, []*layers.Feature{
		{ID: "z1", Layer: "zones", Geometry: square, Updated: updated},
		{ID: "z2", Layer: "zones", Geometry: orb.MultiPolygon{square, {{{108, 30}, {109, 30}, {109, 31}, {108, 30}}}}, Updated: updated},
	})
	out := ogrinfo(t, tool, "-al", "-so", path)
	if _, n, ok := ogrLayer(out, "zones"); !ok || n != 2 {
		t.Errorf("ogrinfo: zones has %d features (listed %v), want 2\n%s", n, ok, out)
	}
	z2 := ogrinfo(t, tool, "-q", path, "zones", "-where", "id = 'z2'")
	if !strings.Contains(z2, "MULTIPOLYGON (((106 29,107 29,107 30,106 30,106 29),(106.2 29.2,106.2 29.4,106.4 29.4,106.2 29.2)),((108 30,109 30,109 31,108 30)))") {
		t.Errorf("ogrinfo's z2 is not the multipolygon written:\n%s", z2)
	}
}
