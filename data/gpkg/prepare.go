package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"lookout/layers"
)

// Prepare makes sure the file holds a feature table for every layer, with
// a column for every property, registered in gpkg_contents and
// gpkg_geometry_columns. It creates what is missing, adds columns for new
// properties (ALTER TABLE ADD COLUMN) and leaves columns of properties no
// longer in the schema alone. It is idempotent.
func (s *Store) Prepare(ctx context.Context, defs []*layers.Layer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.errClosed("prepare")
	}
	tables := make(map[string]*table, len(defs))
	order := make([]*table, 0, len(defs))
	lower := map[string]string{}
	for _, d := range defs {
		t, err := newTable(d)
		if err != nil {
			return fmt.Errorf("gpkg: prepare: %w", err)
		}
		if other, dup := lower[strings.ToLower(d.Name)]; dup {
			return fmt.Errorf("gpkg: prepare: layers %q and %q would share a table", other, d.Name)
		}
		lower[strings.ToLower(d.Name)] = d.Name
		tables[d.Name] = t
		order = append(order, t)
	}
	err := s.inTx(ctx, "prepare", func(tx *sql.Tx) error {
		for _, d := range defs {
			if err := s.createTable(ctx, tx, tables[d.Name]); err != nil {
				return fmt.Errorf("layer %s: %w", d.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := s.prepareTable(ctx, t); err != nil {
			for _, t := range tables {
				t.close()
			}
			return err
		}
	}
	for _, t := range s.tables {
		t.close()
	}
	s.tables, s.order, s.tracked = tables, order, trackedNames(defs)
	return nil
}

// trackedNames returns the names of the tracked layers of defs, never nil.
func trackedNames(defs []*layers.Layer) []string {
	names := []string{}
	for _, d := range defs {
		if d.Track {
			names = append(names, d.Name)
		}
	}
	return names
}

// createTable creates t's table if it is missing, adds missing columns and
// registers it.
func (s *Store) createTable(ctx context.Context, tx *sql.Tx, t *table) error {
	have, err := columnsOf(ctx, tx, t.name)
	if err != nil {
		return err
	}
	if len(have) == 0 {
		if _, err := tx.ExecContext(ctx, t.createSQL()); err != nil {
			return fmt.Errorf("create table: %w", err)
		}
		s.log.Info("gpkg: created feature table", "table", t.name, "columns", len(t.cols))
	} else if err := s.addColumns(ctx, tx, t, have); err != nil {
		return err
	}
	desc := strings.TrimSpace(t.def.Title.Zh + " " + t.def.Title.En)
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO gpkg_contents
		(table_name, data_type, identifier, description, last_change, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?)`, t.name, t.name, desc, contentsTime(s.now()), SRS); err != nil {
		return fmt.Errorf("register in gpkg_contents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO gpkg_geometry_columns
		(table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)`,
		t.name, colGeom, geometryType(t.def.Geometry), SRS); err != nil {
		return fmt.Errorf("register in gpkg_geometry_columns: %w", err)
	}
	return nil
}

// addColumns adds the columns t needs that the existing table (whose
// lower-cased column names and declared types are have) lacks. A column
// whose declared type differs from the schema's (a property whose type
// changed) is kept and read by the new type, with a warning: SQLite cannot
// change a column's type in place, and its values are dynamically typed.
func (s *Store) addColumns(ctx context.Context, tx *sql.Tx, t *table, have map[string]string) error {
	for _, fixed := range []string{colID, colGeom, colVersion, colUpdated} {
		if _, ok := have[fixed]; !ok {
			return fmt.Errorf("existing table %s has no %s column; is it Lookout's?", t.name, fixed)
		}
	}
	for _, c := range t.cols {
		typ, ok := have[strings.ToLower(c.name)]
		if ok {
			if !strings.EqualFold(typ, c.typ) {
				s.log.Warn("gpkg: column has another type than its property; values are read as the property's type",
					"table", t.name, "column", c.name, "declared", typ, "want", c.typ)
			}
			continue
		}
		q := fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", quote(t.name), quote(c.name), c.typ)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("add column %s: %w", c.name, err)
		}
		s.log.Info("gpkg: added column", "table", t.name, "column", c.name, "type", c.typ)
	}
	return nil
}

// columnsOf returns the lower-cased column names of a table and their
// declared types; none when the table does not exist.
func columnsOf(ctx context.Context, tx *sql.Tx, name string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name, type FROM pragma_table_info(?)", name)
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", name, err)
	}
	defer rows.Close()
	cols := map[string]string{}
	for rows.Next() {
		var n, typ string
		if err := rows.Scan(&n, &typ); err != nil {
			return nil, fmt.Errorf("read columns of %s: %w", name, err)
		}
		cols[strings.ToLower(n)] = typ
	}
	return cols, rows.Err()
}

// prepareTable prepares t's statements.
func (s *Store) prepareTable(ctx context.Context, t *table) error {
	queries := []struct {
		st **sql.Stmt
		q  string
	}{
		{&t.update, t.updateSQL()},
		{&t.insert, t.insertSQL()},
		{&t.delete, fmt.Sprintf("DELETE FROM %s WHERE %s = ?", quote(t.name), colID)},
	}
	for _, q := range queries {
		st, err := s.db.PrepareContext(ctx, q.q)
		if err != nil {
			t.close()
			return fmt.Errorf("gpkg: prepare statements of %s: %w", t.name, err)
		}
		*q.st = st
	}
	t.args = make([]any, 4+len(t.cols))
	return nil
}
