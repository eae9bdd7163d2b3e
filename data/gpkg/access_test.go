package gpkg

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"lookout/layers"
	"lookout/layers/access"
)

// TestAccessMigration opens a file an earlier Lookout wrote (schema
// version 3, before tokens and the audit trail) and checks that it
// upgrades to tables registered as attributes, which keep tokens and
// entries.
func TestAccessMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gpkg")
	db, err := sql.Open(defaultDriver, mattnDSN(path, connSettings{busyTimeoutMS: 5000, cacheKiB: 2048}))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0], migrations[1], migrations[2],
		`CREATE TABLE ` + migrationsTable + ` (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)`,
		`INSERT INTO ` + migrationsTable + ` VALUES (1, '2026-01-01T00:00:00Z'), (2, '2026-01-01T00:00:00Z'), (3, '2026-01-01T00:00:00Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("writing the old file: %v", err)
		}
	}
	db.Close()

	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, table := range []string{TokensTable, AuditTable} {
		var kind string
		if err := s.db.QueryRow(`SELECT data_type FROM gpkg_contents WHERE table_name = ?`, table).Scan(&kind); err != nil || kind != "attributes" {
			t.Errorf("%s: gpkg_contents data_type %q (%v), want attributes", table, kind, err)
		}
	}
	ctx := context.Background()
	tok := access.Token{ID: "tok-1", Name: "n", Role: layers.RoleAdmin, Hash: "h", Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	if err := s.SaveToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, []access.Entry{{At: tok.Created, Token: tok.ID, Action: "token.create", ID: tok.ID}}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Tokens(ctx); err != nil || len(got) != 1 || got[0] != tok {
		t.Errorf("Tokens after the upgrade: %+v, %v; want [%+v]", got, err, tok)
	}
	if got, err := s.AuditLog(ctx, access.Query{}); err != nil || len(got) != 1 {
		t.Errorf("AuditLog after the upgrade: %+v, %v; want one entry", got, err)
	}
}

// TestAuditLogPlans checks that SQLite answers every kind of AuditLog
// query from an index, in the index's order: no scan of the table, no
// sort of what it selects.
func TestAuditLogPlans(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "lookout.gpkg"), Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		q     access.Query
		index string
	}{
		{"everything", access.Query{}, AuditTable + "_at"},
		{"window", access.Query{From: t0, To: t0.Add(time.Hour)}, AuditTable + "_at"},
		{"action", access.Query{Action: "read"}, AuditTable + "_at"},
		{"token", access.Query{Token: "tok-1"}, AuditTable + "_token"},
		{"token and window", access.Query{Token: "tok-1", From: t0}, AuditTable + "_token"},
		{"layer and window", access.Query{Layer: "people", To: t0}, AuditTable + "_layer"},
	}
	for _, c := range cases {
		q, args := auditLogQuery(c.q)
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if !regexp.MustCompile(`USING (COVERING )?INDEX `+c.index+`\b`).MatchString(p) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want %s and no sort", c.name, p, c.index)
		}
	}
}

// TestGDALAccessTables has GDAL's ogrinfo read the token and audit tables
// as the attributes tables an analyst opens in QGIS.
func TestGDALAccessTables(t *testing.T) {
	tool := needTool(t, "ogrinfo", "gdal-bin (apt-get install -y gdal-bin)")
	path := filepath.Join(t.TempDir(), "lookout.gpkg")
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 8, 0, 0, 250_000_000, time.UTC)
	tok := access.Token{ID: "tok-1", Name: "江北", Role: layers.RoleCustody, District: "500105", Hash: "h", Created: at}
	entries := []access.Entry{
		{At: at, Token: tok.ID, Name: tok.Name, Role: tok.Role, Action: "read", Layer: "people", ID: "p1", Remote: "10.0.0.1:1"},
		{At: at.Add(time.Second), Token: tok.ID, Name: tok.Name, Role: tok.Role, Action: "tiles", Layer: "people", Count: 12},
	}
	if err := s.SaveToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, entries); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out := ogrinfo(t, tool, path, TokensTable, AuditTable) // each table's summary, then its rows
	for _, w := range []struct {
		table string
		count string
		line  string
	}{
		{TokensTable, "1", "district (String) = 500105"},
		{AuditTable, "2", "count (Integer64) = 12"},
	} {
		m := regexp.MustCompile(`(?m)^Layer name: ` + w.table + `\n(?:.*\n)*?Geometry: (.*)\nFeature Count: (\d+)\n((?:.*\n)*?)(?:Layer name|\z)`).FindStringSubmatch(out)
		if m == nil || m[1] != "None" || m[2] != w.count {
			t.Errorf("ogrinfo: %s is not an attributes table of %s rows:\n%s", w.table, w.count, out)
			continue
		}
		if !strings.Contains(m[3], w.line) {
			t.Errorf("ogrinfo's %s lacks %q:\n%s", w.table, w.line, out)
		}
	}
}
