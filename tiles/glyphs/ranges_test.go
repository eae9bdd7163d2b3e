package glyphs

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseRange(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		start, end int
		ok         bool
	}{
		{"first with suffix", "0-255.pbf", 0, 255, true},
		{"first bare", "0-255", 0, 255, true},
		{"cjk", "19968-20223.pbf", 19968, 20223, true},
		{"last", "65280-65535.pbf", 65280, 65535, true},
		{"empty", "", 0, 0, false},
		{"suffix only", ".pbf", 0, 0, false},
		{"no dash", "0255.pbf", 0, 0, false},
		{"missing end", "0-.pbf", 0, 0, false},
		{"missing start", "-255", 0, 0, false},
		{"negative start", "-256--1", 0, 0, false},
		{"plus sign", "+0-255", 0, 0, false},
		{"leading zero", "0256-511", 0, 0, false},
		{"leading zero end", "0-0255", 0, 0, false},
		{"unaligned", "1-256", 0, 0, false},
		{"wrong width", "0-511", 0, 0, false},
		{"reversed", "255-0", 0, 0, false},
		{"above the BMP", "65536-65791", 0, 0, false},
		{"overflow", "18446744073709551616-18446744073709551871", 0, 0, false},
		{"spaces", " 0-255", 0, 0, false},
		{"double suffix", "0-255.pbf.pbf", 0, 0, false},
		{"other suffix", "0-255.json", 0, 0, false},
		{"three parts", "0-255-511", 0, 0, false},
		{"non-ascii digit", "٠-255", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, err := ParseRange(tt.in)
			if got := err == nil; got != tt.ok {
				t.Fatalf("ParseRange(%q) err = %v, want ok %v", tt.in, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrBadRange) {
				t.Errorf("error %v does not wrap ErrBadRange", err)
			}
			if start != tt.start || end != tt.end {
				t.Errorf("ParseRange(%q) = %d, %d, want %d, %d", tt.in, start, end, tt.start, tt.end)
			}
		})
	}
}

// FuzzParseRange checks that whatever ParseRange accepts is an aligned range
// that prints back to the input, and that it rejects everything else with
// ErrBadRange and zero bounds.
func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"0-255.pbf", "65280-65535", "256-511.pbf", "0-0255", "-1-254", "99999999999-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, err := ParseRange(s)
		if err != nil {
			if !errors.Is(err, ErrBadRange) || start != 0 || end != 0 {
				t.Fatalf("ParseRange(%q) = %d, %d, %v", s, start, end, err)
			}
			return
		}
		if start < 0 || start > maxStart || start%rangeSize != 0 || end != start+rangeSize-1 {
			t.Fatalf("ParseRange(%q) accepted %d-%d", s, start, end)
		}
		if canon := strconv.Itoa(start) + "-" + strconv.Itoa(end); strings.TrimSuffix(s, ".pbf") != canon {
			t.Fatalf("ParseRange(%q) accepted a non-canonical spelling of %s", s, canon)
		}
	})
}
