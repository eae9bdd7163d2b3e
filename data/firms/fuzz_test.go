package firms

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to Parse, seeded with the sample files.
// It must never panic, and every data row must come out as exactly one hot
// spot or one RowError, in file order, each of them sane.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
		f.Add(append([]byte("\uFEFF"), bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		hs, bad, err := Parse(bytes.NewReader(in))
		if err != nil {
			if len(hs)+len(bad) != 0 {
				t.Fatalf("rows returned with the error %v", err)
			}
			return
		}
		last := 0
		i, j := 0, 0
		for i < len(hs) || j < len(bad) { // merge by line: file order, one item per line at most
			var line int
			if j >= len(bad) || (i < len(hs) && hs[i].Line < bad[j].Line) {
				checkHotspot(t, hs[i])
				line = hs[i].Line
				i++
			} else {
				if bad[j].Reason == "" {
					t.Fatalf("row error without a reason: %+v", bad[j])
				}
				line = bad[j].Line
				j++
			}
			if line <= last || line < 2 {
				t.Fatalf("row on line %d after line %d", line, last)
			}
			last = line
		}
		if n := dataLines(in); !bytes.ContainsRune(in, '"') && len(hs)+len(bad) != n {
			t.Fatalf("%d hot spots and %d row errors from %d data lines", len(hs), len(bad), n)
		}
	})
}

// dataLines counts the non-empty lines after the header, as encoding/csv
// sees them when nothing is quoted.
func dataLines(in []byte) int {
	s := strings.TrimPrefix(string(in), "\uFEFF")
	n := -1 // the header
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSuffix(line, "\r") != "" {
			n++
		}
	}
	return max(n, 0)
}

// checkHotspot checks what Parse promises of a hot spot it returns.
func checkHotspot(t *testing.T, h Hotspot) {
	t.Helper()
	ok := h.Lat >= -90 && h.Lat <= 90 && h.Lon >= -180 && h.Lon <= 180 &&
		h.ScanKM > 0 && h.TrackKM > 0 && h.FRP >= 0 && h.Brightness > 0 && !math.IsNaN(h.BrightnessLW) &&
		(h.Source == VIIRS || h.Source == MODIS) && (h.Class == Low || h.Class == Nominal || h.Class == High) &&
		!h.Detected.IsZero() && (h.DayNight == "" || h.DayNight == "D" || h.DayNight == "N")
	if !ok {
		t.Fatalf("line %d: implausible hot spot %+v", h.Line, h)
	}
	id := h.ID()
	if len(id) > 128 || !utf8.ValidString(id) || strings.ContainsAny(id, "/ \t\n") {
		t.Fatalf("line %d: unusable ID %q", h.Line, id)
	}
	for _, c := range h.Footprint()[0] {
		if math.IsNaN(c[0]) || math.IsNaN(c[1]) || c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
			t.Fatalf("line %d: footprint corner %v", h.Line, c)
		}
	}
}
