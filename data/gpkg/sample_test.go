package gpkg

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Sample layers of every geometry kind and property type, for the tests
// that look at the file itself.
var (
	sampleCameras = &layers.Layer{Name: "cameras", Title: layers.Title{Zh: "摄像头", En: "Cameras"}, Geometry: layers.Point,
		Fields: []layers.Field{{Name: "name", Type: layers.String}, {Name: "n", Type: layers.Int},
			{Name: "on", Type: layers.Bool}, {Name: "seen", Type: layers.Time}, {Name: "v", Type: layers.Float}}}
	sampleRivers = &layers.Layer{Name: "rivers", Geometry: layers.LineString,
		Fields: []layers.Field{{Name: "name", Type: layers.String}}}
	sampleZones = &layers.Layer{Name: "zones", Geometry: layers.Polygon,
		Fields: []layers.Field{{Name: "name", Type: layers.String}}}
	sampleDefs = []*layers.Layer{sampleCameras, sampleRivers, sampleZones}
)

// sampleSeen is the "seen" time of camera c1.
var sampleSeen = time.Date(2026, 3, 1, 8, 30, 0, 250_000_000, time.UTC)

// sample is what buildSample wrote.
type sample struct {
	path     string
	counts   map[string]int // features per table
	journal  int            // journal rows
	geomType map[string]string
}

// buildSample writes a GeoPackage with features in every sample layer,
// patches and a delete, and closes it.
func buildSample(t *testing.T) sample {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lookout.gpkg")
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), s, sampleDefs, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	sq := orb.Polygon{{{106, 29}, {107, 29}, {107, 30}, {106, 29}}}
	changes := []layers.Change{
		{Op: layers.Upsert, Layer: "cameras", ID: "c1", Geometry: orb.Point{106.5, 29.5},
			Props: map[string]any{"name": "江北", "n": 3, "on": true, "seen": sampleSeen, "v": 1.5}},
		{Op: layers.Upsert, Layer: "cameras", ID: "c2", Geometry: orb.Point{106.6, 29.6}, Props: map[string]any{"name": "渝中"}},
		{Op: layers.Upsert, Layer: "cameras", ID: "c3", Geometry: orb.Point{106.7, 29.7}},
		{Op: layers.Upsert, Layer: "rivers", ID: "r1", Geometry: orb.LineString{{106, 29}, {106.5, 29.6}}},
		{Op: layers.Upsert, Layer: "rivers", ID: "r2", Geometry: orb.MultiLineString{{{106, 29}, {106.1, 29.1}}, {{106.2, 29.2}, {106.3, 29.2}}}},
		{Op: layers.Upsert, Layer: "zones", ID: "z1", Geometry: sq},
		{Op: layers.Upsert, Layer: "zones", ID: "z2", Geometry: orb.MultiPolygon{sq}},
		{Op: layers.Patch, Layer: "cameras", ID: "c2", Geometry: orb.Point{106.65, 29.65}, Event: "heartbeat"},
		{Op: layers.Delete, Layer: "cameras", ID: "c3"},
	}
	for _, c := range changes {
		res, err := w.Apply(context.Background(), []layers.Change{c})
		if err != nil || res[0].Err != nil {
			t.Fatalf("apply %s %s: %v %v", c.Op, c.ID, err, res[0].Err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return sample{path: path, counts: map[string]int{"cameras": 2, "rivers": 2, "zones": 2}, journal: len(changes),
		geomType: map[string]string{"cameras": "POINT", "rivers": "GEOMETRY", "zones": "GEOMETRY"}}
}
