package firms

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Column names as FIRMS publishes them (compared case-insensitively).
const (
	colLat        = "latitude"
	colLon        = "longitude"
	colBrightTI4  = "bright_ti4"
	colBrightness = "brightness"
	colBrightTI5  = "bright_ti5"
	colBrightT31  = "bright_t31"
	colScan       = "scan"
	colTrack      = "track"
	colDate       = "acq_date"
	colTime       = "acq_time"
	colSatellite  = "satellite"
	colInstrument = "instrument"
	colConfidence = "confidence"
	colVersion    = "version"
	colFRP        = "frp"
	colDayNight   = "daynight"
)

// required are the columns every FIRMS active-fire file has, besides a
// brightness column (bright_ti4 or brightness).
var required = []string{colLat, colLon, colScan, colTrack, colDate, colTime, colSatellite, colConfidence, colFRP}

// Reader reads hot spots from a FIRMS CSV one row at a time, so that a
// global file of hundreds of thousands of rows need not be held in memory.
type Reader struct {
	csv   *csv.Reader
	cols  map[string]int // column name → index
	width int            // fields in the header
	rows  int            // data rows read, good or bad
}

// NewReader reads the header of a FIRMS CSV from r. A UTF-8 byte-order mark
// and CRLF line ends are accepted. It returns an error wrapping ErrNotFIRMS,
// naming the missing columns, when the header is not that of a FIRMS file.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short or long row is a RowError, not the end of the file
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%w: the file is empty", ErrNotFIRMS)
	case err != nil:
		return nil, fmt.Errorf("%w: header: %w", ErrNotFIRMS, err)
	}
	cols, err := columns(header)
	if err != nil {
		return nil, err
	}
	return &Reader{csv: cr, cols: cols, width: len(header)}, nil
}

// columns maps the header's column names to their indexes and checks that
// the required ones are there.
func columns(header []string) (map[string]int, error) {
	cols := make(map[string]int, len(header))
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := cols[name]; dup && name != "" {
			return nil, fmt.Errorf("%w: column %q appears twice", ErrNotFIRMS, name)
		}
		cols[name] = i
	}
	var missing []string
	for _, name := range required {
		if _, ok := cols[name]; !ok {
			missing = append(missing, name)
		}
	}
	_, ti4 := cols[colBrightTI4]
	_, modis := cols[colBrightness]
	if !ti4 && !modis {
		missing = append(missing, colBrightTI4+" or "+colBrightness)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: missing columns %s", ErrNotFIRMS, strings.Join(missing, ", "))
	}
	return cols, nil
}

// Read returns the next hot spot. A row that cannot be read is returned as
// a *RowError and skipped: call Read again for the next row. At the end of
// the file Read returns io.EOF; any other error is the reader's own and
// ends the file.
func (r *Reader) Read() (Hotspot, error) {
	rec, err := r.csv.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.rows++
			return Hotspot{}, &RowError{Line: pe.StartLine, Reason: "not valid CSV: " + pe.Err.Error()}
		}
		return Hotspot{}, err // io.EOF, or the underlying reader's error
	}
	r.rows++
	line, _ := r.csv.FieldPos(0)
	if len(rec) != r.width {
		return Hotspot{}, &RowError{Line: line, Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), r.width)}
	}
	h, ferr := r.hotspot(rec)
	if ferr != nil {
		return Hotspot{}, &RowError{Line: line, Field: ferr.field, Reason: ferr.reason}
	}
	h.Line = line
	return h, nil
}

// Rows returns how many data rows have been read so far, good or bad.
func (r *Reader) Rows() int { return r.rows }

// Parse reads a whole FIRMS CSV: the hot spots of its good rows and one
// RowError for each bad row, both in file order. Every data row ends up in
// exactly one of the two. The error is non-nil only when the file is not a
// FIRMS CSV (ErrNotFIRMS) or r fails.
func Parse(r io.Reader) ([]Hotspot, []RowError, error) {
	fr, err := NewReader(r)
	if err != nil {
		return nil, nil, err
	}
	var hs []Hotspot
	var bad []RowError
	for {
		h, err := fr.Read()
		var re *RowError
		switch {
		case err == nil:
			hs = append(hs, h)
		case errors.As(err, &re):
			bad = append(bad, *re)
		case errors.Is(err, io.EOF):
			return hs, bad, nil
		default:
			return hs, bad, fmt.Errorf("firms: read: %w", err)
		}
	}
}
