package postgis

import (
	"fmt"
	"strings"
)

// createSQL is the CREATE TABLE statement of t.
func (t *table) createSQL() string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n  %s bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"+
		"  %s text NOT NULL UNIQUE,\n  %s %s NOT NULL,\n  %s bigint NOT NULL,\n  %s timestamp with time zone NOT NULL,\n"+
		"  %s smallint NOT NULL DEFAULT 0",
		ident(t.name), colFID, colID, colGeom, geometryType(t.def.Geometry), colVersion, colUpdated, colUpdatedNS)
	for _, c := range t.cols {
		fmt.Fprintf(&b, ",\n  %s %s", ident(c.name), c.typ)
		if c.ns != "" {
			fmt.Fprintf(&b, ",\n  %s smallint", ident(c.ns))
		}
	}
	b.WriteString("\n)")
	return b.String()
}

// indexSQL creates t's spatial index.
func (t *table) indexSQL() string {
	return fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s USING gist (%s)", ident(t.name+"_geom_idx"), ident(t.name), colGeom)
}

// commentSQL describes t for an analyst browsing the database.
func (t *table) commentSQL() string {
	desc := strings.TrimSpace(t.def.Title.Zh + " " + t.def.Title.En)
	if desc == "" {
		desc = t.name
	}
	desc += " (Lookout layer; id is the feature ID, version the sequence number of its last change, *_ns the nanoseconds past the microsecond of the time before it)"
	return fmt.Sprintf("COMMENT ON TABLE %s IS '%s'", ident(t.name), strings.ReplaceAll(desc, "'", "''"))
}

// writeColumns are the columns a feature write sets, in the order of the
// upsert's parameters, with each parameter's array type.
func (t *table) writeColumns() (names, types []string) {
	names = []string{colID, colGeom, colVersion, colUpdated, colUpdatedNS}
	types = []string{"text[]", "bytea[]", "bigint[]", "timestamptz[]", "smallint[]"}
	for _, c := range t.cols {
		names, types = append(names, ident(c.name)), append(types, c.typ+"[]")
		if c.ns != "" {
			names, types = append(names, ident(c.ns)), append(types, "smallint[]")
		}
	}
	return names, types
}

// upsertSQL writes whole rows, one per element of its array parameters (one
// array per column), inserting new features and replacing existing ones: a
// patch is written as its merged result, so it serves upserts and patches
// alike, and a commit of any size is one statement per table.
func (t *table) upsertSQL() string {
	names, types := t.writeColumns()
	params, aliases, sel, sets := make([]string, len(names)), make([]string, len(names)), make([]string, len(names)), []string{}
	for i, n := range names {
		params[i] = fmt.Sprintf("$%d::%s", i+1, types[i])
		aliases[i] = fmt.Sprintf("c%d", i)
		sel[i] = "u." + aliases[i]
		if n != colID {
			sets = append(sets, fmt.Sprintf("%s = EXCLUDED.%s", n, n))
		}
	}
	sel[1] = "ST_GeomFromEWKB(u.c1)"
	return fmt.Sprintf("INSERT INTO %s (%s)\nSELECT %s FROM unnest(%s) AS u(%s)\nON CONFLICT (%s) DO UPDATE SET %s",
		ident(t.name), strings.Join(names, ", "), strings.Join(sel, ", "), strings.Join(params, ", "),
		strings.Join(aliases, ", "), colID, strings.Join(sets, ", "))
}

// deleteSQL deletes the features whose IDs are in its array parameter.
func (t *table) deleteSQL() string {
	return fmt.Sprintf("DELETE FROM %s WHERE %s = ANY($1::text[])", ident(t.name), colID)
}

// loadSQL reads every row for Load, in the order of writeColumns.
func (t *table) loadSQL() string {
	names, _ := t.writeColumns()
	return fmt.Sprintf("SELECT %s FROM %s", strings.Join(names, ", "), ident(t.name))
}
