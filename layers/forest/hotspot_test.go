package forest_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/forest"
)

func TestHotspotRule(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	spot := func(status, confidence string, detected time.Time) *layers.Feature {
		return &layers.Feature{ID: "firms-1", Layer: "hotspots", Geometry: orb.Point{108.1, 29.3}, Updated: now,
			Props: map[string]any{"status": status, "source": "viirs", "confidence": confidence, "detected": detected, "district": "500233"}}
	}
	cases := []struct {
		name     string
		old, new *layers.Feature
		severity int // 0: no alert
	}{
		{"a new high-confidence detection", nil, spot("new", "high", now.Add(-time.Hour)), 3},
		{"nominal", nil, spot("new", "nominal", now.Add(-time.Hour)), 2},
		{"MODIS 85 %", nil, spot("new", "85", now.Add(-time.Hour)), 3},
		{"MODIS 20 %", nil, spot("new", "20", now.Add(-time.Hour)), 1},
		{"two days old: history, not an alarm", nil, spot("new", "high", now.Add(-48*time.Hour)), 0},
		{"verified by an operator", spot("new", "high", now), spot("verified", "high", now), 0},
		{"reported again while new", spot("new", "high", now), spot("new", "high", now), 0},
		{"new again after a false alarm", spot("false_alarm", "high", now), spot("new", "high", now), 3},
	}
	r := &forest.Hotspot{Now: func() time.Time { return now }}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := r.Observe(layers.Event{Layer: "hotspots", ID: "firms-1", Old: tc.old, Feature: tc.new})
			if tc.severity == 0 {
				if len(got) != 0 {
					t.Fatalf("alerts %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0].Severity != tc.severity || got[0].Rule != "hotspot" || got[0].District != "500233" {
				t.Fatalf("alerts %+v, want one of severity %d", got, tc.severity)
			}
		})
	}
}

func TestCorrelationWindowByDanger(t *testing.T) {
	danger := func(c int) forest.Danger { return func(orb.Point) int { return c } }
	cases := []struct {
		name   string
		danger forest.Danger
		domain layers.Domain
		want   time.Duration
	}{
		{"no grid", nil, layers.Forest, 0},
		{"outside the forest", danger(0), layers.Forest, 30 * time.Minute},
		{"low danger", danger(1), layers.Forest, time.Hour},
		{"extreme danger", danger(5), layers.Forest, 15 * time.Minute},
		{"another domain", danger(5), layers.Market, 0},
	}
	for _, tc := range cases {
		if got := forest.Window(tc.danger)(layers.Alert{Domain: tc.domain}); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
