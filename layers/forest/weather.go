package forest

import (
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/heat"
)

// Weather is each district's latest fire weather, one feature per district
// (ID: its code) at a point inside it: what PUT /api/v1/heat/weather
// writes, kept by the store like any layer so that it survives a restart
// and its journal says who set which reading when. A Feed hands every new
// reading, from any write path, to the fire-risk grid.
var Weather = &layers.Layer{
	Name:     "fire_weather",
	Title:    layers.Title{Zh: "火险气象", En: "Fire weather"},
	Domain:   layers.Forest,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "temp_c", Type: layers.Float, Title: layers.Title{Zh: "最高气温", En: "Max temperature"}, Unit: "°C", Required: true},
		{Name: "rh", Type: layers.Float, Title: layers.Title{Zh: "最小相对湿度", En: "Min humidity"}, Unit: "%", Required: true},
		{Name: "wind_kmh", Type: layers.Float, Title: layers.Title{Zh: "最大风速", En: "Max wind"}, Unit: "km/h", Required: true},
		{Name: "days_since_rain", Type: layers.Int, Title: layers.Title{Zh: "连续无雨日", En: "Days since rain"}, Required: true},
		{Name: "index", Type: layers.Float, Title: layers.Title{Zh: "火险天气指数", En: "Fire-weather index"}, Tile: true},
		layers.DistrictField,
	},
	MinZoom: 5, MaxZoom: 22,
	Roles:  forestRoles,
	Hidden: true,
	Label:  "index",
}

// WeatherChange is the upsert of a district's fire weather, observed at
// at, placed at p (a point inside the district).
func WeatherChange(district string, p orb.Point, w heat.Weather, at time.Time, actor string) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: Weather.Name, ID: district, Geometry: p, Time: at, Actor: actor,
		Props: map[string]any{"temp_c": w.TempC, "rh": w.RH, "wind_kmh": w.WindKmh,
			"days_since_rain": int64(w.DaysSinceRain), "index": heat.FireWeather(w), "district": district}}
}

// WeatherOf reads a fire_weather feature back; it reports false when a
// reading is missing.
func WeatherOf(f *layers.Feature) (heat.Weather, bool) {
	t, ok1 := f.Props["temp_c"].(float64)
	rh, ok2 := f.Props["rh"].(float64)
	wind, ok3 := f.Props["wind_kmh"].(float64)
	days, ok4 := f.Props["days_since_rain"].(int64)
	return heat.Weather{TempC: t, RH: rh, WindKmh: wind, DaysSinceRain: int(days)}, ok1 && ok2 && ok3 && ok4
}

// RestoreWeather hands the stored weather of every district to the grid,
// each at the time it was observed.
func RestoreWeather(w *layers.World, g *heat.Grid) (n int, err error) {
	var ferr error
	err = w.Each(Weather.Name, nil, func(f *layers.Feature) {
		if wx, ok := WeatherOf(f); ok && ferr == nil {
			_, ferr = g.SetWeather(f.ID, wx, f.Updated)
			n++
		}
	})
	if err == nil {
		err = ferr
	}
	return n, err
}
