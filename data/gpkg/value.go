package gpkg

import (
	"fmt"
	"math"
	"time"

	"lookout/layers"
)

// timeLayout is how the store writes its own times (a feature's updated,
// the journal's at and time) into TEXT columns: RFC 3339 in UTC with all
// nine fractional digits, so that the text keeps nanoseconds and sorts as
// the time does (SQL range queries on the journal work on the text).
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime formats t in timeLayout.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// dateTimeLayout is the GeoPackage DATETIME form, to the millisecond.
const dateTimeLayout = "2006-01-02T15:04:05.000Z"

// formatDateTime formats a Time property for a DATETIME column: in the
// standard's millisecond form when that loses nothing (times from JSON,
// GPS fixes), else with all nine digits, which GDAL still reads (with a
// "non-conformant content" warning) and which keeps the value exact.
func formatDateTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()%int(time.Millisecond) == 0 {
		return t.Format(dateTimeLayout)
	}
	return t.Format(timeLayout)
}

// parseTime reads an RFC 3339 time, as the store writes it or as an analyst
// may have typed it, and returns it in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// encodeValue is the column value of property value v of field f (nil when
// the feature lacks the property).
func encodeValue(f layers.Field, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch x := v.(type) {
	case string, int64, float64:
		return x, nil
	case bool:
		if x {
			return int64(1), nil
		}
		return int64(0), nil
	case time.Time:
		return formatDateTime(x), nil
	}
	return nil, fmt.Errorf("property %s: unsupported value type %T", f.Name, v)
}

// decodeValue converts a column value, as the driver returns it, to the Go
// type of field f. It accepts the representations SQLite's dynamic typing
// allows an analyst to have stored (an integer in a REAL column, a 0/1 or a
// driver's bool in a BOOLEAN column), and refuses what would lose meaning.
func decodeValue(f layers.Field, v any) (any, error) {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch f.Type {
	case layers.String:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case layers.Int:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
				return int64(x), nil
			}
		}
	case layers.Float:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case layers.Bool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case layers.Time:
		switch x := v.(type) {
		case string:
			return parseTime(x)
		case time.Time:
			return x.UTC(), nil
		}
	}
	return nil, fmt.Errorf("property %s: cannot read %T %v as %s", f.Name, v, v, f.Type)
}
