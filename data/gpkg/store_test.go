package gpkg

import (
	"log/slog"
	"path/filepath"
	"testing"

	"lookout/data/storetest"
	"lookout/layers"
)

// quiet discards the logs of stores opened by tests.
var quiet = slog.New(slog.DiscardHandler)

// TestStore runs the shared store suite on a GeoPackage in a temporary
// directory.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func() layers.Store {
		path := filepath.Join(t.TempDir(), "lookout.gpkg")
		return func() layers.Store {
			s, err := Open(path, Options{Logger: quiet})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			return s
		}
	})
}
