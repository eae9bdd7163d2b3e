package gpkg

import (
	"context"
	"database/sql"
	"testing"

	"lookout/layers"
)

// TestFileIsGeoPackage checks, without GDAL, what the standard requires of
// the file: its identity, the mandatory tables and rows, the registration
// of every table, geometry blobs, and SQLite's own integrity checks.
func TestFileIsGeoPackage(t *testing.T) {
	smp := buildSample(t)
	db, err := sql.Open(defaultDriver, fileURI(smp.path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	one := func(q string, args ...any) any {
		t.Helper()
		var v any
		if err := db.QueryRow(q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	checks := []struct {
		name  string
		query string
		args  []any
		want  any
	}{
		{"application_id", "PRAGMA application_id", nil, int64(applicationID)},
		{"user_version", "PRAGMA user_version", nil, int64(userVersion)},
		{"integrity", "PRAGMA integrity_check", nil, "ok"},
		{"foreign keys", "SELECT count(*) FROM pragma_foreign_key_check", nil, int64(0)},
		{"srs 4326", "SELECT organization || ':' || organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326", nil, "EPSG:4326"},
		{"srs -1 and 0", "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0)", nil, int64(2)},
		{"journal registered", "SELECT data_type FROM gpkg_contents WHERE table_name = ?", []any{Journal}, "attributes"},
		{"journal rows", "SELECT count(*) FROM " + Journal, nil, int64(smp.journal)},
		{"stale flag", "SELECT count(*) FROM " + Journal + " WHERE stale", nil, int64(0)},
		{"deleted camera journalled", "SELECT op FROM " + Journal + " WHERE feature_id = 'c3' ORDER BY seq DESC LIMIT 1", nil, "delete"},
		{"journal event", "SELECT event FROM " + Journal + " WHERE op = 'patch'", nil, "heartbeat"},
		{"journal props", "SELECT props FROM " + Journal + " WHERE seq = 1", nil,
			`{"n":3,"name":"江北","on":true,"seen":"2026-03-01T08:30:00.25Z","v":1.5}`},
		{"camera time in GeoPackage DATETIME form", "SELECT CAST(seen AS TEXT) FROM cameras WHERE id = 'c1'", nil, "2026-03-01T08:30:00.250Z"},
		{"camera bool is 0/1", `SELECT typeof("on") || "on" FROM cameras WHERE id = 'c1'`, nil, "integer1"},
		{"migrations", "SELECT max(version) FROM " + migrationsTable, nil, int64(len(migrations))},
	}
	for _, c := range checks {
		if got := one(c.query, c.args...); got != c.want {
			t.Errorf("%s: got %#v, want %#v", c.name, got, c.want)
		}
	}
	for table, n := range smp.counts {
		if got := one(`SELECT count(*) FROM "` + table + `"`); got != int64(n) {
			t.Errorf("%s: %v rows, want %d", table, got, n)
		}
		if got := one("SELECT data_type || ' ' || srs_id FROM gpkg_contents WHERE table_name = ?", table); got != "features 4326" {
			t.Errorf("%s: gpkg_contents says %v, want features 4326", table, got)
		}
		if got := one("SELECT geometry_type_name || ' ' || srs_id || ' ' || z || m FROM gpkg_geometry_columns "+
			"WHERE table_name = ? AND column_name = 'geom'", table); got != smp.geomType[table]+" 4326 00" {
			t.Errorf("%s: gpkg_geometry_columns says %v", table, got)
		}
	}
	// Commits grow the extents: the deleted c3 at 106.7 is still inside.
	if got := extentOf(t, db, "cameras"); got != [4]float64{106.5, 29.5, 106.7, 29.7} {
		t.Errorf("cameras extent after commits %v, want [106.5 29.5 106.7 29.7]", got)
	}
	// A load makes them exact.
	s, err := Open(smp.path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Prepare(context.Background(), sampleDefs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(context.Background(), func(*layers.Feature) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := extentOf(t, db, "cameras"); got != [4]float64{106.5, 29.5, 106.65, 29.65} {
		t.Errorf("cameras extent after load %v, want [106.5 29.5 106.65 29.65]", got)
	}
}

// extentOf reads a table's extent from gpkg_contents as min x, min y, max
// x, max y.
func extentOf(t *testing.T, db *sql.DB, table string) [4]float64 {
	t.Helper()
	var e [4]float64
	if err := db.QueryRow("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?", table).
		Scan(&e[0], &e[1], &e[2], &e[3]); err != nil {
		t.Fatal(err)
	}
	return e
}
