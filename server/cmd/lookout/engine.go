package main

import (
	"context"
	"log/slog"
	"time"

	"lookout/layers"
	"lookout/layers/custody"
	"lookout/layers/dispatch"
	"lookout/layers/fleet"
	"lookout/layers/forest"
	"lookout/layers/incident"
	"lookout/layers/market"
)

// rules are the domain rules the incident engine runs.
func rules() []layers.Rule {
	var rs []layers.Rule
	rs = append(rs, forest.Rules()...)
	rs = append(rs, market.Rules(10*time.Minute)...)
	rs = append(rs, fleet.Rules(fleet.Options{})...)
	rs = append(rs, custody.Rules(custody.Options{})...)
	return rs
}

// startEngine subscribes the incident engine to the world and runs it until
// the returned stop is called (before the world closes, so that its last
// alerts are still written).
func startEngine(world *layers.World, log *slog.Logger) (*incident.Engine, func(), error) {
	e, err := incident.NewEngine(world, rules(), incident.Options{Logger: log})
	if err != nil {
		return nil, nil, err
	}
	world.Subscribe(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.Run(ctx)
	}()
	return e, func() { cancel(); <-done }, nil
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
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.Run(ctx)
	}()
	return desk, func() { cancel(); <-done }, nil
}
