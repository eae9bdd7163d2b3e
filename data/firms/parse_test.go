package firms

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func parseFile(t *testing.T, name string) ([]Hotspot, []RowError) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hs, bad, err := Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return hs, bad
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestParseSamples reads the sample files, written as FIRMS publishes each
// product, and checks the count and the first row of each in full.
func TestParseSamples(t *testing.T) {
	cases := []struct {
		file  string
		n     int
		first Hotspot
	}{
		{"viirs_snpp_nrt.csv", 8, Hotspot{Line: 2, Lat: 29.83612, Lon: 106.38247, Brightness: 367, BrightnessLW: 312.45,
			ScanKM: 0.39, TrackKM: 0.44, Detected: utc("2022-08-22 05:48"), Source: VIIRS, Satellite: SNPP,
			Confidence: "h", Class: High, Version: "2.0NRT", FRP: 38.91, DayNight: "D"}},
		{"viirs_noaa20_nrt.csv", 5, Hotspot{Line: 2, Lat: 29.83408, Lon: 106.38011, Brightness: 362.95, BrightnessLW: 310.72,
			ScanKM: 0.45, TrackKM: 0.39, Detected: utc("2022-08-22 04:58"), Source: VIIRS, Satellite: NOAA20,
			Confidence: "h", Class: High, Version: "2.0NRT", FRP: 29.37, DayNight: "D"}},
		{"viirs_noaa21_quoted.csv", 3, Hotspot{Line: 2, Lat: 29.05632, Lon: 108.76843, Brightness: 337.42, BrightnessLW: 297.61,
			ScanKM: 0.45, TrackKM: 0.39, Detected: utc("2024-03-14 05:21"), Source: VIIRS, Satellite: NOAA21,
			Confidence: "n", Class: Nominal, Version: "2.0NRT", FRP: 5.31, DayNight: "D"}},
		{"modis_nrt.csv", 5, Hotspot{Line: 2, Lat: 29.8341, Lon: 106.3862, Brightness: 356.8, BrightnessLW: 307.4,
			ScanKM: 1.1, TrackKM: 1, Detected: utc("2022-08-22 02:32"), Source: MODIS, Satellite: Terra,
			Confidence: "100", Class: High, Version: "6.1NRT", FRP: 95.3, DayNight: "D"}},
		{"modis_archive.csv", 4, Hotspot{Line: 2, Lat: 29.833, Lon: 106.3839, Brightness: 348.2, BrightnessLW: 305.6,
			ScanKM: 1, TrackKM: 1, Detected: utc("2022-08-23 02:35"), Source: MODIS, Satellite: Terra,
			Confidence: "94", Class: High, Version: "6.03", FRP: 61.4, DayNight: "D"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			hs, bad := parseFile(t, tc.file)
			if len(bad) != 0 {
				t.Fatalf("bad rows in a good file: %v", bad)
			}
			if len(hs) != tc.n {
				t.Fatalf("%d hot spots, want %d", len(hs), tc.n)
			}
			if !reflect.DeepEqual(hs[0], tc.first) {
				t.Errorf("first row\n got %+v\nwant %+v", hs[0], tc.first)
			}
			for i, h := range hs {
				if h.Line != i+2 {
					t.Errorf("hot spot %d on line %d, want %d", i, h.Line, i+2)
				}
			}
		})
	}
}

// TestRowErrors checks that each kind of bad row is reported on its own
// line, with the column at fault, and that the rows around it are read.
func TestRowErrors(t *testing.T) {
	hs, bad := parseFile(t, "malformed.csv")
	want := []struct {
		line          int
		field, reason string
	}{
		{3, "bright_ti4", "not a number"},
		{4, "frp", "missing"},
		{6, "latitude", "out of range"}, // line 5 is blank and skipped, but counted
		{7, "acq_date", "not a date"},
		{8, "acq_time", "not a time"},
		{9, "", "has 9 fields, the header has 14"},
		{10, "satellite", "not a VIIRS or MODIS satellite"},
		{11, "confidence", "not a VIIRS confidence"},
		{12, "instrument", "does not match"},
		{13, "daynight", "not D or N"},
		{14, "", "has 15 fields"},
		{15, "", "not valid CSV"},
	}
	if len(bad) != len(want) {
		t.Fatalf("%d row errors, want %d: %v", len(bad), len(want), bad)
	}
	for i, w := range want {
		b := bad[i]
		if b.Line != w.line || b.Field != w.field || !strings.Contains(b.Reason, w.reason) {
			t.Errorf("row error %d: %v, want line %d, field %q, reason containing %q", i, b.Error(), w.line, w.field, w.reason)
		}
	}
	if len(hs) != 2 || hs[0].Line != 2 || hs[1].Line != 16 {
		t.Errorf("good rows: %+v, want lines 2 and 16", hs)
	}
}

