package custody

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// meet plays two co-defendants, cp-1 and cp-2 of case-1, and a third person
// of another case, cp-3, reporting every minute at the given distances (in
// metres) from cp-1's spot, and returns the alerts as "rule@minute
// related".
func meet(t *testing.T, apart []float64, stranger float64) []string {
	t.Helper()
	r := &Gathering{}
	var got []string
	note := func(as []layers.Alert) {
		for _, a := range as {
			got = append(got, a.Rule+"@"+a.At.Sub(evening).String()+" "+a.Subject+"+"+joinIDs(a.Related))
		}
	}
	fix := func(id, c string, m int, p orb.Point) {
		f := &layers.Feature{ID: id, Layer: Persons.Name, Geometry: p, Updated: evening.Add(time.Duration(m) * time.Minute),
			Props: map[string]any{"name": id, "case": c}}
		note(r.Observe(layers.Event{Layer: Persons.Name, ID: id, Feature: f}))
	}
	for m, d := range apart {
		fix("cp-1", "case-1", m, home)
		fix("cp-2", "case-1", m, at(90, d))
		fix("cp-3", "case-2", m, at(270, stranger))
		note(r.Tick(evening.Add(time.Duration(m)*time.Minute + 30*time.Second)))
	}
	return got
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += id
	}
	return s
}

func repeat(d float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestGathering(t *testing.T) {
	tests := []struct {
		name     string
		apart    []float64
		stranger float64
		want     []string
	}{
		{"apart all evening", repeat(400, 20), 30, nil},
		{"together nine minutes is not yet a gathering", append(repeat(50, 9), repeat(400, 5)...), 500, nil},
		{"together ten minutes, then parted", append(repeat(50, 13), repeat(400, 3)...), 500,
			[]string{"gathering_start@10m0s cp-1+cp-2", "gathering_end@13m0s cp-1+cp-2"}},
		{"drifting to 120 m does not end it (hysteresis)", append(append(repeat(50, 12), repeat(120, 5)...), repeat(400, 2)...), 500,
			[]string{"gathering_start@10m0s cp-1+cp-2", "gathering_end@17m0s cp-1+cp-2"}},
		{"a stranger close by is no gathering", repeat(400, 15), 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := meet(t, tt.apart, tt.stranger)
			if !slices.Equal(got, tt.want) {
				t.Errorf("alerts %q, want %q", got, tt.want)
			}
		})
	}
}
