package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"lookout/layers"
)

// Prepare makes sure the database holds a table for every layer, with a
// column for every property and a GiST index on the geometry. It creates
// what is missing, adds columns for new properties, converts a column
// whose property changed type (with a warning; it fails if a value cannot
// be converted) and leaves columns of properties no longer in the schema
// alone. It runs in one transaction under the schema lock, so concurrent
// instances do not race, and is idempotent.
func (s *Store) Prepare(ctx context.Context, defs []*layers.Layer) error {
	if _, err := s.snapshot(); err != nil {
		return s.fail("prepare", err)
	}
	tables, order, tracked, err := newTables(defs)
	if err != nil {
		return s.fail("prepare", err)
	}
	converted := false
	err = s.retry(ctx, "prepare", func(ctx context.Context) error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
				return err
			}
			for _, t := range order {
				if err := s.createTable(ctx, tx, t, &converted); err != nil {
					return fmt.Errorf("layer %s: %w", t.name, err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if converted {
		// Connections cache prepared statements whose result types the
		// conversion changed; new connections prepare them afresh.
		s.pool.Reset()
	}
	s.mu.Lock()
	s.tables, s.order, s.tracked = tables, order, tracked
	s.mu.Unlock()
	return nil
}

// newTables works out the tables of defs: by layer name, in order, and the
// names of the tracked layers.
func newTables(defs []*layers.Layer) (map[string]*table, []*table, []string, error) {
	tables := make(map[string]*table, len(defs))
	order := make([]*table, 0, len(defs))
	tracked := []string{} // not nil: Visitors tells "none" from "not prepared"
	for _, d := range defs {
		t, err := newTable(d)
		if err != nil {
			return nil, nil, nil, err
		}
		if _, dup := tables[d.Name]; dup {
			return nil, nil, nil, permanent(fmt.Errorf("layer %q defined twice", d.Name))
		}
		tables[d.Name] = t
		order = append(order, t)
		if d.Track {
			tracked = append(tracked, d.Name)
		}
	}
	return tables, order, tracked, nil
}

// createTable creates t's table if it is missing, or brings its columns
// up to date, and makes sure of its index and description. It sets
// *converted when it changed a column's type.
func (s *Store) createTable(ctx context.Context, tx pgx.Tx, t *table, converted *bool) error {
	have, err := columnsOf(ctx, tx, t.name)
	if err != nil {
		return err
	}
	if len(have) == 0 {
		if _, err := tx.Exec(ctx, t.createSQL()); err != nil {
			return fmt.Errorf("create table: %w", err)
		}
		s.log.Info("postgis: created layer table", "table", t.name, "columns", len(t.cols))
	} else if err := s.alterColumns(ctx, tx, t, have, converted); err != nil {
		return err
	}
	for _, q := range []string{t.indexSQL(), t.commentSQL()} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// alterColumns adds the columns t needs that the existing table (whose
// column types by name are have) lacks, and converts those whose type is
// not the property's, setting *converted.
func (s *Store) alterColumns(ctx context.Context, tx pgx.Tx, t *table, have map[string]string, converted *bool) error {
	for _, fixed := range []string{colID, colGeom, colVersion, colUpdated, colUpdatedNS} {
		if _, ok := have[fixed]; !ok {
			return permanent(fmt.Errorf("existing table %s has no %s column; is it Lookout's?", t.name, fixed))
		}
	}
	for _, c := range t.cols {
		want := map[string]string{c.name: c.typ}
		if c.ns != "" {
			want[c.ns] = "smallint"
		}
		for name, typ := range want {
			got, ok := have[name]
			q := fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", ident(t.name), ident(name), typ)
			switch {
			case !ok:
				s.log.Info("postgis: adding column", "table", t.name, "column", name, "type", typ)
			case got != typ:
				q = fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s::%s",
					ident(t.name), ident(name), typ, ident(name), typ)
				*converted = true
				s.log.Warn("postgis: converting a column to its property's new type",
					"table", t.name, "column", name, "from", got, "to", typ)
			default:
				continue
			}
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("column %s: %w", name, err)
			}
		}
	}
	return nil
}

// columnsOf returns the columns of a table with their types as
// format_type() spells them; none when the table does not exist.
func columnsOf(ctx context.Context, tx pgx.Tx, name string) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
		WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`, ident(name))
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", name, err)
	}
	cols := map[string]string{}
	var n, typ string
	_, err = pgx.ForEachRow(rows, []any{&n, &typ}, func() error { cols[n] = typ; return nil })
	if err != nil {
		return nil, fmt.Errorf("read columns of %s: %w", name, err)
	}
	return cols, nil
}
