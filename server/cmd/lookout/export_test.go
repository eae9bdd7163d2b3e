package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
)

// exportT0 is when the vehicles of exportDataDir first report.
var exportT0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// exportDataDir returns a data directory whose store holds two vehicles
// that moved: v-001 reported four positions, v-002 two.
func exportDataDir(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	quiet := slog.New(slog.DiscardHandler)
	s, err := gpkg.Open(filepath.Join(dir, "lookout.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := layers.Open(ctx, s, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	at := func(min int) time.Time { return exportT0.Add(time.Duration(min) * time.Minute) }
	props := func(plate string) map[string]any {
		return map[string]any{"plate": plate, "status": "moving", "kind": "sedan"}
	}
	changes := []layers.Change{
		{Op: layers.Upsert, Layer: "vehicles", ID: "v-001", Geometry: orb.Point{106.50, 29.50}, Props: props("渝A·00001"), Time: at(0)},
		{Op: layers.Upsert, Layer: "vehicles", ID: "v-002", Geometry: orb.Point{106.60, 29.60}, Props: props("渝A·00002"), Time: at(1)},
		{Op: layers.Patch, Layer: "vehicles", ID: "v-001", Geometry: orb.Point{106.51, 29.50}, Time: at(2)},
		{Op: layers.Patch, Layer: "vehicles", ID: "v-002", Geometry: orb.Point{106.61, 29.60}, Time: at(3)},
		{Op: layers.Patch, Layer: "vehicles", ID: "v-001", Geometry: orb.Point{106.52, 29.51}, Time: at(4)},
		{Op: layers.Patch, Layer: "vehicles", ID: "v-001", Geometry: orb.Point{106.53, 29.52}, Time: at(5)},
	}
	res, err := w.Apply(ctx, changes)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("change %d: %v", i, r.Err)
		}
	}
	return dir
}

// runExport runs `lookout export args…` and returns its standard output
// and error.
func runExport(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"export"}, args...), &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// decode reads a FeatureCollection with orb's decoder.
func decode(t *testing.T, data []byte) *orbjson.FeatureCollection {
	t.Helper()
	fc, err := orbjson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("orb/geojson: %v\n%s", err, data)
	}
	return fc
}

func TestExportLayer(t *testing.T) {
	dir := exportDataDir(t)
	out := filepath.Join(t.TempDir(), "vehicles.geojson")
	stdout, stderr, err := runExport(t, "--layer", "vehicles", "--data-dir", dir, "-o", out)
	if err != nil || stdout != "" {
		t.Fatalf("export: %v\nstdout %q\nstderr %s", err, stdout, stderr)
	}
	if want := "lookout export: 2 features of vehicles to " + out + " (geojson)\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fc := decode(t, data)
	if len(fc.Features) != 2 || fc.Features[0].Properties["plate"] != "渝A·00001" {
		t.Errorf("the file holds %d features, the first %v", len(fc.Features), fc.Features[0].Properties)
	}
	if !orb.Equal(fc.Features[0].Geometry, orb.Point{106.53, 29.52}) {
		t.Errorf("v-001 is at %v, want its last position", fc.Features[0].Geometry)
	}
}

