package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lookout/data/firms"
	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server"
)

// samples are the FIRMS sample files of data/firms.
const samples = "../../../data/firms/testdata/"

// inProcess starts a real server over a World on a GeoPackage in a temp dir,
// in this process; maxItems caps a request's features (0: the default).
func inProcess(t *testing.T, maxItems int) (*httptest.Server, *layers.World) {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "lookout.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(w, server.Options{Logger: quiet, MaxItems: maxItems}))
	t.Cleanup(func() { srv.Close(); w.Close(); store.Close() })
	return srv, w
}

// lookout runs the lookout command in this process and returns its output.
func lookout(args ...string) (stdout, stderr string, err error) {
	var out, errs bytes.Buffer
	err = run(context.Background(), args, &out, &errs)
	return out.String(), errs.String(), err
}

func hotspot(t *testing.T, w *layers.World, id string) *layers.Feature {
	t.Helper()
	f, err := w.Feature("hotspots", id)
	if err != nil {
		t.Fatalf("hot spot %s: %v", id, err)
	}
	return f
}

func count(t *testing.T, w *layers.World) int {
	t.Helper()
	st, err := w.Stats("hotspots")
	if err != nil {
		t.Fatal(err)
	}
	return st.Count
}

// TestImportFIRMS imports VIIRS hot spots into a real server in batches,
// imports them again, and checks that nothing is duplicated and that an
// operator's verdict survives the re-import.
func TestImportFIRMS(t *testing.T) {
	srv, w := inProcess(t, 0)
	file := samples + "viirs_snpp_nrt.csv"
	out, errs, err := lookout("import", "firms", file, "--server", srv.URL, "--batch", "4")
	if err != nil || errs != "" {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	for _, want := range []string{"8 rows read", "6 hot spots written: 6 new, 0 updated; 0 already there", "2 outside Chongqing, skipped", "0 bad rows"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := count(t, w); n != 6 {
		t.Fatalf("%d hot spots on the server, want 6", n)
	}
	f := hotspot(t, w, "firms-snpp-202208220548-29.83612-106.38247")
	want := map[string]any{"district": "500109", "source": "viirs", "status": "new", "confidence": "high", "frp": 38.91,
		"brightness": 367.0, "scan_km": 0.39, "track_km": 0.44, "detected": utc("2022-08-22T05:48:00Z")}
	if !equalProps(f.Props, want) || f.Geometry.(interface{ Y() float64 }).Y() != 29.83612 {
		t.Errorf("hot spot %v %v, want %v", f.Geometry, f.Props, want)
	}

	// An operator verifies one; importing the file again writes nothing and keeps the verdict.
	verify(t, w, f)
	out, _, err = lookout("import", "firms", "--server", srv.URL, file)
	if err != nil || !strings.Contains(out, "0 hot spots written: 0 new, 0 updated; 6 already there unchanged") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	if n := count(t, w); n != 6 {
		t.Errorf("%d hot spots after re-import, want 6", n)
	}
	if s := hotspot(t, w, f.ID).Props["status"]; s != "verified" {
		t.Errorf("status %v after re-import, want verified", s)
	}

	// NASA reprocesses the row: the measurement is updated, the verdict kept.
	raw, _ := os.ReadFile(file)
	changed := filepath.Join(t.TempDir(), "changed.csv")
	os.WriteFile(changed, bytes.Replace(raw, []byte("312.45,38.91,D"), []byte("312.45,41.02,D"), 1), 0o600)
	out, _, err = lookout("import", "firms", changed, "--server", srv.URL)
	if err != nil || !strings.Contains(out, "1 hot spots written: 0 new, 1 updated; 5 already there") {
		t.Fatalf("import of a reprocessed file: %v\n%s", err, out)
	}
	if p := hotspot(t, w, f.ID).Props; p["status"] != "verified" || p["frp"] != 41.02 {
		t.Errorf("reprocessed hot spot %v, want status verified and frp 41.02", p)
	}
}

func utc(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func equalProps(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// verify sets a hot spot's status as an operator would.
func verify(t *testing.T, w *layers.World, f *layers.Feature) {
	t.Helper()
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Patch, Layer: "hotspots", ID: f.ID,
		Props: map[string]any{"status": "verified"}}})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportBadRows imports a file with bad rows: each is reported on
// stderr by its line, the good rows are written, and the import succeeds.
func TestImportBadRows(t *testing.T) {
	srv, w := inProcess(t, 0)
	out, errs, err := lookout("import", "firms", samples+"malformed.csv", "--server", srv.URL)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	wantLines := []string{"3: bright_ti4", "4: frp: missing", "6: latitude", "7: acq_date", "8: acq_time", "9: has 9 fields",
		"10: satellite", "11: confidence", "12: instrument", "13: daynight", "14: has 15 fields", "15: not valid CSV"}
	if len(lines) != len(wantLines) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(wantLines), errs)
	}
	for i, want := range wantLines {
		if !strings.HasPrefix(lines[i], samples+"malformed.csv: line "+want) || !strings.HasSuffix(lines[i], "; skipped") {
			t.Errorf("stderr line %d: %q, want line %s…; skipped", i, lines[i], want)
		}
	}
	if !strings.Contains(out, "14 rows read") || !strings.Contains(out, "2 new") || !strings.Contains(out, "12 bad rows skipped") {
		t.Errorf("summary:\n%s", out)
	}
	if n := count(t, w); n != 2 {
		t.Errorf("%d hot spots written, want 2", n)
	}
}

