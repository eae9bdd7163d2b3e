package gpkg

import (
	"database/sql"
	"testing"
)

// TestSQLFunctions checks the GeoPackage SQL functions the store registers,
// on a point (no envelope in its blob), a line (with one) and NULL.
func TestSQLFunctions(t *testing.T) {
	smp := buildSample(t)
	db, err := sql.Open(defaultDriver, fileURI(smp.path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cases := []struct {
		table, id string
		want      [5]any
	}{
		{"cameras", "c1", [5]any{106.5, 29.5, 106.5, 29.5, int64(0)}},
		{"rivers", "r1", [5]any{106.0, 29.0, 106.5, 29.6, int64(0)}},
	}
	for _, c := range cases {
		var got [5]any
		err := db.QueryRow(`SELECT ST_MinX(geom), ST_MinY(geom), ST_MaxX(geom), ST_MaxY(geom), ST_IsEmpty(geom) FROM "`+
			c.table+`" WHERE id = ?`, c.id).Scan(&got[0], &got[1], &got[2], &got[3], &got[4])
		if err != nil {
			t.Fatalf("%s/%s: %v", c.table, c.id, err)
		}
		if got != c.want {
			t.Errorf("%s/%s: got %v, want %v", c.table, c.id, got, c.want)
		}
	}
	var minX, empty any = 0, 0
	if err := db.QueryRow("SELECT ST_MinX(NULL), ST_IsEmpty(x'00')").Scan(&minX, &empty); err != nil {
		t.Fatal(err)
	}
	if minX != nil || empty != nil {
		t.Errorf("ST_MinX(NULL), ST_IsEmpty(junk) = %v, %v; want NULL, NULL", minX, empty)
	}
}
