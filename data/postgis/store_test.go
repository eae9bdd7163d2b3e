package postgis

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"lookout/data/postgis/pgtest"
	"lookout/data/storetest"
	"lookout/layers"
)

// TestMain closes the test binary's throwaway cluster after the tests.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// quiet discards the logs of stores opened by tests.
var quiet = slog.New(slog.DiscardHandler)

// open opens a store on dsn, failing t if it cannot.
func open(t testing.TB, dsn string, opt Options) *Store {
	t.Helper()
	if opt.Logger == nil {
		opt.Logger = quiet
	}
	s, err := Open(context.Background(), dsn, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// TestStore runs the shared store suite, each case on a fresh database.
func TestStore(t *testing.T) {
	pgtest.Require(t)
	storetest.Run(t, func(t *testing.T) func() layers.Store {
		dsn := pgtest.NewDatabase(t)
		return func() layers.Store { return open(t, dsn, Options{}) }
	})
}
