package gpkg

import (
	"database/sql"
	"fmt"
	"strings"

	"lookout/layers"
)

// table is one layer's feature table: its columns and its prepared
// statements. It is built by Prepare and used under Store.mu.
type table struct {
	def    *layers.Layer
	name   string   // the SQL table name: the layer's name
	cols   []column // one per schema field, in schema order
	update *sql.Stmt
	insert *sql.Stmt
	delete *sql.Stmt
	args   []any // reused argument buffer of update and insert
}

// column is a schema field's column.
type column struct {
	field layers.Field
	name  string // the column name; the field's name unless reserved
	typ   string // the GeoPackage data type
}

// Fixed columns of every feature table, before the property columns.
const (
	colFID     = "fid"     // INTEGER PRIMARY KEY AUTOINCREMENT, for GDAL
	colID      = "id"      // the feature ID, unique
	colGeom    = "geom"    // the geometry, GeoPackage binary
	colVersion = "version" // the sequence number of the feature's last change
	colUpdated = "updated" // its time, RFC 3339 UTC with nanoseconds
)

// reservedPrefix renames a property whose name is one of the fixed columns,
// so that a layer may have a property called "id" or "version".
const reservedPrefix = "prop_"

// newTable works out def's table and columns. It refuses layer names that
// would clash with the GeoPackage's or the store's own tables, and schemas
// whose column names clash (SQLite compares them case-insensitively).
func newTable(def *layers.Layer) (*table, error) {
	lower := strings.ToLower(def.Name)
	for _, p := range []string{"gpkg_", "sqlite_", "rtree_", "lookout_"} {
		if def.Name == "" || strings.HasPrefix(lower, p) {
			return nil, fmt.Errorf("layer name %q is empty or uses the reserved prefix %q", def.Name, p)
		}
	}
	t := &table{def: def, name: def.Name}
	fixed := map[string]bool{colFID: true, colID: true, colGeom: true, colVersion: true, colUpdated: true}
	seen := map[string]string{} // lower-case column name → property name
	for _, f := range def.Fields {
		name := f.Name
		if fixed[strings.ToLower(name)] {
			name = reservedPrefix + name
		}
		key := strings.ToLower(name)
		if other, dup := seen[key]; dup || name == "" {
			return nil, fmt.Errorf("layer %s: property %q is unnamed or maps to the same column as %q", def.Name, f.Name, other)
		}
		seen[key] = f.Name
		typ, err := columnType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("layer %s: property %s: %w", def.Name, f.Name, err)
		}
		t.cols = append(t.cols, column{field: f, name: name, typ: typ})
	}
	return t, nil
}

// columnType is the GeoPackage data type (OGC 12-128r19 table 1) of a
// property type.
func columnType(t layers.Type) (string, error) {
	switch t {
	case layers.String:
		return "TEXT", nil
	case layers.Int:
		return "INTEGER", nil
	case layers.Float:
		return "REAL", nil
	case layers.Bool:
		return "BOOLEAN", nil
	case layers.Time:
		return "DATETIME", nil
	}
	return "", fmt.Errorf("unknown property type %q", t)
}

// geometryType is the geometry_type_name registered for a layer kind. Point
// layers hold only points. Line and polygon layers hold both the single and
// the multi type, and GEOMETRY is the one GeoPackage type that admits both
// exactly (a Polygon is not a MULTIPOLYGON), so a feature reads back as the
// type it was written as.
func geometryType(k layers.Kind) string {
	if k == layers.Point {
		return "POINT"
	}
	return "GEOMETRY"
}

// quote returns name as an SQL identifier.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// createSQL is the CREATE TABLE statement of t.
func (t *table) createSQL() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n  %s INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"+
		"  %s TEXT NOT NULL UNIQUE,\n  %s %s,\n  %s INTEGER NOT NULL,\n  %s TEXT NOT NULL",
		quote(t.name), colFID, colID, colGeom, geometryType(t.def.Geometry), colVersion, colUpdated)
	for _, c := range t.cols {
		fmt.Fprintf(&b, ",\n  %s %s", quote(c.name), c.typ)
	}
	b.WriteString("\n)")
	return b.String()
}

// writeColumns are the columns a feature write sets, in the order of its
// arguments: the ID last, where UPDATE's WHERE clause wants it.
func (t *table) writeColumns() []string {
	names := []string{colGeom, colVersion, colUpdated}
	for _, c := range t.cols {
		names = append(names, quote(c.name))
	}
	return append(names, colID)
}

// updateSQL replaces every column of the row with a feature's ID; a patch
// is written as its merged result, so it serves upserts and patches alike.
//
// The store writes a feature with this UPDATE and, when it touched no row,
// insertSQL, rather than with one INSERT ... ON CONFLICT DO UPDATE: an
// upsert's conflict clause overrides the INSERT OR REPLACE in the triggers
// of a spatial index an analyst may add with GDAL or QGIS, and the upsert
// then fails on the index's unique key.
func (t *table) updateSQL() string {
	names := t.writeColumns()
	sets := make([]string, 0, len(names)-1)
	for _, n := range names[:len(names)-1] {
		sets = append(sets, n+" = ?")
	}
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s = ?", quote(t.name), strings.Join(sets, ", "), colID)
}

// insertSQL inserts a feature's row, with the arguments of updateSQL.
func (t *table) insertSQL() string {
	names := t.writeColumns()
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quote(t.name), strings.Join(names, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "))
}

// selectSQL reads every row for Load. DATETIME columns are cast to TEXT so
// that the driver hands over the stored text rather than its own parse of
// it.
func (t *table) selectSQL() string {
	names := []string{colID, colGeom, colVersion, colUpdated}
	for _, c := range t.cols {
		n := quote(c.name)
		if c.field.Type == layers.Time {
			n = "CAST(" + n + " AS TEXT)"
		}
		names = append(names, n)
	}
	return fmt.Sprintf("SELECT %s FROM %s", strings.Join(names, ", "), quote(t.name))
}

// close releases t's statements.
func (t *table) close() {
	for _, st := range []*sql.Stmt{t.update, t.insert, t.delete} {
		if st != nil {
			st.Close()
		}
	}
}
