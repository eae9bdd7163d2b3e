package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"lookout/layers"
)

// writeTracks writes pts as GeoJSON in style.
func writeTracks(t *testing.T, pts []layers.TrackPoint, style TrackStyle) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewGeoJSONTracks(&buf, style)
	for _, p := range pts {
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGeoJSONTrackLines reads lines back with orb's decoder: a LineString
// per feature with a time per vertex, a Point for a feature of one fix.
func TestGeoJSONTrackLines(t *testing.T) {
	data := writeTracks(t, sampleTrack(), Lines)
	fc, err := orbjson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("orb/geojson: %v\n%s", err, data)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("%d features, want 2\n%s", len(fc.Features), data)
	}
	ms := updated.UnixMilli()
	cases := []struct {
		id    string
		geom  orb.Geometry
		props orbjson.Properties
	}{
		{"vehicles/v-001", orb.LineString{{106.50, 29.50}, {106.51, 29.50}, {106.52, 29.51}}, orbjson.Properties{
			"layer": "vehicles", "id": "v-001", "from": "2026-11-23T08:00:00Z", "to": "2026-11-23T08:01:00.25Z", "count": 3.0,
			"times": []any{float64(ms), float64(ms + 30_000), float64(ms + 60_250)}}},
		{"vehicles/v-002", orb.Point{106.60, 29.60}, orbjson.Properties{
			"layer": "vehicles", "id": "v-002", "from": "2026-11-23T08:00:05Z", "to": "2026-11-23T08:00:05Z", "count": 1.0,
			"times": []any{float64(ms + 5000)}}},
	}
	for i, tc := range cases {
		f := fc.Features[i]
		if f.ID != tc.id || !orb.Equal(f.Geometry, tc.geom) || !reflect.DeepEqual(f.Properties, tc.props) {
			t.Errorf("feature %d is %v %v %v,\nwant %v %v %v", i, f.ID, f.Geometry, f.Properties, tc.id, tc.geom, tc.props)
		}
	}
}

// TestGeoJSONTrackPoints reads points back with orb's decoder: a Point
// feature per fix with its time and sequence number.
func TestGeoJSONTrackPoints(t *testing.T) {
	data := writeTracks(t, sampleTrack(), Points)
	fc, err := orbjson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("orb/geojson: %v\n%s", err, data)
	}
	if len(fc.Features) != 4 {
		t.Fatalf("%d features, want 4", len(fc.Features))
	}
	for i, p := range sampleTrack() {
		f := fc.Features[i]
		want := orbjson.Properties{"layer": p.Layer, "id": p.ID, "at": p.At.Format(time.RFC3339Nano),
			"time": float64(p.At.UnixMilli()), "seq": float64(p.Seq)}
		if !orb.Equal(f.Geometry, p.Point) || !reflect.DeepEqual(f.Properties, want) {
			t.Errorf("point %d is %v %v, want %v %v", i, f.Geometry, f.Properties, p.Point, want)
		}
	}
}

func TestGeoJSONTracksEmpty(t *testing.T) {
	for _, style := range []TrackStyle{Lines, Points} {
		data := writeTracks(t, nil, style)
		if fc, err := orbjson.UnmarshalFeatureCollection(data); err != nil || len(fc.Features) != 0 {
			t.Errorf("style %d, no points: %v, %v\n%s", style, fc, err, data)
		}
	}
}

// TestGDALReadsTracks has GDAL read both GeoJSON styles: lines with a list
// of times, points with a date-time.
func TestGDALReadsTracks(t *testing.T) {
	tool := needOGRInfo(t)
	cases := []struct {
		name   string
		style  TrackStyle
		geom   string
		count  int
		fields []string
	}{
		{"lines", Lines, "Unknown (any)", 2, []string{"times: Integer64List", "from: DateTime", "count: Integer"}},
		{"points", Points, "Point", 4, []string{"at: DateTime", "time: Integer64", "seq: Integer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tracks.geojson")
			if err := os.WriteFile(path, writeTracks(t, sampleTrack(), tc.style), 0o644); err != nil {
				t.Fatal(err)
			}
			out := ogrinfo(t, tool, "-al", "-so", path)
			if geom, n, ok := ogrLayer(out, "tracks"); !ok || geom != tc.geom || n != tc.count {
				t.Errorf("ogrinfo: tracks is %q with %d features (listed %v), want %q with %d\n%s", geom, n, ok, tc.geom, tc.count, out)
			}
			for _, field := range tc.fields {
				if !strings.Contains(out, field) {
					t.Errorf("ogrinfo lacks the field %q\n%s", field, out)
				}
			}
		})
	}
}

// writeTrackPackage writes pts to a new GeoPackage.
func writeTrackPackage(t *testing.T, pts []layers.TrackPoint) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tracks.gpkg")
	w, err := NewGeoPackageTracks(context.Background(), path, quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGeoPackageTracksReadBack opens a GeoPackage of tracks as a store and
// finds a feature per point, numbered in order.
func TestGeoPackageTracksReadBack(t *testing.T) {
	got := load(t, writeTrackPackage(t, sampleTrack()), TrackPoints)
	if len(got) != 4 {
		t.Fatalf("%d points read back, want 4", len(got))
	}
	for i, p := range sampleTrack() {
		f := got[strconv.Itoa(i+1)]
		want := map[string]any{"layer": p.Layer, "feature": p.ID, "at": p.At, "seq": int64(p.Seq)}
		if f == nil || !orb.Equal(f.Geometry, p.Point) || !f.Updated.Equal(p.At) || !reflect.DeepEqual(f.Props, want) {
			t.Errorf("point %d reads back as %+v, want %v at %v", i+1, f, want, p.Point)
		}
	}
}

// TestGDALReadsTrackPackage has GDAL count a GeoPackage's track points and
// read one's time.
func TestGDALReadsTrackPackage(t *testing.T) {
	tool := needOGRInfo(t)
	path := writeTrackPackage(t, sampleTrack())
	out := ogrinfo(t, tool, "-al", "-so", path)
	if geom, n, ok := ogrLayer(out, TrackPoints.Name); !ok || geom != "Point" || n != 4 {
		t.Errorf("ogrinfo: %s is %q with %d features (listed %v), want Point with 4\n%s", TrackPoints.Name, geom, n, ok, out)
	}
	third := ogrinfo(t, tool, "-q", path, TrackPoints.Name, "-where", "id = '3'")
	for _, line := range []string{"feature (String) = v-001", "at (DateTime) = 2026/11/23 08:01:00.250+00", "seq (Integer64) = 15", "POINT (106.52 29.51)"} {
		if !strings.Contains(third, line) {
			t.Errorf("ogrinfo's point 3 lacks %q:\n%s", line, third)
		}
	}
}
