package heat_test

import (
	"testing"
	"time"

	"lookout/spatial/heat"
)

func TestTrend(t *testing.T) {
	tr := heat.NewTrend(time.Hour, 24)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	// Every minute for 30 hours the district's mean rises by 0.01 an hour.
	for m := 0; m <= 30*60; m++ {
		at := start.Add(time.Duration(m) * time.Minute)
		tr.Record(at, []heat.District{{Code: "500109", Mean: 0.2 + 0.01*at.Sub(start).Hours()}})
	}
	at, means := tr.Series("500109")
	cases := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"samples kept: 24 intervals and the current one", float64(len(means)), 25, 0},
		{"the newest is current", means[len(means)-1], 0.2 + 0.01*30, 1e-9},
		{"about an hour apart", at[len(at)-2].Sub(at[len(at)-3]).Hours(), 1, 0.02},
		{"over the last hour", change(tr, time.Hour), 0.01, 0.001},
		{"over the last day", change(tr, 24*time.Hour), 0.24, 0.002},
		{"unknown district", func() float64 { _, m := tr.Series("999999"); return m[0] }(), 0, 0},
	}
	for _, tc := range cases {
		if d := tc.got - tc.want; d > tc.tol || d < -tc.tol {
			t.Errorf("%s: %g, want %g", tc.name, tc.got, tc.want)
		}
	}
	if _, ok := tr.Change("500109", 48*time.Hour); ok {
		t.Error("a change over 48 h from 24 h of samples")
	}
}

func change(tr *heat.Trend, ago time.Duration) float64 {
	v, _ := tr.Change("500109", ago)
	return v
}
