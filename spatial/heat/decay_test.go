package heat_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/heat"
)

// TestAlarmDecay checks the alarm part H against the decayed weight it
// should come from: the weights, each halved every AlarmHalfLife since its
// time, summed.
func TestAlarmDecay(t *testing.T) {
	const day = 24 * time.Hour
	type alarm struct {
		at time.Duration // after t0
		w  float64
	}
	tests := []struct {
		name   string
		alarms []alarm // in the order they arrive
		read   time.Duration
		want   float64
	}{
		{"fresh", []alarm{{0, 1}}, 0, 1},
		{"a half-life later the alarm part is half", []alarm{{0, 1}}, day, 0.5},
		{"two half-lives, a quarter", []alarm{{0, 1}}, 2 * day, 0.25},
		{"weights add", []alarm{{0, 1}, {0, 2}}, day, 1.5},
		{"in order", []alarm{{0, 1}, {12 * time.Hour, 1}}, day, 0.5 + 0.7071067811865476},
		{"a late alarm counts as in order", []alarm{{12 * time.Hour, 1}, {0, 1}}, day, 0.5 + 0.7071067811865476},
		{"withdrawn", []alarm{{0, 2}, {time.Hour, 1}, {0, -2}}, day, 0.5 * 1.029302236643492}, // 2^(−23/24),
		{"a week later, almost gone", []alarm{{0, 1}}, 7 * day, 1.0 / 128},
	}
	c := mustOf(t, jinyun, 8)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{}, patch(t, jinyun, 1), 0.8, rain)
			for _, a := range tt.alarms {
				if in, err := g.Alarm(jinyun, t0.Add(a.at), a.w); err != nil || !in {
					t.Fatalf("Alarm: %v, %v", in, err)
				}
			}
			recompute(t, g, t0.Add(tt.read))
			s := mustScore(t, g, c)
			if got := amount(s.Alarms, 1); !near(got, tt.want, 1e-9) {
				t.Errorf("decayed alarm weight %v (part %v), want %v", got, s.Alarms, tt.want)
			}
		})
	}
}

func TestAlarmOutsideForest(t *testing.T) {
	g := newGrid(t, heat.Options{}, patch(t, jinyun, 1), 0.8, rain)
	in, err := g.Alarm(orb.Point{106.5771, 29.5576}, t0, 1) // 解放碑, downtown
	if err != nil || in {
		t.Errorf("Alarm downtown = %v, %v; want false, nil", in, err)
	}
}

// TestAlarmFloor checks the floor alarms put under the score: one fresh
// alarm of weight 1 is class 3 in the rain and class 4 on a dry day, and a
// verified fire (weight 3) in a heat wave is class 5.
func TestAlarmFloor(t *testing.T) {
	dry := heat.Weather{TempC: 22, RH: 40, WindKmh: 15, DaysSinceRain: 6} // 0.73
	tests := []struct {
		name      string
		w         heat.Weather
		weight    float64
		before    int
		withAlarm int
	}{
		{"rain", rain, 1, 1, 3},
		{"dry", dry, 1, 2, 4},
		{"heat wave", heatWave, 1, 3, 4},
		{"heat wave, verified fire", heatWave, 3, 3, 5},
	}
	c := mustOf(t, jinyun, 8)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{}, patch(t, jinyun, 1), 0.6, tt.w)
			if s := mustScore(t, g, c); s.Class != tt.before {
				t.Errorf("class %d before the alarm (score %.3f), want %d", s.Class, s.Score, tt.before)
			}
			if _, err := g.Alarm(jinyun, t0, tt.weight); err != nil {
				t.Fatal(err)
			}
			if s := mustScore(t, g, c); s.Class != tt.withAlarm {
				t.Errorf("class %d with the alarm (score %.3f), want %d", s.Class, s.Score, tt.withAlarm)
			}
		})
	}
}
