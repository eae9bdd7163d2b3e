// Package gpkg is Lookout's embedded store: a layers.Store on one
// GeoPackage file, the OGC single-file GIS format (SQLite) that GDAL and
// QGIS open directly.
//
// Each layer is a feature table named after it, with one typed column per
// schema property, so an analyst sees real attributes. Every committed
// change is also appended to the journal table (lookout_journal), the
// audit history that WebSocket resume reads, and every position of a
// tracked layer to the track table (lookout_track, track.go), which replay
// and space-time queries read. Commits are durable when they return: the
// file is in WAL mode with synchronous=FULL.
package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"lookout/layers"
)

// Options configure a Store.
type Options struct {
	// Logger receives the store's few messages (migrations, new tables and
	// columns, load times); nil means slog.Default().
	Logger *slog.Logger
	// BusyTimeout is how long a statement waits for another process (a QGIS
	// user editing the file) to release its lock; 0 means 5 s.
	BusyTimeout time.Duration
	// CacheKiB is SQLite's page cache per connection; 0 means 64 MiB, enough
	// to keep the id indexes of a million features hot for upserts.
	CacheKiB int

	driver string // database/sql driver name; tests compare drivers
}

// Store is a layers.Store on one GeoPackage file, and its layers.Tracks.
//
// The World calls Prepare, Load, Commit and Close one at a time (Commit from
// its single committer goroutine); s.mu serialises them all the same, so
// misuse is safe rather than a data race. The database has one writing
// connection: the store is its only writer, and SQLite writes one
// transaction at a time. Track and Visitors read through a small pool of
// query-only connections instead, which WAL lets read while the writer
// commits, so that a long replay or space-time query never holds up a
// commit.
type Store struct {
	path string
	log  *slog.Logger
	now  func() time.Time
	rdb  *sql.DB // the readers; set by Open, closed by Close

	mu      sync.Mutex // guards everything below
	db      *sql.DB
	tables  map[string]*table // by layer name, set by Prepare
	order   []*table          // the same, in the order of the layer definitions
	extents map[string]extent // by layer name, set by Load, grown by Commit
	journal *sql.Stmt         // insert into the journal
	touch   *sql.Stmt         // update a table's gpkg_contents row
	// trackInsert adds a track point.
	trackInsert *sql.Stmt
	// tracked names the prepared layers whose positions are tracked: nil
	// before Prepare, when Visitors looks at every layer with points.
	tracked []string
	closed  bool
}

var (
	_ layers.Store  = (*Store)(nil)
	_ layers.Tracks = (*Store)(nil)
)

// readers is how many query-only connections Track and Visitors share.
const readers = 4

// Open opens, creating it if need be, the GeoPackage at path, and brings
// its schema up to date.
func Open(path string, opt Options) (*Store, error) {
	s := &Store{path: path, log: opt.Logger, now: time.Now, tables: map[string]*table{}, extents: map[string]extent{}}
	if s.log == nil {
		s.log = slog.Default()
	}
	driver := opt.driver
	if driver == "" {
		driver = defaultDriver
	}
	dsn, ok := dsns[driver]
	if !ok {
		return nil, fmt.Errorf("gpkg: open %s: no SQLite driver %q", path, driver)
	}
	c := connSettings{busyTimeoutMS: opt.BusyTimeout.Milliseconds(), cacheKiB: opt.CacheKiB}
	if c.busyTimeoutMS <= 0 {
		c.busyTimeoutMS = 5000
	}
	if c.cacheKiB <= 0 {
		c.cacheKiB = 64 << 10
	}
	if err := s.openPools(driver, dsn, c); err != nil {
		return nil, err
	}
	ctx := context.Background()
	for _, step := range []func(context.Context) error{s.checkDurable, s.migrate, s.prepareShared, s.readTrackExtent} {
		if err := step(ctx); err != nil {
			s.rdb.Close()
			s.db.Close()
			return nil, err
		}
	}
	return s, nil
}

// openPools opens the writer, one connection, and the pool of query-only
// readers, with the connection strings dsn makes.
func (s *Store) openPools(driver string, dsn func(string, connSettings) string, c connSettings) error {
	db, err := sql.Open(driver, dsn(s.path, c))
	if err != nil {
		return fmt.Errorf("gpkg: open %s: %w", s.path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	c.queryOnly = true
	rdb, err := sql.Open(driver, dsn(s.path, c))
	if err != nil {
		db.Close()
		return fmt.Errorf("gpkg: open readers of %s: %w", s.path, err)
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	s.db, s.rdb = db, rdb
	return nil
}

// checkDurable verifies that the connection really is in WAL mode with
// synchronous=FULL, the settings the durability promise rests on, rather
// than trusting the driver to have applied its connection string.
func (s *Store) checkDurable(ctx context.Context) error {
	var mode string
	var syncMode int
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("gpkg: open %s: %w", s.path, err)
	}
	if err := s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&syncMode); err != nil {
		return fmt.Errorf("gpkg: open %s: %w", s.path, err)
	}
	if mode != "wal" || syncMode != 2 {
		return fmt.Errorf("gpkg: open %s: journal_mode=%s synchronous=%d, want wal and 2 (FULL)", s.path, mode, syncMode)
	}
	return nil
}

// prepareShared prepares the statements that do not depend on the layers.
func (s *Store) prepareShared(ctx context.Context) error {
	var err error
	s.journal, err = s.db.PrepareContext(ctx, `INSERT INTO `+Journal+
		` (seq, at, layer, feature_id, op, event, stale, time, geom, props, actor) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("gpkg: prepare journal insert: %w", err)
	}
	s.touch, err = s.db.PrepareContext(ctx, `UPDATE gpkg_contents SET last_change = ?,
		min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`)
	if err != nil {
		return fmt.Errorf("gpkg: prepare contents update: %w", err)
	}
	s.trackInsert, err = s.db.PrepareContext(ctx, trackInsertSQL)
	if err != nil {
		return fmt.Errorf("gpkg: prepare track insert: %w", err)
	}
	return nil
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close closes the file. The last connection to close, the writer's,
// checkpoints the WAL into the main file, so the .gpkg is whole on its own
// afterwards. Close is idempotent.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	for _, t := range s.tables {
		t.close()
	}
	for _, st := range []*sql.Stmt{s.journal, s.touch, s.trackInsert} {
		if st != nil {
			st.Close()
		}
	}
	if s.rdb != nil {
		if err := s.rdb.Close(); err != nil {
			s.db.Close()
			return fmt.Errorf("gpkg: close readers of %s: %w", s.path, err)
		}
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("gpkg: close %s: %w", s.path, err)
	}
	return nil
}

// errClosed is returned by every method after Close.
func (s *Store) errClosed(op string) error {
	return fmt.Errorf("gpkg: %s %s: store closed", op, s.path)
}
