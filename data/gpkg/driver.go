package gpkg

import (
	"database/sql"
	"fmt"
	"net/url"

	// The SQLite driver, chosen by measurement (driver_bench_test.go): the
	// cgo driver, which vendors the SQLite amalgamation, commits and loads
	// markedly faster than the pure-Go translation. cgo is needed anyway
	// for H3.
	"github.com/mattn/go-sqlite3"
)

// defaultDriver is the database/sql driver name the store uses: mattn's
// driver with the GeoPackage SQL functions registered on every connection.
const defaultDriver = "lookout-sqlite3"

func init() {
	sql.Register(defaultDriver, &sqlite3.SQLiteDriver{ConnectHook: registerFunctions})
}

// dsns builds, for each driver the store can run on, the connection string
// that applies the store's per-connection settings on every connection the
// pool opens, so that they cannot be lost when database/sql replaces a
// connection. The driver benchmark adds the candidate it compares against.
var dsns = map[string]func(path string, c connSettings) string{
	defaultDriver: mattnDSN,
}

// connSettings are the per-connection pragmas of every store connection.
type connSettings struct {
	busyTimeoutMS int64
	cacheKiB      int
	// queryOnly makes the connections refuse writes: the store's pool of
	// readers (Store.rdb).
	queryOnly bool
}

// mattnDSN is the connection string of github.com/mattn/go-sqlite3.
//
// journal_mode=WAL lets a reader (a QGIS user, a future history query) work
// while the store writes. synchronous=FULL makes SQLite fsync the WAL at
// every commit: with NORMAL, WAL mode syncs only at checkpoints, so a power
// cut can lose the last committed transactions, and the World acknowledges
// a write as durable as soon as Commit returns. Group commit (one Commit
// per batch of many callers' changes) is what pays for the fsync.
// _txlock=immediate takes the write lock at BEGIN, so a commit never fails
// half-way on a lock upgrade.
func mattnDSN(path string, c connSettings) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", fmt.Sprint(c.busyTimeoutMS))
	q.Set("_txlock", "immediate")
	q.Set("_cache_size", fmt.Sprint(-c.cacheKiB))
	if c.queryOnly {
		q.Set("_query_only", "true")
		q.Del("_txlock")
	}
	return fileURI(path) + "?" + q.Encode()
}

// fileURI is path as an SQLite file: URI, escaped so that '?' or '#' in a
// directory name cannot end the path early.
func fileURI(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath()
}
