package demo

import (
	"testing"
	"time"

	"lookout/layers"
)

func TestShift(t *testing.T) {
	at := Epoch.Add(-time.Hour)
	c := layers.Change{Time: at, Props: map[string]any{"last_seen": at, "name": "x", "n": int64(3)}}
	got := Shift(c, 48*time.Hour)
	cases := []struct {
		name      string
		got, want any
	}{
		{"change time", got.Time, at.Add(48 * time.Hour)},
		{"time property", got.Props["last_seen"], at.Add(48 * time.Hour)},
		{"other properties", got.Props["name"], "x"},
		{"numbers", got.Props["n"], int64(3)},
		{"zero time stays zero", Shift(layers.Change{}, time.Hour).Time, time.Time{}},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
