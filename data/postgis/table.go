package postgis

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"lookout/layers"
)

// table is one layer's feature table: its columns and the statements that
// write and read it. Prepare builds it; afterwards it is read-only, so
// commits and loads share it without a lock.
type table struct {
	def  *layers.Layer
	name string   // the table's name: the layer's name
	cols []column // one per schema field, in schema order
	// The statements, built once.
	upsert, delete, load string
}

// column is a schema field's column.
type column struct {
	field layers.Field
	name  string // the column's name: the field's, or prefixed when reserved
	typ   string // its SQL type, as format_type() spells it
	ns    string // for a Time field, its nanoseconds column; else ""
}

// Fixed columns of every feature table, before the property columns. fid is
// an integer key for QGIS; id is Lookout's feature ID.
const (
	colFID       = "fid"
	colID        = "id"
	colGeom      = "geom"
	colVersion   = "version"
	colUpdated   = "updated"
	colUpdatedNS = "updated_ns"
)

// nsSuffix names the companion column that keeps a time column's
// nanoseconds past the microsecond.
const nsSuffix = "_ns"

// reservedPrefix renames a property whose name is one of the fixed columns,
// so that a layer may have a property called "id" or "version".
const reservedPrefix = "prop_"

// maxIdent is PostgreSQL's longest identifier, in bytes; a longer one would
// be silently truncated. Layer names are kept shorter, so that the names of
// their indexes and constraints fit too.
const (
	maxIdent     = 63
	maxTableName = maxIdent - len("_geom_idx")
)

// newTable works out def's table and columns. It refuses layer names that
// would clash with the store's or PostGIS's own tables, and schemas whose
// columns would clash or not fit PostgreSQL's identifiers.
func newTable(def *layers.Layer) (*table, error) {
	lower := strings.ToLower(def.Name)
	if def.Name == "" || len(def.Name) > maxTableName {
		return nil, permanent(fmt.Errorf("layer name %q is empty or longer than %d bytes", def.Name, maxTableName))
	}
	for _, p := range []string{"lookout_", "pg_", "spatial_ref_sys", "geometry_columns", "geography_columns"} {
		if strings.HasPrefix(lower, p) {
			return nil, permanent(fmt.Errorf("layer name %q uses the reserved prefix %q", def.Name, p))
		}
	}
	t := &table{def: def, name: def.Name}
	if err := t.addColumns(); err != nil {
		return nil, err
	}
	t.upsert, t.delete, t.load = t.upsertSQL(), t.deleteSQL(), t.loadSQL()
	return t, nil
}

// addColumns works out t's property columns: a field named like a fixed
// column is prefixed, a Time field gets its nanoseconds column, and every
// name must be unique and fit an identifier.
func (t *table) addColumns() error {
	fixed := map[string]bool{colFID: true, colID: true, colGeom: true, colVersion: true, colUpdated: true, colUpdatedNS: true}
	seen := map[string]string{} // column name → the property that has it
	for n := range fixed {
		seen[n] = "(fixed column)"
	}
	claim := func(name, field string) error {
		if other, dup := seen[name]; dup || name == "" || len(name) > maxIdent {
			return permanent(fmt.Errorf("layer %s: property %q needs column %q, which is empty, longer than %d bytes or taken (%q)",
				t.name, field, name, maxIdent, other))
		}
		seen[name] = field
		return nil
	}
	for _, f := range t.def.Fields {
		c := column{field: f, name: f.Name}
		if fixed[f.Name] {
			c.name = reservedPrefix + f.Name
		}
		typ, err := sqlType(f.Type)
		if err != nil {
			return permanent(fmt.Errorf("layer %s: property %s: %w", t.name, f.Name, err))
		}
		c.typ = typ
		if err := claim(c.name, f.Name); err != nil {
			return err
		}
		if f.Type == layers.Time {
			c.ns = c.name + nsSuffix
			if err := claim(c.ns, f.Name); err != nil {
				return err
			}
		}
		t.cols = append(t.cols, c)
	}
	return nil
}

// sqlType is the column type of a property type, as format_type() spells
// it; the same types the embedded store declares.
func sqlType(t layers.Type) (string, error) {
	switch t {
	case layers.String:
		return "text", nil
	case layers.Int:
		return "bigint", nil
	case layers.Float:
		return "double precision", nil
	case layers.Bool:
		return "boolean", nil
	case layers.Time:
		return "timestamp with time zone", nil
	}
	return "", fmt.Errorf("unknown property type %q", t)
}

// geometryType is the geometry column type of a layer kind. Point layers
// hold points only; line and polygon layers hold the single and the multi
// type, so their column takes any geometry and a feature reads back as the
// type it was written as.
func geometryType(k layers.Kind) string {
	if k == layers.Point {
		return fmt.Sprintf("geometry(Point,%d)", SRID)
	}
	return fmt.Sprintf("geometry(Geometry,%d)", SRID)
}

// ident quotes an SQL identifier.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
