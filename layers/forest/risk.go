package forest

import (
	"log/slog"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/heat"
)

// Feed keeps a fire-risk grid up to date from the world's events: the
// fixes of vehicles and responders as human activity (people under
// supervision are left out: their presence per cell would tell a forest
// user where they are), the forest domain's new alerts as alarms,
// weighted by severity, and each district's new fire weather.
//
// It is a layers.Publisher. Publish runs on the World's committer and
// updates the grid at once: an event costs the grid about a microsecond,
// under the grid's own lock, so the committer is not held up.
type Feed struct {
	Grid *heat.Grid
	Log  *slog.Logger
	// Now is the clock; fixes and alarms stamped later than Now plus a
	// minute are ignored, since a cell's evaluation time only moves forward.
	Now func() time.Time
}

// presence are the layers whose fixes count as human activity.
var presence = map[string]bool{"vehicles": true, "responders": true}

// alarmWeight is the weight of an alarm of each severity.
var alarmWeight = map[int64]float64{1: 0.5, 2: 1, 3: 2, 4: 3}

// Publish feeds committed events to the grid.
func (f *Feed) Publish(events []layers.Event) {
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	limit := now().Add(time.Minute)
	for _, e := range events {
		if e.Feature == nil || e.Feature.Updated.After(limit) {
			continue
		}
		switch {
		case presence[e.Layer] && e.NewFix():
			p, _ := e.Feature.Geometry.(orb.Point)
			f.report(f.Grid.Presence(e.Layer+"/"+e.ID, p, e.Feature.Updated))
		case e.Layer == Weather.Name:
			if wx, ok := WeatherOf(e.Feature); ok {
				_, err := f.Grid.SetWeather(e.ID, wx, e.Feature.Updated)
				f.report(err)
			}
		case e.Layer == "alerts" && e.Old == nil && e.Feature.Props["domain"] == string(layers.Forest):
			sev, _ := e.Feature.Props["severity"].(int64)
			at, _ := e.Feature.Props["at"].(time.Time)
			if at.IsZero() || at.After(limit) || alarmWeight[sev] == 0 {
				continue
			}
			p := e.Feature.Bound().Center()
			_, err := f.Grid.Alarm(p, at, alarmWeight[sev])
			f.report(err)
		}
	}
}

func (f *Feed) report(err error) {
	if err != nil && f.Log != nil {
		f.Log.Debug("fire risk: event not counted", "err", err)
	}
}