// TestImportOptions covers --clip=false, MODIS rows and a detection
// repeated within one file.
func TestImportOptions(t *testing.T) {
	srv, w := inProcess(t, 0)
	raw, _ := os.ReadFile(samples + "modis_nrt.csv")
	rows := strings.SplitAfter(string(raw), "\n")
	file := filepath.Join(t.TempDir(), "twice.csv")
	os.WriteFile(file, []byte(string(raw)+rows[1]), 0o600) // row 2 again, as line 7
	out, errs, err := lookout("import", "firms", file, "--server", srv.URL, "--clip=false")
	if err != nil || !strings.Contains(out, "5 new") || !strings.Contains(out, "1 outside Chongqing, kept without a district") ||
		!strings.Contains(out, "1 repeated detections skipped") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if !strings.Contains(errs, "line 7: the same detection as line 2") {
		t.Errorf("stderr %q does not report the repeated row", errs)
	}
	if p := hotspot(t, w, "firms-aqua-202208210537-30.66200-104.07310").Props; p["district"] != nil || p["source"] != "modis" || p["confidence"] != "71" {
		t.Errorf("hot spot outside Chongqing: %v", p)
	}
	if p := hotspot(t, w, "firms-aqua-202208211735-29.12550-107.15700").Props; p["district"] != "500119" || p["confidence"] != "27" {
		t.Errorf("MODIS hot spot in 南川区: %v", p)
	}
}

// TestImportFails checks that the import fails, never silently, when the
// file is not FIRMS, the server refuses a batch or cannot be reached.
func TestImportFails(t *testing.T) {
	srv, w := inProcess(t, 2) // at most 2 features a request
	notFIRMS := filepath.Join(t.TempDir(), "stalls.csv")
	os.WriteFile(notFIRMS, []byte("id,name,lon,lat\nst-1,菜市场,106.5,29.5\n"), 0o600)
	out, _, err := lookout("import", "firms", notFIRMS, "--server", srv.URL)
	if !errors.Is(err, firms.ErrNotFIRMS) || !strings.Contains(err.Error(), "missing columns latitude, longitude") || out != "" {
		t.Errorf("not FIRMS: %v, output %q", err, out)
	}
	out, _, err = lookout("import", "firms", samples+"viirs_snpp_nrt.csv", "--server", srv.URL, "--batch", "2")
	if err != nil {
		t.Fatalf("batches of 2: %v", err)
	}
	srv2, _ := inProcess(t, 2)
	out, _, err = lookout("import", "firms", samples+"viirs_snpp_nrt.csv", "--server", srv2.URL, "--batch", "3")
	if err == nil || !strings.Contains(err.Error(), "refused the batch of lines 2–4") || !strings.Contains(err.Error(), "400") {
		t.Errorf("refused batch: %v\n%s", err, out)
	}
	if _, _, err = lookout("import", "firms", samples+"viirs_snpp_nrt.csv", "--server", "http://127.0.0.1:1"); err == nil {
		t.Error("no server: no error")
	}
	if n := count(t, w); n != 6 {
		t.Errorf("%d hot spots, want 6", n)
	}
}

// TestImportServerError checks that an error answer without the API's body
// still fails the import with its status.
func TestImportServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"type":"FeatureCollection","features":[]}`)
		if r.Method == "POST" {
			panic(http.ErrAbortHandler)
		}
	}))
	defer srv.Close()
	if _, _, err := lookout("import", "firms", samples+"modis_nrt.csv", "--server", srv.URL); err == nil {
		t.Error("aborted POST: no error")
	}
}

func TestImportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"import"}, {"import", "shapes", "x.shp"}, {"import", "firms"}, {"import", "firms", "a.csv", "b.csv"},
		{"import", "firms", "a.csv", "--batch", "0"},
	} {
		if _, _, err := lookout(args...); err == nil || !strings.Contains(err.Error(), "usage: lookout import firms FILE.csv") {
			t.Errorf("%v: %v, want the usage", args, err)
		}
	}
	if _, _, err := lookout("import", "firms", "/no/such/file.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
