package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// template is the database every new test database is copied from: it has
// PostGIS already, which takes far longer to create than a copy does.
const template = "lookout_template"

// shared is the one cluster of a test binary, started by the first test
// that needs it and closed by Main.
var shared struct {
	once    sync.Once
	cluster *Cluster
	admin   string // URL of the maintenance database
	err     error
}

// serial numbers the databases a test binary makes.
var serial atomic.Int64

// Main runs the tests of a package (call it from TestMain) and closes the
// shared cluster afterwards:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if shared.cluster != nil {
		if err := shared.cluster.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	return code
}

// Unavailable skips tb loudly, or fails it when LOOKOUT_REQUIRE_ALL=1,
// because PostgreSQL/PostGIS cannot be had: why says what is missing.
func Unavailable(tb testing.TB, why error) {
	tb.Helper()
	if os.Getenv("LOOKOUT_REQUIRE_ALL") == "1" {
		tb.Fatalf("PostgreSQL/PostGIS required (LOOKOUT_REQUIRE_ALL=1) but unavailable: %v", why)
	}
	tb.Log(why)
	tb.Skip(SkipMessage)
}

// Require skips tb loudly (or fails it, with LOOKOUT_REQUIRE_ALL=1) unless
// NewDatabase can make databases: call it first in a test that runs many
// subtests, so that it skips once rather than in every subtest.
func Require(tb testing.TB) {
	tb.Helper()
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return
	}
	shared.once.Do(startShared)
	if shared.err != nil {
		Unavailable(tb, shared.err)
	}
}

// NewDatabase returns the URL of a fresh database with PostGIS, dropped
// when tb ends. It is on the server of TEST_DATABASE_URL when that is set,
// else on the test binary's shared throwaway cluster.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	Require(tb)
	admin, fromTemplate := os.Getenv("TEST_DATABASE_URL"), false
	if admin == "" {
		admin, fromTemplate = shared.admin, true
	}
	name := fmt.Sprintf("lookout_test_%d_%d", os.Getpid(), serial.Add(1))
	dsn, err := createDatabase(admin, name, fromTemplate)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		if err := runSQL(admin, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			tb.Logf("pgtest: drop %s: %v", name, err)
		}
	})
	return dsn
}

// Own starts a cluster of tb's own, closed when tb ends, for tests that
// stop and start the server; it always needs the binaries, even with
// TEST_DATABASE_URL set. Its database "postgres" has PostGIS.
func Own(tb testing.TB, opt Options) *Cluster {
	tb.Helper()
	if _, err := findInstall(); err != nil {
		Unavailable(tb, err)
	}
	c, err := StartCluster(opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	if err := runSQL(c.DSN("postgres"), "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return c
}

// startShared starts the shared cluster and makes its template database.
func startShared() {
	c, err := StartCluster(Options{})
	if err != nil {
		shared.err = err
		return
	}
	shared.cluster, shared.admin = c, c.DSN("postgres")
	if err := runSQL(shared.admin, "CREATE DATABASE "+ident(template)); err != nil {
		shared.err = err
		return
	}
	shared.err = runSQL(c.DSN(template), "CREATE EXTENSION postgis")
}

// createDatabase creates database name on the server of admin, as a copy
// of the template or with PostGIS created in it, and returns its URL.
func createDatabase(admin, name string, fromTemplate bool) (string, error) {
	q := "CREATE DATABASE " + ident(name)
	if fromTemplate {
		q += " TEMPLATE " + ident(template)
	}
	if err := runSQL(admin, q); err != nil {
		return "", err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", admin, err)
	}
	u.Path = "/" + name
	dsn := u.String()
	if !fromTemplate {
		if err := runSQL(dsn, "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
			return "", err
		}
	}
	return dsn, nil
}

// runSQL runs one statement on its own connection to dsn.
func runSQL(dsn, q string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// ident quotes an SQL identifier.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
