package postgis

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Names of the store's own tables.
const (
	journalTable    = "lookout_journal"
	trackTable      = "lookout_track"
	migrationsTable = "lookout_migrations"
)

// migrationLock is the key of the advisory lock under which migrations and
// Prepare change the schema, so that two Lookout instances starting at once
// do not race.
const migrationLock = 0x4c6f6f6b6f7574 // "Lookout"

// migrationFiles are the store's schema versions: migrations/NNNN_name.sql
// brings a database from version NNNN-1 to NNNN. Add files; never edit one
// that has shipped.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema version.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order, checking
// that they are numbered 1, 2, 3… without gaps.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for i, n := range names { // fs.Glob sorts them
		base := path.Base(n)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s is not number %d", base, i+1)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(b)})
	}
	return out, nil
}

// migrate brings the database to the newest schema version, on a
// connection of its own (the pool is made afterwards, knowing the OID of
// PostGIS's geometry type, which migration 1 may create). It waits for a
// database that is not up yet, and returns the geometry type's OID.
func (s *Store) migrate(ctx context.Context, cfg *pgxpool.Config) (uint32, error) {
	ms, err := migrations()
	if err != nil {
		return 0, fmt.Errorf("postgis: migrations: %w", err)
	}
	var oid uint32
	err = s.retry(ctx, "migrate", func(ctx context.Context) error {
		conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig.Copy())
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return s.applyMigrations(ctx, tx, ms) }); err != nil {
			return err
		}
		return conn.QueryRow(ctx, "SELECT 'geometry'::regtype::oid").Scan(&oid)
	})
	return oid, err
}

// applyMigrations applies, in tx, the migrations the database lacks.
func (s *Store) applyMigrations(ctx context.Context, tx pgx.Tx, ms []migration) error {
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+migrationsTable+` (
		version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return err
	}
	var have int
	if err := tx.QueryRow(ctx, "SELECT COALESCE(max(version), 0) FROM "+migrationsTable).Scan(&have); err != nil {
		return err
	}
	if have > len(ms) {
		return permanent(fmt.Errorf("schema version %d is newer than this Lookout's %d", have, len(ms)))
	}
	for _, m := range ms[have:] {
		// The simple protocol runs a file of several statements.
		if _, err := tx.Conn().PgConn().Exec(ctx, m.sql).ReadAll(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO "+migrationsTable+" (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			return err
		}
		s.log.Info("postgis: migrated store schema", "db", s.name, "version", m.version, "name", m.name)
	}
	return nil
}
