package forest_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/forest"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

func TestFeed(t *testing.T) {
	now := time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	p := orb.Point{106.385, 29.835}
	g := heat.New(heat.Options{})
	centre, _ := cells.Of(p, 8)
	patch, _ := cells.Disk(centre, 2)
	for _, c := range patch {
		if err := g.SetFuel(c, 0.8, "500109"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.SetWeather("500109", heat.Weather{TempC: 28, RH: 35, WindKmh: 15, DaysSinceRain: 8}, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	f := &forest.Feed{Grid: g, Now: func() time.Time { return now }}
	fix := func(layer, id string, at time.Time) layers.Event {
		return layers.Event{Layer: layer, ID: id, Feature: &layers.Feature{ID: id, Layer: layer, Geometry: p, Updated: at, Props: map[string]any{}}}
	}
	alert := func(domain string, sev int64) layers.Event {
		return layers.Event{Layer: "alerts", ID: "al-" + domain, Feature: &layers.Feature{ID: "al-" + domain, Geometry: p, Updated: now,
			Props: map[string]any{"domain": domain, "severity": sev, "at": now.Add(-time.Minute)}}}
	}
	f.Publish([]layers.Event{
		fix("custody_persons", "cp-1", now.Add(-20*time.Minute)), fix("custody_persons", "cp-1", now.Add(-10*time.Minute)),
		alert("market", 3),
	})
	if _, err := g.Recompute(now); err != nil {
		t.Fatal(err)
	}
	before, _ := g.Score(centre)
	if before.Activity != 0 || before.Alarms != 0 {
		t.Fatalf("a supervised person and a market alert counted: %+v", before)
	}
	f.Publish([]layers.Event{
		fix("vehicles", "v-1", now.Add(-20*time.Minute)), fix("vehicles", "v-1", now.Add(-10*time.Minute)),
		fix("vehicles", "v-2", now.Add(time.Hour)), // from the future: ignored
		alert("forest", 3),
	})
	if _, err := g.Recompute(now); err != nil {
		t.Fatal(err)
	}
	after, _ := g.Score(centre)
	if after.Activity <= 0 || after.Alarms <= 0 || after.Score <= before.Score {
		t.Fatalf("a vehicle's stay and a forest alarm did not count: before %+v, after %+v", before, after)
	}
	if s := g.Stats(); s.Subjects != 1 {
		t.Fatalf("%d subjects remembered, want the one vehicle", s.Subjects)
	}
}
