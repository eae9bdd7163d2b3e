package main

import (
	"context"
	"log/slog"
	"time"

	"lookout/layers"
	"lookout/layers/custody"
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
