package firms

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// fieldError is what is wrong with one field of a row.
type fieldError struct{ field, reason string }

// row reads the fields of one record. After the first error every further
// read returns a zero value, so that a row reports its first fault only.
type row struct {
	rec  []string
	cols map[string]int
	err  *fieldError
}

func (w *row) fail(field, format string, args ...any) {
	if w.err == nil {
		w.err = &fieldError{field, fmt.Sprintf(format, args...)}
	}
}

// value returns the trimmed value of col and whether the file has col.
func (w *row) value(col string) (string, bool) {
	i, ok := w.cols[col]
	if !ok {
		return "", false
	}
	return strings.TrimSpace(w.rec[i]), true
}

// text returns the value of a column that must be present and not empty.
func (w *row) text(col string) string {
	v, _ := w.value(col)
	if v == "" && w.err == nil {
		w.fail(col, "missing")
	}
	return v
}

// num reads a finite number within [lo, hi] from a required column.
func (w *row) num(col string, lo, hi float64) float64 {
	v := w.text(col)
	if w.err != nil {
		return 0
	}
	x, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.ContainsAny(v, "xX_"):
		w.fail(col, "%q is not a number", clip(v))
	case x < lo || x > hi:
		w.fail(col, "%s is out of range [%g, %g]", v, lo, hi)
	}
	return x
}

// optNum reads an optional number column: 0 when the file lacks it.
func (w *row) optNum(col string, lo, hi float64) float64 {
	if _, ok := w.cols[col]; !ok {
		return 0
	}
	return w.num(col, lo, hi)
}

// clip shortens a value quoted in a reason, so that a garbage field does not
// make a garbage message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// hotspot reads one record of the header's width.
func (r *Reader) hotspot(rec []string) (Hotspot, *fieldError) {
	w := &row{rec: rec, cols: r.cols}
	var h Hotspot
	h.Lat = w.num(colLat, -90, 90)
	h.Lon = w.num(colLon, -180, 180)
	h.Satellite, h.Source = w.satellite()
	bright, lw := colBrightTI4, colBrightTI5
	if _, ok := r.cols[colBrightTI4]; !ok || (h.Source == MODIS && r.has(colBrightness)) {
		bright, lw = colBrightness, colBrightT31
	}
	h.Brightness = w.num(bright, 150, 1000)
	h.BrightnessLW = w.optNum(lw, 150, 1000)
	h.ScanKM = w.num(colScan, 0.1, 10)
	h.TrackKM = w.num(colTrack, 0.1, 10)
	h.Detected = w.acquired()
	h.Confidence, h.Class = w.confidence(h.Source)
	h.Version, _ = w.value(colVersion)
	h.FRP = w.num(colFRP, 0, 100_000)
	h.DayNight = w.dayNight()
	return h, w.err
}

func (r *Reader) has(col string) bool { _, ok := r.cols[col]; return ok }

// satellites maps the satellite column's spellings (lower case) to the
// platform and its instrument.
var satellites = map[string]struct {
	sat Satellite
	src Source
}{
	"n": {SNPP, VIIRS}, "npp": {SNPP, VIIRS}, "snpp": {SNPP, VIIRS}, "suomi npp": {SNPP, VIIRS}, "suomi-npp": {SNPP, VIIRS},
	"n20": {NOAA20, VIIRS}, "1": {NOAA20, VIIRS}, "j1": {NOAA20, VIIRS}, "noaa-20": {NOAA20, VIIRS}, "noaa20": {NOAA20, VIIRS},
	"n21": {NOAA21, VIIRS}, "j2": {NOAA21, VIIRS}, "noaa-21": {NOAA21, VIIRS}, "noaa21": {NOAA21, VIIRS},
	"t": {Terra, MODIS}, "terra": {Terra, MODIS},
	"a": {Aqua, MODIS}, "aqua": {Aqua, MODIS},
}

// satellite reads the satellite and checks it against the instrument
// column when the file has one.
func (w *row) satellite() (Satellite, Source) {
	v := w.text(colSatellite)
	if w.err != nil {
		return "", ""
	}
	s, ok := satellites[strings.ToLower(v)]
	if !ok {
		w.fail(colSatellite, "%q is not a VIIRS or MODIS satellite (N, N20, N21, T, A, Terra, Aqua)", clip(v))
		return "", ""
	}
	switch inst, has := w.value(colInstrument); {
	case has && inst == "":
		w.fail(colInstrument, "missing")
	case has && !strings.EqualFold(inst, string(s.src)):
		w.fail(colInstrument, "%q does not match satellite %s (%s)", clip(inst), v, strings.ToUpper(string(s.src)))
	}
	return s.sat, s.src
}

// acquired reads acq_date (YYYY-MM-DD) and acq_time (HHMM in UTC; FIRMS
// files written by spreadsheets drop the leading zeros, and a few tools
// write HH:MM, so both are accepted).
func (w *row) acquired() time.Time {
	d := w.text(colDate)
	if w.err != nil {
		return time.Time{}
	}
	day, err := time.Parse(time.DateOnly, d)
	if err != nil {
		w.fail(colDate, "%q is not a date YYYY-MM-DD", clip(d))
		return time.Time{}
	}
	if day.Year() < 2000 { // 0001-01-01 would be the zero time, "no date"
		w.fail(colDate, "%q is before 2000: FIRMS has no detections that old", clip(d))
		return time.Time{}
	}
	t := w.text(colTime)
	if w.err != nil {
		return time.Time{}
	}
	hhmm := strings.Replace(t, ":", "", 1)
	n, err := strconv.Atoi(hhmm)
	if err != nil || len(hhmm) > 4 || n < 0 || n/100 > 23 || n%100 > 59 || strings.ContainsAny(hhmm, "+-") {
		w.fail(colTime, "%q is not a time HHMM (UTC)", clip(t))
		return time.Time{}
	}
	return day.Add(time.Duration(n/100)*time.Hour + time.Duration(n%100)*time.Minute).UTC()
}

// confidence reads the confidence as the instrument publishes it: l, n or
// h for VIIRS (low, nominal and high spelt out are accepted too), an
// integer percentage for MODIS.
func (w *row) confidence(src Source) (string, Class) {
	v := w.text(colConfidence)
	if w.err != nil {
		return "", ""
	}
	if src == VIIRS {
		switch strings.ToLower(v) {
		case "l", "low":
			return v, Low
		case "n", "nominal":
			return v, Nominal
		case "h", "high":
			return v, High
		}
		w.fail(colConfidence, "%q is not a VIIRS confidence (l, n or h)", clip(v))
		return "", ""
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 0 || n > 100 || strings.HasPrefix(v, "+"):
		w.fail(colConfidence, "%q is not a MODIS confidence (0–100)", clip(v))
		return "", ""
	case n < 30:
		return v, Low
	case n < 80:
		return v, Nominal
	}
	return v, High
}

// dayNight reads the optional daynight column: D or N.
func (w *row) dayNight() string {
	if _, ok := w.cols[colDayNight]; !ok {
		return ""
	}
	v := strings.ToUpper(w.text(colDayNight))
	if w.err == nil && v != "D" && v != "N" {
		w.fail(colDayNight, "%q is not D or N", clip(v))
	}
	return v
}
