package layers_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

func TestNewFix(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := func(p orb.Geometry, t time.Time) *layers.Feature {
		return &layers.Feature{ID: "a", Geometry: p, Updated: t}
	}
	here, there := orb.Point{106.5, 29.5}, orb.Point{106.6, 29.5}
	square := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	tests := []struct {
		name string
		e    layers.Event
		want bool
	}{
		{"a create", layers.Event{Feature: f(here, at)}, true},
		{"a move", layers.Event{Feature: f(there, at.Add(time.Second)), Old: f(here, at)}, true},
		{"the same place later", layers.Event{Feature: f(here, at.Add(time.Minute)), Old: f(here, at)}, true},
		{"a property edit or derived change", layers.Event{Feature: f(here, at), Old: f(here, at)}, false},
		{"a delete", layers.Event{Old: f(here, at)}, false},
		{"not a point", layers.Event{Feature: f(square, at)}, false},
	}
	for _, tt := range tests {
		if got := tt.e.NewFix(); got != tt.want {
			t.Errorf("%s: NewFix() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
