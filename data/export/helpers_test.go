package export

import (
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// sampleDef is a tracked point layer with a property of every type.
var sampleDef = &layers.Layer{
	Name: "cameras", Title: layers.Title{Zh: "摄像头", En: "Cameras"}, Geometry: layers.Point, Track: true,
	Fields: []layers.Field{
		{Name: "name", Type: layers.String}, {Name: "n", Type: layers.Int}, {Name: "on", Type: layers.Bool},
		{Name: "seen", Type: layers.Time}, {Name: "v", Type: layers.Float},
	},
}

// zonesDef is a polygon layer.
var zonesDef = &layers.Layer{Name: "zones", Title: layers.Title{Zh: "区域", En: "Zones"}, Geometry: layers.Polygon,
	Fields: []layers.Field{{Name: "name", Type: layers.String}}}

var (
	seen    = time.Date(2026, 3, 1, 8, 30, 0, 250_000_000, time.UTC)
	updated = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
)

// sampleFeatures returns three features of sampleDef: every property
// set, with a name that needs escaping; no properties; some.
func sampleFeatures() []*layers.Feature {
	return []*layers.Feature{
		{ID: "c1", Layer: "cameras", Geometry: orb.Point{106.5, 29.5}, Version: 7, Updated: updated,
			Props: map[string]any{"name": "江北 \"north\"\n\x01", "n": int64(3), "on": true, "seen": seen, "v": 1.5}},
		{ID: "c2", Layer: "cameras", Geometry: orb.Point{106.6, 29.6}, Version: 8, Updated: updated.Add(time.Second)},
		{ID: "c3", Layer: "cameras", Geometry: orb.Point{106.7, 29.7}, Version: 9, Updated: updated.Add(2 * time.Second),
			Props: map[string]any{"n": int64(-9007199254740993), "v": 0.1}},
	}
}

// sampleTrack returns the track points of two features, as layers.Tracks
// gives them: v-001 with three fixes, v-002 with one.
func sampleTrack() []layers.TrackPoint {
	at := func(s int) time.Time { return updated.Add(time.Duration(s) * time.Second) }
	return []layers.TrackPoint{
		{Layer: "vehicles", ID: "v-001", At: at(0), Point: orb.Point{106.50, 29.50}, Seq: 10},
		{Layer: "vehicles", ID: "v-001", At: at(30), Point: orb.Point{106.51, 29.50}, Seq: 12},
		{Layer: "vehicles", ID: "v-001", At: at(60).Add(250 * time.Millisecond), Point: orb.Point{106.52, 29.51}, Seq: 15},
		{Layer: "vehicles", ID: "v-002", At: at(5), Point: orb.Point{106.60, 29.60}, Seq: 11},
	}
}

// quiet discards the store's messages.
var quiet = slog.New(slog.DiscardHandler)

// needOGRInfo returns the path of GDAL's ogrinfo, skipping the test loudly
// when it is missing, or failing it when LOOKOUT_REQUIRE_ALL=1 says every
// check must run.
func needOGRInfo(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ogrinfo")
	if err == nil {
		return p
	}
	msg := "!!! ogrinfo is not on PATH, so GDAL did NOT check the export; install gdal-bin (apt-get install -y gdal-bin)"
	if os.Getenv("LOOKOUT_REQUIRE_ALL") == "1" {
		t.Fatal(msg + " (LOOKOUT_REQUIRE_ALL=1)")
	}
	t.Skip(msg)
	return ""
}

// ogrinfo runs ogrinfo read-only and returns its output, failing the test
// if GDAL reports an error.
func ogrinfo(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool, append([]string{"-ro"}, args...)...).CombinedOutput()
	if err != nil || strings.Contains(string(out), "ERROR") {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// ogrLayer returns the geometry type and feature count ogrinfo -so gives
// for a layer, or false when it does not list it.
func ogrLayer(summary, layer string) (geometry string, count int, ok bool) {
	re := regexp.MustCompile(`(?m)^Layer name: ` + regexp.QuoteMeta(layer) + `\n(?:.*\n)*?Geometry: (.*)\nFeature Count: (\d+)`)
	m := re.FindStringSubmatch(summary)
	if m == nil {
		return "", 0, false
	}
	n, _ := strconv.Atoi(m[2])
	return m[1], n, true
}
