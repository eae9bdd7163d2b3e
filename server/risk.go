package server

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/layers"
	"lookout/layers/forest"
	"lookout/spatial/heat"
)

// RiskEvery is how often RunHeat looks for fire-risk cells whose class
// changed: the deltas of that span are coalesced into one batch (a class
// that changed and changed back is not sent).
const RiskEvery = 2 * time.Second

// RunHeat keeps the fire-risk map moving until ctx ends: it re-scores the
// whole grid every `every` (so that decay and the weather reach every
// cell) and records the districts' means in the trend, and every RiskEvery
// it takes the cells whose danger class changed — by events or by the
// re-score — drops the risk tiles they touch and pushes them to the
// WebSocket clients subscribed to the "risk" layer. It does nothing when
// the server has no grid.
func (s *Server) RunHeat(ctx context.Context, every time.Duration) {
	g := s.opt.Heat
	if g == nil {
		return
	}
	tick := time.NewTicker(RiskEvery)
	defer tick.Stop()
	last, saved := time.Now(), time.Time{}
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			var changed []heat.Score
			if now.Sub(last) >= every {
				last = now
				var err error
				if changed, err = g.Recompute(now); err != nil {
					s.log.Error("fire risk: recompute", "err", err)
				}
				if t := s.opt.HeatTrend; t != nil {
					t.Record(now, g.Districts())
					if now.Sub(saved) >= t.Every {
						saved = now
						s.saveTrend(ctx, now)
					}
				}
			}
			s.riskChanged(append(changed, g.Changes()...))
		}
	}
}

// saveTrend writes the districts' roll-up to the district_risk layer,
// whose journal is the trend a restart reads back (forest.RestoreTrend).
func (s *Server) saveTrend(ctx context.Context, now time.Time) {
	ds, err := chongqing.Districts()
	if err != nil {
		s.log.Error("fire risk: save trend", "err", err)
		return
	}
	inside := map[string]orb.Point{}
	for _, d := range ds {
		inside[d.Code] = d.Inside
	}
	changes := forest.TrendChanges(s.world, s.opt.Heat.Districts(), func(code string) orb.Point { return inside[code] }, now)
	if err := layers.ApplyAll(ctx, s.world, changes); err != nil {
		s.log.Error("fire risk: save trend", "err", err)
	}
}

// riskChanged invalidates the risk tiles of changed cells and offers them
// to the hub as upserts of the risk layer.
func (s *Server) riskChanged(changed []heat.Score) {
	if len(changed) == 0 {
		return
	}
	events := make([]layers.Event, 0, len(changed))
	for _, sc := range changed {
		f := forest.RiskFeature(sc)
		if f == nil {
			continue
		}
		s.tiles.Invalidate(forest.Risk.Name, f.Bound())
		events = append(events, layers.Event{Kind: layers.EventUpsert, Layer: forest.Risk.Name, ID: f.ID, Feature: f, At: sc.At})
	}
	s.hub.Offer(events)
	s.riskDeltas.Add(int64(len(events)))
}
