// Package postgis is Lookout's production store: a layers.Store and
// layers.Tracks on PostgreSQL with PostGIS, through a pgx connection pool.
//
// Each layer is a table named after it with a geometry(…, 4326) column
// under a GiST index and one typed column per schema property, so that a
// GIS analyst opens the same tables in QGIS. Every committed record is also
// appended to lookout_journal (the audit trail and the features' history),
// and every position of a tracked layer to lookout_track; both are written
// with COPY inside the transaction of the commit, so an acknowledged write
// is in all three.
//
// PostgreSQL keeps timestamps to the microsecond while Lookout's times
// carry nanoseconds; each time column has a smallint companion named
// <column>_ns holding the nanoseconds past the microsecond, so that times
// round-trip exactly.
//
// A lost connection is retried with backoff: a commit waits for the
// database up to Options.WriteTimeout, counted from the start of the
// outage, and then fails with an error. It never reports success for a
// batch that was not committed.
package postgis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"lookout/layers"
)

// Options configure a Store.
type Options struct {
	// Logger receives the store's messages (migrations, new tables and
	// columns, outages, load times); nil means slog.Default().
	Logger *slog.Logger
	// WriteTimeout bounds how long a write waits for an unreachable
	// database, counted from the start of the outage; 0 means 30 s. Open
	// waits as long for the database to come up.
	WriteTimeout time.Duration
	// MaxConns caps the pool's connections; 0 means pgxpool's default (the
	// pool_max_conns of the URL, or at least 4).
	MaxConns int32
}

// Store is a layers.Store and layers.Tracks on a PostgreSQL/PostGIS
// database.
//
// Locking: mu guards the layer tables Prepare sets and closed; it is held
// for writing only by Prepare and Close, so History and the track queries
// run beside a commit. commitMu serialises Commit (the World calls it from
// one goroutine anyway) and guards unsure. The pool is safe for concurrent
// use; outage has its own lock.
type Store struct {
	pool         *pgxpool.Pool
	log          *slog.Logger
	name         string // host:port/database, for messages (no password)
	writeTimeout time.Duration
	outage       outage
	stop         context.Context // cancelled by Close: ends waits for the database
	cancel       context.CancelFunc

	mu      sync.RWMutex
	tables  map[string]*table // by layer name, set by Prepare
	order   []*table          // the same, in the order of the definitions
	tracked []string          // names of the tracked layers, in that order
	closed  bool

	commitMu sync.Mutex
	// unsure is set when a commit failed in a way that may have happened
	// after PostgreSQL committed it (a connection lost during COMMIT); the
	// next commit then first looks whether its records are already there.
	unsure bool
}

var (
	_ layers.Store  = (*Store)(nil)
	_ layers.Tracks = (*Store)(nil)
)

// errClosed is returned by every method after Close.
var errClosed = errors.New("store closed")

// Open connects to the database at url (a PostgreSQL URL or key=value
// string), brings the store's schema up to date, and returns the store.
// It waits up to the write timeout for a database that is not up yet.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgis: open: parse URL: %w", err)
	}
	s := &Store{log: opt.Logger, writeTimeout: opt.WriteTimeout, tables: map[string]*table{}}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.writeTimeout <= 0 {
		s.writeTimeout = 30 * time.Second
	}
	s.name = fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	s.stop, s.cancel = context.WithCancel(context.Background())
	if cfg.ConnConfig.ConnectTimeout <= 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	oid, err := s.migrate(ctx, cfg)
	if err != nil {
		s.cancel()
		return nil, err
	}
	cfg.AfterConnect = registerGeometry(oid)
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		s.cancel()
		return nil, fmt.Errorf("postgis: open %s: %w", s.name, err)
	}
	return s, nil
}

// Close closes the pool: it ends any wait for the database and then waits
// for the connections in use to be released. Close is idempotent.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.pool.Close()
	return nil
}

// snapshot returns the prepared tables, or errClosed.
func (s *Store) snapshot() (map[string]*table, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, errClosed
	}
	return s.tables, nil
}

// fail formats an error of operation op on the store's database.
func (s *Store) fail(op string, err error) error {
	return fmt.Errorf("postgis: %s on %s: %w", op, s.name, err)
}