func TestExportLayerToStdout(t *testing.T) {
	stdout, _, err := runExport(t, "--layer", "vehicles", "--data-dir", exportDataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if fc := decode(t, []byte(stdout)); len(fc.Features) != 2 {
		t.Errorf("standard output holds %d features, want 2", len(fc.Features))
	}
}

// TestExportGeoPackage exports a layer and tracks to GeoPackages and has
// GDAL count their features (skipped loudly without gdal-bin).
func TestExportGeoPackage(t *testing.T) {
	dir := exportDataDir(t)
	outs := t.TempDir()
	layer, tracks := filepath.Join(outs, "vehicles.gpkg"), filepath.Join(outs, "tracks.gpkg")
	if _, stderr, err := runExport(t, "--layer", "vehicles", "--data-dir", dir, "-o", layer); err != nil {
		t.Fatalf("export --layer: %v\n%s", err, stderr)
	}
	_, stderr, err := runExport(t, "--tracks", "vehicles", "--from", "2026-11-23T08:00:00Z", "--to", "2026-11-23T09:00:00Z",
		"--data-dir", dir, "-o", tracks)
	if err != nil {
		t.Fatalf("export --tracks: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "6 track points of 2 features") {
		t.Errorf("stderr %q does not count 6 points of 2 features", stderr)
	}
	tool, err := exec.LookPath("ogrinfo")
	if err != nil {
		msg := "!!! ogrinfo is not on PATH, so GDAL did NOT check the export; install gdal-bin (apt-get install -y gdal-bin)"
		if os.Getenv("LOOKOUT_REQUIRE_ALL") == "1" {
			t.Fatal(msg + " (LOOKOUT_REQUIRE_ALL=1)")
		}
		t.Skip(msg)
	}
	for _, c := range []struct {
		path, layer string
		count       string
	}{{layer, "vehicles", "2"}, {tracks, "track_points", "6"}} {
		out, err := exec.Command(tool, "-ro", "-so", c.path, c.layer).CombinedOutput()
		if err != nil || strings.Contains(string(out), "ERROR") {
			t.Fatalf("ogrinfo %s: %v\n%s", c.path, err, out)
		}
		if m := regexp.MustCompile(`Feature Count: (\d+)`).FindSubmatch(out); m == nil || string(m[1]) != c.count {
			t.Errorf("ogrinfo: %s holds %s features, want %s\n%s", c.layer, m, c.count, out)
		}
	}
}

func TestExportTracks(t *testing.T) {
	dir := exportDataDir(t)
	window := []string{"--from", "2026-11-23T08:00:00Z", "--to", "2026-11-23T08:04:00Z", "--data-dir", dir}
	stdout, _, err := runExport(t, append([]string{"--tracks", "vehicles/v-002,vehicles/v-001"}, window...)...)
	if err != nil {
		t.Fatal(err)
	}
	fc := decode(t, []byte(stdout))
	want := []struct {
		id    string
		geom  orb.Geometry
		times int
	}{
		{"vehicles/v-002", orb.LineString{{106.60, 29.60}, {106.61, 29.60}}, 2},
		{"vehicles/v-001", orb.LineString{{106.50, 29.50}, {106.51, 29.50}, {106.52, 29.51}}, 3},
	}
	if len(fc.Features) != len(want) {
		t.Fatalf("%d tracks, want %d\n%s", len(fc.Features), len(want), stdout)
	}
	for i, w := range want {
		f := fc.Features[i]
		if times, _ := f.Properties["times"].([]any); f.ID != w.id || !orb.Equal(f.Geometry, w.geom) || len(times) != w.times {
			t.Errorf("track %d is %v %v with times %v, want %s %v with %d", i, f.ID, f.Geometry, f.Properties["times"], w.id, w.geom, w.times)
		}
	}
	stdout, _, err = runExport(t, append([]string{"--tracks", "vehicles", "--points"}, window...)...)
	if err != nil {
		t.Fatal(err)
	}
	if fc := decode(t, []byte(stdout)); len(fc.Features) != 5 {
		t.Errorf("--points wrote %d points, want 5", len(fc.Features))
	}
}

func TestExportErrors(t *testing.T) {
	dir := exportDataDir(t)
	existing := filepath.Join(t.TempDir(), "there.geojson")
	if err := os.WriteFile(existing, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"neither --layer nor --tracks", []string{"--data-dir", dir}, "usage:"},
		{"both --layer and --tracks", []string{"--layer", "vehicles", "--tracks", "vehicles", "--data-dir", dir}, "usage:"},
		{"an argument", []string{"--layer", "vehicles", "--data-dir", dir, "vehicles.geojson"}, "usage:"},
		{"an unknown layer", []string{"--layer", "boats", "--data-dir", dir}, `export: layers: unknown layer "boats"`},
		{"a layer without tracks", []string{"--tracks", "venues", "--data-dir", dir}, "export: bad track list: venues: layer venues keeps no tracks"},
		{"a bad time", []string{"--tracks", "vehicles", "--from", "yesterday", "--data-dir", dir},
			`export: --from "yesterday": want an RFC 3339 time such as 2026-11-23T08:00:00+08:00`},
		{"a window backwards", []string{"--tracks", "vehicles", "--from", "2026-11-23T09:00:00Z", "--to", "2026-11-23T08:00:00Z", "--data-dir", dir},
			"export: --from 2026-11-23T09:00:00Z is after --to 2026-11-23T08:00:00Z"},
		{"a GeoPackage to standard output", []string{"--layer", "vehicles", "--format", "gpkg", "--data-dir", dir},
			"export: a GeoPackage is a file, not a stream: name the file to write"},
		{"an unknown extension", []string{"--layer", "vehicles", "-o", "v.kml", "--data-dir", dir},
			"export: unknown format: v.kml ends in .kml, want .geojson, .json or .gpkg"},
		{"no such data directory", []string{"--layer", "vehicles", "--data-dir", filepath.Join(dir, "typo")}, "export: no data directory: "},
		{"an existing file", []string{"--layer", "vehicles", "-o", existing, "--data-dir", dir},
			"export: the file exists: " + existing + " (--force replaces it)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runExport(t, tc.args...)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want one starting %q", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); err == nil {
		t.Error("the mistyped data directory was created")
	}
	if _, _, err := runExport(t, "--layer", "vehicles", "-o", existing, "--force", "--data-dir", dir); err != nil {
		t.Errorf("--force: %v", err)
	}
}

func TestExportWindowDefaults(t *testing.T) {
	now := exportT0
	cases := []struct {
		name, from, to string
		want           [2]time.Time
	}{
		{"the last day", "", "", [2]time.Time{now.Add(-24 * time.Hour), now}},
		{"a day up to --to", "", "2026-11-20T00:00:00Z", [2]time.Time{time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}},
		{"from --from to now", "2026-11-23T07:00:00+08:00", "", [2]time.Time{time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), now}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := exportWindow(tc.from, tc.to, now)
			if err != nil || !got[0].Equal(tc.want[0]) || !got[1].Equal(tc.want[1]) {
				t.Errorf("exportWindow = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
