package export

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"lookout/spatial/geojson"
)

// appendValue appends a property value as the JSON of its type: a string,
// an integer (int64), a number (float64; NaN and infinities, which JSON
// cannot hold, as null), true or false, or a time as an RFC 3339 string in
// UTC, as the API writes it. Anything else (not a value a store gives) is
// written as encoding/json writes it.
func appendValue(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return appendString(dst, v)
	case int64:
		return strconv.AppendInt(dst, v, 10)
	case float64:
		return geojson.AppendFloat(dst, v)
	case bool:
		return strconv.AppendBool(dst, v)
	case time.Time:
		return appendTime(dst, v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return append(dst, "null"...)
	}
	return append(dst, b...)
}

// appendTime appends t as an RFC 3339 string in UTC, to the nanosecond it
// holds.
func appendTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"')
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string. Unlike strconv.AppendQuote,
// whose \x escapes JSON does not have, it escapes control characters as
// \u00XX, and it writes invalid UTF-8 as U+FFFD, so the output is always
// valid JSON; U+2028 and U+2029 are escaped for JavaScript's sake.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
