package glyphs

import (
	"fmt"
	"strings"
)

// rangeSize is the number of codepoints in one glyph PBF.
const rangeSize = 256

// ParseRange parses the {range} part of a glyph URL, "0-255.pbf" or "0-255",
// into its first and last codepoint. It is strict, because the result names a
// cache entry: both bounds are plain decimal numbers without sign, spaces or
// leading zeros, and together they must form one of the aligned ranges
// 0-255 … 65280-65535. Anything else is an error wrapping ErrBadRange.
func ParseRange(s string) (start, end int, err error) {
	spec := strings.TrimSuffix(s, ".pbf")
	first, last, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%w: %q is not start-end", ErrBadRange, s)
	}
	start, ok = parseBound(first)
	if !ok {
		return 0, 0, fmt.Errorf("%w: %q: bad start", ErrBadRange, s)
	}
	end, ok = parseBound(last)
	if !ok {
		return 0, 0, fmt.Errorf("%w: %q: bad end", ErrBadRange, s)
	}
	if err := checkRange(start, end); err != nil {
		return 0, 0, err
	}
	return start, end, nil
}

// parseBound parses one bound of a range: 1 to 5 ASCII digits, no leading
// zero unless the bound is 0. Five digits cannot overflow an int.
func parseBound(s string) (int, bool) {
	if len(s) == 0 || len(s) > 5 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// checkRange reports whether start..end is an aligned 256-codepoint range in
// the Basic Multilingual Plane, as an error wrapping ErrBadRange.
func checkRange(start, end int) error {
	if start < 0 || start > maxStart || start%rangeSize != 0 || end != start+rangeSize-1 {
		return fmt.Errorf("%w: %d-%d", ErrBadRange, start, end)
	}
	return nil
}
