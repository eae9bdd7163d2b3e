package ingest

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

const timeWant = "want RFC 3339 (2026-11-23T08:00:00+08:00) or Unix seconds"

// parseTime reads a JSON time member: an RFC 3339 string or a Unix time in
// seconds (or milliseconds, when above 1e12). Absent or null means "now",
// the zero time, which World.Apply replaces with its clock.
func parseTime(field string, raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, invalid(field, timeWant)
	}
	var n float64
	if err := json.Unmarshal(raw, &n); err != nil {
		return time.Time{}, invalid(field, timeWant)
	}
	return unixTime(field, n)
}

// zoneless are the ISO 8601 forms without an offset that OsmAnd-style
// clients send; Lookout reads them as UTC, the clock of GPS fixes.
var zoneless = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"}

// ParseTimeText reads a time given as text, as in a query string: Unix
// seconds or milliseconds (fractions allowed), RFC 3339, or ISO 8601 without
// an offset, read as UTC. Empty means "now", the zero time.
func ParseTimeText(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return unixTime(field, n)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range zoneless {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, invalid(field, "want Unix seconds or milliseconds, or ISO 8601 (2026-11-23T08:00:00+08:00)")
}

// unixTime converts Unix seconds, or milliseconds when n > 1e12 (after
// 2001-09-09 in seconds, 1970-01-12 in milliseconds, so the two never meet
// for a real fix).
func unixTime(field string, n float64) (time.Time, error) {
	if n <= 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return time.Time{}, invalid(field, timeWant)
	}
	scale := int64(time.Second)
	if n > 1e12 {
		scale = int64(time.Millisecond)
	}
	if n >= float64(math.MaxInt64/scale) { // past 2262: int64 nanoseconds would wrap around
		return time.Time{}, invalid(field, "time too far in the future")
	}
	whole, frac := math.Modf(n)
	return time.Unix(0, int64(whole)*scale+int64(math.Round(frac*float64(scale)))).UTC(), nil
}
