package heat

import "math"

// Weather is one district's fire weather: the day's maximum temperature,
// its minimum relative humidity, its maximum wind and the number of days
// since the last rain (0 when it rains today). These are the inputs the
// forestry and meteorological services measure and publish.
type Weather struct {
	TempC         float64 // maximum air temperature, °C
	RH            float64 // minimum relative humidity, %
	WindKmh       float64 // maximum wind speed at 10 m, km/h
	DaysSinceRain int     // consecutive days without rain (0: rain today)
}

// FireWeather returns the fire-weather index of w in [0, 1]: the forest
// fire weather index of China's national rating (全国森林火险天气等级,
// LY/T 1172-95) divided by 100 and capped at 1.
//
// That rating is chosen over the Nesterov, Angström or McArthur indices
// because it is the one the forest-fire offices of Chongqing publish and
// its five levels are the five danger classes of this package: with full
// fuel and nothing else going on, a cell's class is the published level
// (the class thresholds of Score are the rating's, divided by 100). It
// needs only the four daily figures of Weather. It adds points for each
// factor; the point tables, as the regional services apply them, are:
//
//	max temperature °C   ≤5   5–10  10–15  15–20  20–25  >25
//	points A              0    4     8     12     16     20
//
//	min humidity %       ≥65  55–64 45–54  35–44  25–34  <25
//	points B              0    4     8     12     16     20
//
//	days since rain       0    1  2  3  4  5  6  7  8  9  ≥10
//	points C              0    5 10 15 20 25 30 35 40 45  50
//
//	wind (Beaufort)       0    1  2  3  4  5  6  7  ≥8
//	from km/h             0    1  6 12 20 29 39 50  62
//	points D              0    5 10 15 20 25 30 35  40
//
//	index A+B+C+D        ≤25   26–50  51–72  73–90  ≥91
//	level                 1      2      3      4      5
//
// The standard also subtracts a seasonal correction for green-up and snow
// cover, which Weather does not carry: callers in the green season may
// lower DaysSinceRain instead. The steps are kept as the standard has them,
// so that the index agrees with the published level rather than being a
// smoother curve that disagrees with it near every step. FireWeather is
// non-decreasing in temperature, wind and days without rain, and
// non-increasing in humidity; NaN inputs count as the least dangerous.
func FireWeather(w Weather) float64 {
	a, b := 0.0, 20.0
	for _, t := range []float64{5, 10, 15, 20, 25} {
		if w.TempC > t { // 5.0 °C is still the first band
			a += 4
		}
	}
	for _, h := range []float64{25, 35, 45, 55, 65} {
		if w.RH >= h { // 25 % is already the second band
			b -= 4
		}
	}
	if w.RH != w.RH {
		b = 0
	}
	c := 5 * float64(min(max(w.DaysSinceRain, 0), 10))
	d := 5 * float64(beaufort(w.WindKmh))
	return math.Min(1, (a+b+c+d)/100)
}

// beaufortKmh are the lower bounds in km/h of Beaufort forces 1 to 8 (0.3,
// 1.6, 3.4, 5.5, 8.0, 10.8, 13.9 and 17.2 m/s).
var beaufortKmh = []float64{1.08, 5.76, 12.24, 19.8, 28.8, 38.88, 50.04, 61.92}

// beaufort returns the Beaufort force of a wind speed in km/h, at most 8
// (the last row of the points table).
func beaufort(kmh float64) int {
	n := 0
	for _, b := range beaufortKmh {
		if kmh >= b {
			n++
		}
	}
	return n
}