// TestBOMAndCRLF reads every sample with a byte-order mark and CRLF line
// ends, as Excel on Windows saves it, and expects what the plain file gives.
func TestBOMAndCRLF(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		hs1, bad1, err1 := Parse(strings.NewReader(string(raw)))
		dos := "\uFEFF" + strings.ReplaceAll(string(raw), "\n", "\r\n")
		hs2, bad2, err2 := Parse(strings.NewReader(dos))
		if err1 != nil || err2 != nil || !reflect.DeepEqual(hs1, hs2) || !reflect.DeepEqual(bad1, bad2) {
			t.Errorf("%s: plain and BOM+CRLF differ:\n%v %v %v\n%v %v %v", file, hs1, bad1, err1, hs2, bad2, err2)
		}
	}
}

// TestQuotedFields reads quoted fields, a quoted field spanning two lines
// (the next row's line number must count both) and a comma inside quotes.
func TestQuotedFields(t *testing.T) {
	in := `latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,instrument,confidence,version,bright_ti5,frp,daynight
"29.83612","106.38247","367.00","0.39","0.44","2022-08-22","0548","N","VIIRS","h","2.0
NRT","312.45","38.91","D"
29.83297,106.38705,351.62,0.39,0.44,2022-08-22,0548,N,VIIRS,n,"2.0NRT, reprocessed",305.18,17.22,D
29.83297,106.38705,351.62,0.39,0.44,2022-08-22,0548,N,VIIRS,"n",2.0NRT,305.18,"",D
`
	hs, bad, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Line != 2 || hs[0].Version != "2.0\nNRT" || hs[1].Line != 4 || hs[1].Version != "2.0NRT, reprocessed" {
		t.Errorf("hot spots %+v", hs)
	}
	if len(bad) != 1 || bad[0].Line != 5 || bad[0].Field != "frp" {
		t.Errorf("row errors %v, want line 5 frp missing", bad)
	}
}

// TestNotFIRMS checks that a file that is not a FIRMS CSV is refused as a
// whole, naming what is missing.
func TestNotFIRMS(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"blank lines", "\n\n\r\n", "empty"},
		{"geojson", `{"type":"FeatureCollection","features":[]}`, "header: parse error on line 1"},
		{"other csv", "id,name,lon,lat\n1,缙云山,106.38,29.83\n", "missing columns latitude, longitude, scan, track, acq_date, acq_time, satellite, confidence, frp, bright_ti4 or brightness"},
		{"no brightness", "latitude,longitude,scan,track,acq_date,acq_time,satellite,confidence,frp\n", "missing columns bright_ti4 or brightness"},
		{"no time", "latitude,longitude,bright_ti4,scan,track,acq_date,satellite,confidence,frp\n", "missing columns acq_time"},
		{"twice", "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,frp,FRP\n", `column "frp" appears twice`},
		{"bad header", "latitude,\"longitude\n", "header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse(strings.NewReader(tc.in))
			if !errors.Is(err, ErrNotFIRMS) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want ErrNotFIRMS containing %q", err, tc.want)
			}
		})
	}
}

// failing is a reader whose second read fails.
type failing struct{ n int }

func (f *failing) Read(p []byte) (int, error) {
	if f.n++; f.n == 1 {
		return copy(p, "latitude,longitude,bright_ti4,scan,track,acq_date,acq_time,satellite,confidence,frp\n"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestReadError(t *testing.T) {
	if _, _, err := Parse(&failing{}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v, want the reader's error", err)
	}
}
