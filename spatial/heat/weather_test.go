package heat_test

import (
	"math"
	"testing"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// weatherCases have their points worked out by hand from the tables in
// FireWeather's documentation; level is the national rating's.
var weatherCases = []struct {
	name  string
	w     heat.Weather
	want  float64 // index A+B+C+D over 100
	level int
}{
	{"winter drizzle", heat.Weather{TempC: 6, RH: 90, WindKmh: 5}, 0.09, 1},                        // 4+0+0+5
	{"level 1 at most", heat.Weather{TempC: 5, RH: 70, WindKmh: 1.08, DaysSinceRain: 4}, 0.25, 1},  // 0+0+20+5
	{"level 2 at least", heat.Weather{TempC: 20.5, RH: 70, DaysSinceRain: 2}, 0.26, 2},             // 16+0+10+0
	{"level 2 at most", heat.Weather{TempC: 3, RH: 80, DaysSinceRain: 12}, 0.50, 2},                // 0+0+50+0
	{"level 3 at least", heat.Weather{TempC: 21, RH: 70, DaysSinceRain: 7}, 0.51, 3},               // 16+0+35+0
	{"level 3 at most", heat.Weather{TempC: 16, RH: 70, WindKmh: 6, DaysSinceRain: 10}, 0.72, 3},   // 12+0+50+10
	{"level 4 at least", heat.Weather{TempC: 11, RH: 70, WindKmh: 13, DaysSinceRain: 12}, 0.73, 4}, // 8+0+50+15
	{"level 4 at most", heat.Weather{TempC: 30, RH: 20, DaysSinceRain: 10}, 0.90, 4},               // 20+20+50+0
	{"level 5 at least", heat.Weather{TempC: 21, RH: 80, WindKmh: 30, DaysSinceRain: 11}, 0.91, 5}, // 16+0+50+25
	{"spring afternoon", heat.Weather{TempC: 22, RH: 40, WindKmh: 15, DaysSinceRain: 6}, 0.73, 4},  // 16+12+30+15
	{"humidity 25 % is the second band", heat.Weather{TempC: 42, RH: 25, WindKmh: 10, DaysSinceRain: 20}, 0.96, 5},
	{"capped", heat.Weather{TempC: 40, RH: 10, WindKmh: 70, DaysSinceRain: 30}, 1, 5}, // 130
	{"NaN is harmless", heat.Weather{TempC: math.NaN(), RH: math.NaN(), WindKmh: math.NaN()}, 0, 1},
	{"negative days are none", heat.Weather{TempC: 4, RH: 90, DaysSinceRain: -3}, 0, 1},
}

func TestFireWeather(t *testing.T) {
	for _, tt := range weatherCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := heat.FireWeather(tt.w); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("FireWeather(%+v) = %v, want %v", tt.w, got, tt.want)
			}
		})
	}
}

// TestClassIsNationalLevel checks that a cell of full fuel with nothing
// else going on has the class of the national level of its weather.
func TestClassIsNationalLevel(t *testing.T) {
	c := mustOf(t, jinyun, 8)
	for _, tt := range weatherCases {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{}, []cells.Cell{c}, 1, tt.w)
			if s := mustScore(t, g, c); s.Class != tt.level {
				t.Errorf("class %d (score %v), want level %d", s.Class, s.Score, tt.level)
			}
		})
	}
}

func TestFireWeatherMonotone(t *testing.T) {
	base := []heat.Weather{
		{TempC: 10, RH: 60, WindKmh: 10, DaysSinceRain: 2},
		{TempC: 25, RH: 30, WindKmh: 20, DaysSinceRain: 8},
	}
	tests := []struct {
		name string
		vary func(w *heat.Weather, x float64)
		sign float64 // +1: non-decreasing in x, -1: non-increasing
	}{
		{"temperature", func(w *heat.Weather, x float64) { w.TempC = x - 20 }, +1},
		{"humidity", func(w *heat.Weather, x float64) { w.RH = x }, -1},
		{"wind", func(w *heat.Weather, x float64) { w.WindKmh = x }, +1},
		{"days since rain", func(w *heat.Weather, x float64) { w.DaysSinceRain = int(x / 5) }, +1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, b := range base {
				prev, lo, hi := math.NaN(), 2.0, -1.0
				for x := 0.0; x <= 100; x += 0.25 {
					w := b
					tt.vary(&w, x)
					got := heat.FireWeather(w)
					if got < 0 || got > 1 {
						t.Fatalf("FireWeather(%+v) = %v, outside [0, 1]", w, got)
					}
					if tt.sign*(got-prev) < 0 {
						t.Fatalf("FireWeather(%+v) = %v after %v: not monotone", w, got, prev)
					}
					prev, lo, hi = got, math.Min(lo, got), math.Max(hi, got)
				}
				if hi-lo < 0.15 {
					t.Errorf("from %+v the index only moves from %v to %v", b, lo, hi)
				}
			}
		})
	}
}
