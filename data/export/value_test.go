package export

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestAppendString(t *testing.T) {
	cases := []struct {
		name, in string
		want     string // the JSON written
		decoded  string // what a JSON decoder reads back
	}{
		{"plain", "v-001", `"v-001"`, "v-001"},
		{"Chinese", "江北区", `"江北区"`, "江北区"},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`, `a"b\c`},
		{"newline, return, tab", "a\nb\rc\td", `"a\nb\rc\td"`, "a\nb\rc\td"},
		{"other control characters", "\x00\x01\x1f", `"\u0000\u0001\u001f"`, "\x00\x01\x1f"},
		{"delete is printable to JSON", "\x7f", "\"\x7f\"", "\x7f"},
		{"invalid UTF-8", "a\xffb", `"a\ufffdb"`, "a\ufffdb"},
		{"a truncated rune", "江\xe5\x8c", `"江\ufffd\ufffd"`, "江\ufffd\ufffd"},
		{"line and paragraph separators", "a\u2028b\u2029", `"a\u2028b\u2029"`, "a\u2028b\u2029"},
		{"HTML stays as it is", "<a&b>", `"<a&b>"`, "<a&b>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := appendString(nil, tc.in)
			if string(got) != tc.want {
				t.Errorf("appendString(%q) = %s, want %s", tc.in, got, tc.want)
			}
			var back string
			if err := json.Unmarshal(got, &back); err != nil || back != tc.decoded {
				t.Errorf("%s decodes to %q (%v), want %q", got, back, err, tc.decoded)
			}
		})
	}
}

func TestAppendValue(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "null"},
		{"string", "x", `"x"`},
		{"int64 beyond a double's integers", int64(-9007199254740993), "-9007199254740993"},
		{"float64", 0.1, "0.1"},
		{"integral float64", 3.0, "3"},
		{"NaN", math.NaN(), "null"},
		{"infinity", math.Inf(-1), "null"},
		{"bool", false, "false"},
		{"time, in UTC to the nanosecond", time.Date(2026, 3, 1, 16, 30, 0, 250_000_001, time.FixedZone("CST", 8*3600)),
			`"2026-03-01T08:30:00.250000001Z"`},
		{"anything else, as encoding/json writes it", []int{1, 2}, "[1,2]"},
		{"what encoding/json cannot write", make(chan int), "null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendValue(nil, tc.in)); got != tc.want {
				t.Errorf("appendValue(%v) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
