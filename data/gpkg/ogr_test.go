package gpkg

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// needTool returns the path of a command-line tool, skipping the test
// loudly when it is missing, or failing it when LOOKOUT_REQUIRE_ALL=1 says
// every check must run.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	msg := "!!! " + name + " is not on PATH, so GDAL did NOT check the GeoPackage; install " + pkg
	if os.Getenv("LOOKOUT_REQUIRE_ALL") == "1" {
		t.Fatal(msg + " (LOOKOUT_REQUIRE_ALL=1)")
	}
	t.Skip(msg)
	return ""
}

// ogrinfo runs GDAL's ogrinfo read-only on path and returns its output,
// failing the test if GDAL reports an error.
func ogrinfo(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool, append([]string{"-ro"}, args...)...).CombinedOutput()
	if err != nil || strings.Contains(string(out), "ERROR") {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestGDALOpensFile has GDAL's ogrinfo read a file the store wrote: every
// layer table with its geometry type and feature count, the journal as an
// attributes table, and a feature's typed attributes.
func TestGDALOpensFile(t *testing.T) {
	tool := needTool(t, "ogrinfo", "gdal-bin (apt-get install -y gdal-bin)")
	smp := buildSample(t)
	summary := ogrinfo(t, tool, "-al", "-so", smp.path)
	want := []struct {
		layer, geometry string
		count           int
	}{
		{"cameras", "Point", smp.counts["cameras"]},
		{"rivers", "Unknown (any)", smp.counts["rivers"]},
		{"zones", "Unknown (any)", smp.counts["zones"]},
		{Journal, "None", smp.journal},
	}
	for _, w := range want {
		re := regexp.MustCompile(`(?m)^Layer name: ` + w.layer + `\n(?:.*\n)*?Geometry: (.*)\nFeature Count: (\d+)`)
		m := re.FindStringSubmatch(summary)
		if m == nil {
			t.Errorf("ogrinfo does not list layer %s:\n%s", w.layer, summary)
			continue
		}
		if m[1] != w.geometry || m[2] != strconv.Itoa(w.count) {
			t.Errorf("ogrinfo: %s has geometry %q and %s features, want %q and %d", w.layer, m[1], m[2], w.geometry, w.count)
		}
	}
	feature := ogrinfo(t, tool, "-q", smp.path, "cameras", "-where", "id = 'c1'")
	for _, line := range []string{
		"id (String) = c1",
		"name (String) = 江北",
		"n (Integer64) = 3",
		"on (Integer(Boolean)) = 1",
		"seen (DateTime) = 2026/03/01 08:30:00.250+00",
		"v (Real) = 1.5",
		"POINT (106.5 29.5)",
	} {
		if !strings.Contains(feature, line) {
			t.Errorf("ogrinfo's c1 lacks %q:\n%s", line, feature)
		}
	}
	multi := ogrinfo(t, tool, "-q", smp.path, "zones", "-where", "id = 'z2'")
	if !strings.Contains(multi, "MULTIPOLYGON (((106 29,107 29,107 30,106 29)))") {
		t.Errorf("ogrinfo's z2 is not the multipolygon written:\n%s", multi)
	}
}

// TestGDALSpatialIndex has GDAL add the RTree Spatial Index extension to a
// table, as an analyst might from QGIS, and checks that the store still
// opens and writes, and that the index's triggers keep it right.
func TestGDALSpatialIndex(t *testing.T) {
	tool := needTool(t, "ogrinfo", "gdal-bin (apt-get install -y gdal-bin)")
	smp := buildSample(t)
	if out, err := exec.Command(tool, smp.path, "-sql", "SELECT CreateSpatialIndex('cameras', 'geom')").CombinedOutput(); err != nil {
		t.Fatalf("CreateSpatialIndex: %v\n%s", err, out)
	}
	s, err := Open(smp.path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := layers.Open(context.Background(), s, sampleDefs, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatalf("open with a spatial index: %v", err)
	}
	defer w.Close()
	for _, c := range []layers.Change{
		{Op: layers.Upsert, Layer: "cameras", ID: "c9", Geometry: orb.Point{107, 30}},
		{Op: layers.Patch, Layer: "cameras", ID: "c2", Geometry: orb.Point{108, 31}},
		{Op: layers.Delete, Layer: "cameras", ID: "c1"},
	} {
		if res, err := w.Apply(context.Background(), []layers.Change{c}); err != nil || res[0].Err != nil {
			t.Fatalf("%s %s with a spatial index: %v %v", c.Op, c.ID, err, res[0].Err)
		}
	}
	rows, err := s.db.Query(`SELECT c.id, r.minx, r.miny FROM rtree_cameras_geom r JOIN cameras c ON c.fid = r.id ORDER BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id string
		var x, y float64
		if err := rows.Scan(&id, &x, &y); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %g %g", id, x, y))
	}
	if want := []string{"c2 108 31", "c9 107 30"}; !slices.Equal(got, want) {
		t.Errorf("spatial index holds %q, want %q", got, want)
	}
	var check string
	if err := s.db.QueryRow("SELECT rtreecheck('rtree_cameras_geom')").Scan(&check); err != nil || check != "ok" {
		t.Errorf("rtreecheck: %q %v", check, err)
	}
}
