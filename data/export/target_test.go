package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"

	"lookout/data/gpkg"
	"lookout/layers"
)

// sourceStore returns an embedded store holding three cameras (sampleDef,
// tracked) and a zone, the cameras moved a few times so that c1 has four
// track points and c2 two, from updated on.
func sourceStore(t *testing.T) *gpkg.Store {
	t.Helper()
	ctx := context.Background()
	s, err := gpkg.Open(filepath.Join(t.TempDir(), "lookout.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w, err := layers.Open(ctx, s, []*layers.Layer{sampleDef, zonesDef}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	at := func(sec int) time.Time { return updated.Add(time.Duration(sec) * time.Second) }
	var changes []layers.Change
	for _, f := range sampleFeatures() {
		changes = append(changes, layers.Change{Op: layers.Upsert, Layer: f.Layer, ID: f.ID, Geometry: f.Geometry, Props: f.Props, Time: at(0)})
	}
	changes = append(changes,
		layers.Change{Op: layers.Upsert, Layer: "zones", ID: "z1", Geometry: orb.Polygon{{{106, 29}, {107, 29}, {107, 30}, {106, 29}}}},
		layers.Change{Op: layers.Patch, Layer: "cameras", ID: "c1", Geometry: orb.Point{106.51, 29.5}, Time: at(30)},
		layers.Change{Op: layers.Patch, Layer: "cameras", ID: "c2", Geometry: orb.Point{106.61, 29.6}, Time: at(40)},
		layers.Change{Op: layers.Patch, Layer: "cameras", ID: "c1", Geometry: orb.Point{106.52, 29.5}, Time: at(60)},
		layers.Change{Op: layers.Patch, Layer: "cameras", ID: "c1", Geometry: orb.Point{106.53, 29.5}, Time: at(7200)},
	)
	res, err := w.Apply(ctx, changes)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("change %d: %v", i, r.Err)
		}
	}
	return s
}

// TestLayerToFile exports a layer of a real store to both formats and
// reads the files back.
func TestLayerToFile(t *testing.T) {
	s := sourceStore(t)
	dir := t.TempDir()
	for _, f := range []Format{GeoJSON, GeoPackage} {
		t.Run(string(f), func(t *testing.T) {
			path := filepath.Join(dir, "cameras."+string(f))
			n, err := Layer(context.Background(), s, sampleDef, Target{Format: f, Path: path})
			if err != nil || n != (Counts{Features: 3}) {
				t.Fatalf("Layer = %+v, %v; want 3 features", n, err)
			}
			var ids []string
			if f == GeoPackage {
				for id := range load(t, path, sampleDef) {
					ids = append(ids, id)
				}
			} else {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				fc, err := orbjson.UnmarshalFeatureCollection(data)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range fc.Features {
					ids = append(ids, f.ID.(string))
				}
			}
			slices.Sort(ids)
			if want := []string{"c1", "c2", "c3"}; !slices.Equal(ids, want) {
				t.Errorf("the file holds %v, want %v", ids, want)
			}
		})
	}
}

// TestLayerToStdout exports the polygon layer to a writer.
func TestLayerToStdout(t *testing.T) {
	var buf bytes.Buffer
	n, err := Layer(context.Background(), sourceStore(t), zonesDef, Target{Format: GeoJSON, Stdout: &buf})
	if err != nil || n.Features != 1 {
		t.Fatalf("Layer = %+v, %v", n, err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(buf.Bytes())
	if err != nil || len(fc.Features) != 1 || fc.Features[0].Geometry.GeoJSONType() != "Polygon" {
		t.Errorf("standard output holds %v (%v)\n%s", fc, err, buf.Bytes())
	}
}

// TestTracksFromStore exports tracks the embedded store kept (its
// layers.Tracks), within a window that leaves out c1's last fix.
func TestTracksFromStore(t *testing.T) {
	s := sourceStore(t)
	from, to := updated, updated.Add(time.Hour)
	keys, err := TrackKeys(context.Background(), s, "cameras/c1,cameras/c2,cameras/c9", []*layers.Layer{sampleDef}, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := Tracks(context.Background(), s, keys, from, to, Lines, Target{Format: GeoJSON, Stdout: &buf})
	if err != nil || n != (Counts{Features: 2, Points: 5}) {
		t.Fatalf("Tracks = %+v, %v; want 2 features, 5 points", n, err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := []orb.Geometry{
		orb.LineString{{106.5, 29.5}, {106.51, 29.5}, {106.52, 29.5}},
		orb.LineString{{106.6, 29.6}, {106.61, 29.6}},
	}
	for i, f := range fc.Features {
		if i >= len(want) || !orb.Equal(f.Geometry, want[i]) {
			t.Errorf("track %d is %v, want %v", i, f.Geometry, want)
		}
	}
	path := filepath.Join(t.TempDir(), "tracks.gpkg")
	if n, err := Tracks(context.Background(), s, keys, from, to, Lines, Target{Format: GeoPackage, Path: path}); err != nil || n.Points != 5 {
		t.Fatalf("Tracks to a GeoPackage = %+v, %v", n, err)
	}
	if got := len(load(t, path, TrackPoints)); got != 5 {
		t.Errorf("the GeoPackage holds %d track points, want 5", got)
	}
}

// TestOutputRefusesExisting checks that an existing file is left alone
// unless Overwrite says otherwise, and that nothing is read before that.
func TestOutputRefusesExisting(t *testing.T) {
	s := sourceStore(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "cameras.gpkg")
	if err := os.WriteFile(path, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Layer(context.Background(), s, sampleDef, Target{Format: GeoPackage, Path: path})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("Layer over an existing file: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Errorf("the existing file was changed to %q", b)
	}
	if n, err := Layer(context.Background(), s, sampleDef, Target{Format: GeoPackage, Path: path, Overwrite: true}); err != nil || n.Features != 3 {
		t.Fatalf("Layer with Overwrite = %+v, %v", n, err)
	}
	if got := len(load(t, path, sampleDef)); got != 3 {
		t.Errorf("the replaced file holds %d features, want 3", got)
	}
	assertOnly(t, dir, "cameras.gpkg")
}

// failing is a store whose Load fails half-way.
type failing struct{ layers.Store }

func (f failing) Load(ctx context.Context, fn func(*layers.Feature) error) (uint64, error) {
	if _, err := f.Store.Load(ctx, func(ft *layers.Feature) error {
		if ft.ID == "c2" {
			return errors.New("disk on fire")
		}
		return fn(ft)
	}); err != nil {
		return 0, err
	}
	return 0, nil
}

// TestFailedExportLeavesNothing checks that an export that fails half-way
// leaves no file, temporary or final, in either format.
func TestFailedExportLeavesNothing(t *testing.T) {
	s := failing{sourceStore(t)}
	for _, f := range []Format{GeoJSON, GeoPackage} {
		t.Run(string(f), func(t *testing.T) {
			dir := t.TempDir()
			_, err := Layer(context.Background(), s, sampleDef, Target{Format: f, Path: filepath.Join(dir, "cameras."+string(f))})
			if err == nil || !strings.Contains(err.Error(), "disk on fire") {
				t.Fatalf("Layer = %v, want the store's error", err)
			}
			assertOnly(t, dir)
		})
	}
}

// assertOnly checks that dir holds exactly the named files.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, names) && !(len(got) == 0 && len(names) == 0) {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
