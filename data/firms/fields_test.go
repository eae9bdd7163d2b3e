package firms

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

const viirsHeader = "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_ti5,frp,daynight\n"

// one parses a single VIIRS row whose fields are given by name over a good
// default row.
func one(t *testing.T, header string, set map[string]string) (Hotspot, *RowError) {
	t.Helper()
	def := map[string]string{"latitude": "29.5", "longitude": "106.5", "bright_ti4": "330.1", "scan": "0.4", "track": "0.4",
		"acq_date": "2022-08-21", "acq_time": "0607", "satellite": "N", "instrument": "VIIRS", "confidence": "n",
		"version": "2.0NRT", "bright_ti5": "300.2", "frp": "4.5", "daynight": "D", "brightness": "330.1", "bright_t31": "300.2"}
	for k, v := range set {
		def[k] = v
	}
	var row []string
	for _, col := range strings.Split(strings.TrimSpace(header), ",") {
		row = append(row, def[col])
	}
	hs, bad, err := Parse(strings.NewReader(header + strings.Join(row, ",") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(hs)+len(bad) != 1 {
		t.Fatalf("%d hot spots and %d errors from one row", len(hs), len(bad))
	}
	if len(bad) == 1 {
		return Hotspot{}, &bad[0]
	}
	return hs[0], nil
}

func TestAcqTime(t *testing.T) {
	good := map[string]string{"0607": "06:07", "607": "06:07", "7": "00:07", "0": "00:00", "2359": "23:59", "06:07": "06:07", " 1812 ": "18:12"}
	for in, want := range good {
		h, re := one(t, viirsHeader, map[string]string{"acq_time": in})
		if re != nil || h.Detected.Format("15:04") != want || h.Detected.Format("2006-01-02") != "2022-08-21" {
			t.Errorf("acq_time %q: %v %v, want %s", in, h.Detected, re, want)
		}
	}
	for _, in := range []string{"2400", "0660", "12345", "-1", "+100", "6h07", "", "0x10"} {
		if _, re := one(t, viirsHeader, map[string]string{"acq_time": in}); re == nil || re.Field != "acq_time" {
			t.Errorf("acq_time %q: %v, want an acq_time error", in, re)
		}
	}
	for _, in := range []string{"2022-02-30", "21/08/2022", "2022-8-21", "20220821"} {
		if _, re := one(t, viirsHeader, map[string]string{"acq_date": in}); re == nil || re.Field != "acq_date" {
			t.Errorf("acq_date %q: %v, want an acq_date error", in, re)
		}
	}
}

func TestConfidence(t *testing.T) {
	modis := strings.ReplaceAll(strings.ReplaceAll(viirsHeader, "bright_ti4", "brightness"), "bright_ti5", "bright_t31")
	classes := map[string]Class{"0": Low, "29": Low, "30": Nominal, "79": Nominal, "80": High, "100": High}
	for in, want := range classes {
		h, re := one(t, modis, map[string]string{"satellite": "A", "instrument": "MODIS", "confidence": in})
		if re != nil || h.Class != want || h.Confidence != in || h.Source != MODIS || h.Satellite != Aqua {
			t.Errorf("MODIS confidence %s: %+v %v, want class %s", in, h, re, want)
		}
	}
	for _, in := range []string{"101", "-1", "h", "85.5", "+5"} {
		if _, re := one(t, modis, map[string]string{"satellite": "Terra", "instrument": "MODIS", "confidence": in}); re == nil || re.Field != "confidence" {
			t.Errorf("MODIS confidence %q: %v, want a confidence error", in, re)
		}
	}
	for in, want := range map[string]Class{"l": Low, "n": Nominal, "h": High, "H": High, "nominal": Nominal} {
		if h, re := one(t, viirsHeader, map[string]string{"confidence": in}); re != nil || h.Class != want || h.Confidence != in {
			t.Errorf("VIIRS confidence %q: %+v %v, want %s", in, h, re, want)
		}
	}
}

// TestNumbers checks the range of each measured column.
func TestNumbers(t *testing.T) {
	bad := []struct{ col, v string }{
		{"latitude", "-90.1"}, {"longitude", "180.5"}, {"longitude", "NaN"}, {"frp", "Inf"}, {"frp", "-0.1"},
		{"scan", "0"}, {"track", "12"}, {"bright_ti4", "20"}, {"bright_ti5", "x"}, {"frp", "1e400"}, {"frp", "0x1p3"},
	}
	for _, b := range bad {
		if _, re := one(t, viirsHeader, map[string]string{b.col: b.v}); re == nil || re.Field != b.col {
			t.Errorf("%s=%q: %v, want an error on %s", b.col, b.v, re, b.col)
		}
	}
	// Columns in another order, without the optional ones.
	h, re := one(t, "frp,confidence,satellite,acq_time,acq_date,track,scan,bright_ti4,longitude,latitude\n", nil)
	if re != nil || h.Lat != 29.5 || h.Lon != 106.5 || h.FRP != 4.5 || h.BrightnessLW != 0 || h.DayNight != "" || h.Source != VIIRS {
		t.Errorf("reordered, minimal columns: %+v %v", h, re)
	}
}

func TestID(t *testing.T) {
	h := Hotspot{Satellite: NOAA20, Detected: utc("2022-08-22 04:58"), Lat: 29.834081, Lon: 106.380114}
	if got, want := h.ID(), "firms-noaa20-202208220458-29.83408-106.38011"; got != want {
		t.Errorf("ID %s, want %s", got, want)
	}
	h.Lat, h.Lon = -0.000001, -73.5
	if got, want := h.ID(), "firms-noaa20-202208220458-0.00000--73.50000"; got != want {
		t.Errorf("ID %s, want %s", got, want)
	}
	// Every sample detection has its own ID, and reading again gives the same.
	seen := map[string]int{}
	for _, file := range []string{"viirs_snpp_nrt.csv", "viirs_noaa20_nrt.csv", "modis_nrt.csv", "modis_archive.csv"} {
		hs, _ := parseFile(t, file)
		again, _ := parseFile(t, file)
		for i, h := range hs {
			if again[i].ID() != h.ID() {
				t.Errorf("%s line %d: ID %s then %s", file, h.Line, h.ID(), again[i].ID())
			}
			seen[h.ID()]++
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("%s given to %d detections", id, n)
		}
	}
}

// TestFootprint checks that the footprint is scan × track on the ground.
func TestFootprint(t *testing.T) {
	for _, h := range []Hotspot{
		{Lat: 29.83612, Lon: 106.38247, ScanKM: 0.39, TrackKM: 0.44},
		{Lat: 31.1, Lon: 109.5, ScanKM: 4.8, TrackKM: 2.0},
		{Lat: -12, Lon: 131, ScanKM: 1, TrackKM: 1},
	} {
		p := h.Footprint()
		r := p[0]
		if len(p) != 1 || len(r) != 5 || r[0] != r[4] || r.Orientation() != orb.CCW {
			t.Fatalf("footprint %v: want one closed counter-clockwise ring of 4 corners", p)
		}
		scan, track := spatial.Distance(r[0], r[1])/1000, spatial.Distance(r[1], r[2])/1000
		if math.Abs(scan-h.ScanKM) > 0.005*h.ScanKM || math.Abs(track-h.TrackKM) > 0.005*h.TrackKM {
			t.Errorf("%+v: footprint %.3f × %.3f km", h, scan, track)
		}
		if c := p.Bound().Center(); math.Abs(c[0]-h.Lon) > 1e-9 || math.Abs(c[1]-h.Lat) > 1e-9 {
			t.Errorf("%+v: footprint centred on %v", h, c)
		}
	}
	polar := Hotspot{Lat: 90, Lon: 179.999, ScanKM: 1, TrackKM: 1}.Footprint()
	for _, c := range polar[0] {
		if c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 || math.IsNaN(c[0]) {
			t.Errorf("polar footprint corner %v out of range", c)
		}
	}
}

// TestRows checks the streaming reader's count of rows read.
func TestRows(t *testing.T) {
	r, err := NewReader(strings.NewReader(viirsHeader + "1,2\n\n3,4\n"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := r.Read(); errors.Is(err, io.EOF) {
			break
		}
	}
	if r.Rows() != 2 {
		t.Errorf("Rows %d, want 2", r.Rows())
	}
}
