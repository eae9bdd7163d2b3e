package layers_test

import (
	"testing"

	"lookout/layers"
)

func TestAttention(t *testing.T) {
	cases := []struct {
		name  string
		props map[string]any
		want  bool
	}{
		{"camera in alarm", map[string]any{"status": "alarm"}, true},
		{"camera online", map[string]any{"status": "online"}, false},
		{"cold storage alarm", map[string]any{"status": "normal", "cold_status": "alarm"}, true},
		{"kitchen violation", map[string]any{"camera_status": "violation"}, true},
		{"missed check-in", map[string]any{"status": "missing_checkin"}, true},
		{"no status", map[string]any{"name": "alarm"}, false},
		{"status not a string", map[string]any{"status": 3}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := layers.Attention(tc.props); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}
