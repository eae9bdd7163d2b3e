package glyphs

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRangeGolden pins the bytes of one range, so that any change in
// rendering, metrics or encoding is noticed and reviewed.
func TestRangeGolden(t *testing.T) {
	got, err := shared.Range("Go Regular", 0, 255)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "go-regular-0-255.pbf.golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("0-255 of Go Regular differs from %s (%d bytes, golden %d); rerun with -update if intended", path, len(got), len(want))
	}
}
