package main

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"lookout/data/chongqing"
	"lookout/data/demo"
	"lookout/spatial/cells"
	"lookout/spatial/heat"

	"lookout/layers"
	"lookout/layers/custody"
	"lookout/layers/dispatch"
	"lookout/layers/fleet"
	"lookout/layers/forest"
	"lookout/layers/incident"
	"lookout/layers/market"
)

// rules are the domain rules the incident engine runs; danger adapts the
// forest thresholds to the fire-risk grid.
func rules(danger forest.Danger) []layers.Rule {
	var rs []layers.Rule
	rs = append(rs, forest.Rules(danger)...)
	rs = append(rs, market.Rules(10*time.Minute)...)
	rs = append(rs, fleet.Rules(fleet.Options{})...)
	rs = append(rs, custody.Rules(custody.Options{})...)
	return rs
}

// startEngine subscribes the incident engine to the world and runs it until
// the returned stop is called (before the world closes, so that its last
// alerts are still written).
func startEngine(world *layers.World, danger forest.Danger, log *slog.Logger) (*incident.Engine, func(), error) {
	e, err := incident.NewEngine(world, rules(danger), incident.Options{Logger: log, Window: forest.Window(danger)})
	if err != nil {
		return nil, nil, err
	}
	world.Subscribe(e)
	return e, background(context.Background(), func(ctx context.Context) { e.Run(ctx) }), nil
}

// startDispatch makes the dispatch desk the server writes tasks through and
// runs the tracker that marks responders en route and on scene from their
// fixes, until the returned stop is called.
func startDispatch(world *layers.World, log *slog.Logger) (*dispatch.Desk, func(), error) {
	desk, err := dispatch.NewDesk(world)
	if err != nil {
		return nil, nil, err
	}
	t, err := dispatch.NewTracker(desk, log)
	if err != nil {
		return nil, nil, err
	}
	world.Subscribe(t)
	return desk, background(context.Background(), func(ctx context.Context) { t.Run(ctx) }), nil
}

// startHeat builds the fire-risk grid — forest fuel generated from the
// seed, the districts' stored fire weather — and its trend from the stored
// roll-ups, and subscribes a forest.Feed to the world. The server's RunHeat
// re-scores it every minute.
func startHeat(world *layers.World, seed uint64, log *slog.Logger) (*heat.Grid, *heat.Trend, error) {
	start := time.Now()
	g := heat.New(heat.Options{})
	var ferr error
	err := demo.Fuel(seed, func(c cells.Cell, fuel float64, district string) {
		if err := g.SetFuel(c, fuel, district); err != nil && ferr == nil {
			ferr = err
		}
	})
	if err = cmp.Or(err, ferr); err != nil {
		return nil, nil, fmt.Errorf("fire risk: fuel: %w", err)
	}
	if err := storeWeather(world, seed, start); err != nil {
		return nil, nil, err
	}
	if _, err := forest.RestoreWeather(world, g); err != nil {
		return nil, nil, fmt.Errorf("fire risk: weather: %w", err)
	}
	if _, err := g.Recompute(start); err != nil {
		return nil, nil, err
	}
	trend := heat.NewTrend(time.Hour, 24)
	n, err := forest.RestoreTrend(context.Background(), world, trend)
	if err != nil {
		return nil, nil, fmt.Errorf("fire risk: trend: %w", err)
	}
	trend.Record(start, g.Districts())
	world.Subscribe(&forest.Feed{Grid: g, Log: log})
	log.Info("fire risk grid ready", "cells", g.Stats().Cells, "trend_samples", n, "took", time.Since(start).Round(time.Millisecond))
	return g, trend, nil
}

// storeWeather writes a day's fire weather generated from the seed for
// every district when the store holds none yet (a new data directory), so
// that the grid starts from a plausible day and the reading is the
// store's, replaced by the first real one PUT for the district.
func storeWeather(world *layers.World, seed uint64, at time.Time) error {
	if st, err := world.Stats(forest.Weather.Name); err != nil || st.Count > 0 {
		return err
	}
	weather, err := demo.Weather(seed)
	if err != nil {
		return fmt.Errorf("fire risk: weather: %w", err)
	}
	ds, err := chongqing.Districts()
	if err != nil {
		return fmt.Errorf("fire risk: weather: %w", err)
	}
	var changes []layers.Change
	for _, d := range ds {
		if w, ok := weather[d.Code]; ok {
			changes = append(changes, forest.WeatherChange(d.Code, d.Inside, w, at, "demo"))
		}
	}
	if err := layers.ApplyAll(context.Background(), world, changes); err != nil {
		return fmt.Errorf("fire risk: store the weather: %w", err)
	}
	return nil
}

// background starts fn in a goroutine and returns what stops it and waits:
// the engine, the tracker, the fire-risk and retention loops.
func background(ctx context.Context, fn func(context.Context)) func() {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); fn(ctx) }()
	return func() { cancel(); <-done }
}
