// Package firms reads NASA FIRMS active-fire CSV files: the VIIRS 375 m
// (Suomi NPP, NOAA-20, NOAA-21) and MODIS (Terra, Aqua) hot-spot lists that
// FIRMS publishes for download and through its area API.
//
// The parser is driven by the header, so columns may come in any order and
// unknown columns (type, country_id, …) are ignored. A row that cannot be
// read is reported as a RowError with its line number and skipped; it never
// stops the file and is never dropped silently. The package does no I/O of
// its own and knows nothing of Lookout's layers.
package firms

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ErrNotFIRMS is returned (wrapped, naming what is missing) when a file is
// not a FIRMS active-fire CSV: it is empty or lacks required columns.
var ErrNotFIRMS = errors.New("firms: not a FIRMS active-fire CSV")

// Source is the instrument that saw a hot spot, spelt as the hotspots
// layer's source values.
type Source string

// The instruments FIRMS distributes.
const (
	VIIRS Source = "viirs"
	MODIS Source = "modis"
)

// Satellite is the platform that carried the instrument.
type Satellite string

// The satellites FIRMS distributes, as they appear in feature IDs.
const (
	SNPP   Satellite = "snpp"   // Suomi NPP, VIIRS ("N")
	NOAA20 Satellite = "noaa20" // NOAA-20 (JPSS-1), VIIRS ("N20", formerly "1")
	NOAA21 Satellite = "noaa21" // NOAA-21 (JPSS-2), VIIRS ("N21")
	Terra  Satellite = "terra"  // Terra, MODIS ("T" or "Terra")
	Aqua   Satellite = "aqua"   // Aqua, MODIS ("A" or "Aqua")
)

// Class is a confidence class common to both instruments.
type Class string

// The confidence classes: VIIRS publishes them directly (l, n, h); MODIS
// publishes 0–100 %, which FIRMS divides into low (< 30), nominal (30–79)
// and high (≥ 80).
const (
	Low     Class = "low"
	Nominal Class = "nominal"
	High    Class = "high"
)

// Hotspot is one active-fire detection: the centre of a fire pixel.
type Hotspot struct {
	// Line is the line of the file the row starts on (the header is line 1).
	Line int
	// Lat and Lon are the centre of the fire pixel in degrees (WGS 84).
	Lat, Lon float64
	// Brightness is the fire pixel's brightness temperature in kelvin:
	// bright_ti4 (VIIRS I4, 3.7 µm) or brightness (MODIS band 21/22, 4 µm).
	Brightness float64
	// BrightnessLW is the long-wave (≈ 11 µm) brightness temperature in
	// kelvin: bright_ti5 (VIIRS) or bright_t31 (MODIS); 0 when the file has
	// no such column.
	BrightnessLW float64
	// ScanKM and TrackKM are the pixel's size along the scan and along the
	// track in km: about 0.375 km for VIIRS and 1 km for MODIS at nadir,
	// growing towards the edge of the swath.
	ScanKM, TrackKM float64
	// Detected is the acquisition time (acq_date and acq_time) in UTC.
	Detected time.Time
	// Source is the instrument, Satellite the platform.
	Source    Source
	Satellite Satellite
	// Confidence is the confidence as published: l, n or h for VIIRS, 0–100
	// for MODIS. Class is the same in the common classes.
	Confidence string
	Class      Class
	// Version is the collection and processing, e.g. "2.0NRT" or "6.1NRT".
	Version string
	// FRP is the fire radiative power in MW.
	FRP float64
	// DayNight is "D" or "N", or "" when the file has no daynight column.
	DayNight string
}

// ID returns a stable feature ID for the detection, the same every time the
// same row is read: firms-<satellite>-<YYYYMMDDhhmm>-<lat>-<lon>, the
// coordinates to five decimals (about a metre). Two pixels of one overpass
// are never that close, so the ID names one detection.
func (h Hotspot) ID() string {
	return fmt.Sprintf("firms-%s-%s-%s-%s", h.Satellite, h.Detected.UTC().Format("200601021504"), coord(h.Lat), coord(h.Lon))
}

// coord formats a coordinate to five decimals, without a negative zero.
func coord(v float64) string {
	r := math.Round(v*1e5) / 1e5
	if r == 0 {
		r = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(r, 'f', 5, 64)
}

// RowError is a row that could not be read; the row is skipped.
type RowError struct {
	// Line is the line the row starts on (the header is line 1).
	Line int
	// Field is the column at fault, or "" when the row as a whole is.
	Field string
	// Reason says what is wrong.
	Reason string
}

// Error reports the line, the column and the reason.
func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Reason)
}
