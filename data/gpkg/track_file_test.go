package gpkg

import (
	"context"
	"database/sql"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// TestTrackMigration opens a file an earlier Lookout wrote (schema version
// 2, before the track history) and checks that it upgrades: the journal
// is kept, and positions are tracked from then on.
func TestTrackMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gpkg")
	db, err := sql.Open(defaultDriver, mattnDSN(path, connSettings{busyTimeoutMS: 5000, cacheKiB: 2048}))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0], migrations[1],
		`CREATE TABLE ` + migrationsTable + ` (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)`,
		`INSERT INTO ` + migrationsTable + ` VALUES (1, '2026-01-01T00:00:00Z'), (2, '2026-01-01T00:00:00Z')`,
		`INSERT INTO ` + Journal + ` (seq, at, layer, feature_id, op, event, stale, time, actor)
		 VALUES (7, '2026-01-01T00:00:00Z', 'units', 'u1', 'delete', '', 0, '2026-01-01T00:00:00Z', 'old')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("writing the old file: %v", err)
		}
	}
	db.Close()

	s := openTracked(t, path)
	defer s.Close()
	var version int
	if err := s.db.QueryRow(`SELECT max(version) FROM ` + migrationsTable).Scan(&version); err != nil || version != len(migrations) {
		t.Fatalf("schema version %d (%v), want %d", version, err, len(migrations))
	}
	seq, err := s.Load(context.Background(), func(*layers.Feature) error { return nil })
	if err != nil || seq != 7 {
		t.Fatalf("Load: seq %d, %v; want 7", seq, err)
	}
	if err := s.Commit(context.Background(), []layers.Record{fixRecord(trackLayer, "u1", 8, orb.Point{106, 29}, trackT0)}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.Track(context.Background(), []layers.Key{{Layer: trackLayer.Name, ID: "u1"}}, trackT0, trackT0,
		func(layers.TrackPoint) error { n++; return nil })
	if err != nil || n != 1 {
		t.Errorf("Track after the upgrade: %d points, %v; want 1", n, err)
	}
	checkRTree(t, s)
}

// TestGDALTrackTable has GDAL read the track table as the point layer QGIS
// draws, with its attributes, and delete a point through plain SQL (as a
// QGIS user might): the triggers keep the R*Tree in step without any of the
// store's SQL functions.
func TestGDALTrackTable(t *testing.T) {
	tool := needTool(t, "ogrinfo", "gdal-bin (apt-get install -y gdal-bin)")
	path := filepath.Join(t.TempDir(), "lookout.gpkg")
	s := openTracked(t, path)
	var recs []layers.Record
	for i := range 5 {
		at := trackT0.Add(time.Duration(i)*time.Minute + 250*time.Millisecond)
		recs = append(recs, fixRecord(trackLayer, "u1", uint64(i+1), orb.Point{106.5 + float64(i)/100, 29.5}, at))
	}
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	s.Close()

	summary := ogrinfo(t, tool, "-so", path, TrackTable)
	m := regexp.MustCompile(`Geometry: (.*)\nFeature Count: (\d+)`).FindStringSubmatch(summary)
	if m == nil || m[1] != "Point" || m[2] != "5" {
		t.Errorf("ogrinfo: %s is not a Point layer of 5 features:\n%s", TrackTable, summary)
	}
	feature := ogrinfo(t, tool, "-q", path, TrackTable, "-where", "seq = 2")
	for _, line := range []string{"layer (String) = units", "feature_id (String) = u1",
		"at (Integer64) = 1772352060250", "POINT (106.51 29.5)"} {
		if !strings.Contains(feature, line) {
			t.Errorf("ogrinfo's point of seq 2 lacks %q:\n%s", line, feature)
		}
	}
	if out, err := exec.Command(tool, path, "-sql", "DELETE FROM "+TrackTable+" WHERE seq = 3").CombinedOutput(); err != nil {
		t.Fatalf("DELETE through GDAL: %v\n%s", err, out)
	}
	s = openTracked(t, path)
	defer s.Close()
	checkRTree(t, s)
}

// TestTrackExtent checks that gpkg_contents records a true extent of the
// track table, grown by every commit across a reopen and a Load, so that
// GDAL and QGIS need not scan the history for it.
func TestTrackExtent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lookout.gpkg")
	s := openTracked(t, path)
	if err := s.Commit(context.Background(), []layers.Record{
		fixRecord(trackLayer, "u1", 1, orb.Point{106.5, 29.5}, trackT0),
		fixRecord(trackLayer, "u1", 2, orb.Point{106.6, 29.4}, trackT0.Add(time.Second)),
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTracked(t, path)
	defer s.Close()
	if _, err := s.Load(context.Background(), func(*layers.Feature) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := extentOf(t, s.db, TrackTable); got != [4]float64{106.5, 29.4, 106.6, 29.5} {
		t.Errorf("extent after reopen and Load %v, want [106.5 29.4 106.6 29.5]", got)
	}
	if err := s.Commit(context.Background(), []layers.Record{fixRecord(trackLayer, "u2", 3, orb.Point{107, 30}, trackT0)}); err != nil {
		t.Fatal(err)
	}
	if got := extentOf(t, s.db, TrackTable); got != [4]float64{106.5, 29.4, 107, 30} {
		t.Errorf("extent after another commit %v, want [106.5 29.4 107 30]", got)
	}
}
