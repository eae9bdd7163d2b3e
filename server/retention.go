package server

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Retention is how long track points are kept, enforced by RunRetention:
// each tracked layer's points older than its Keep are deleted, and points
// older than ThinAfter are down-sampled to one per ThinEvery per object.
type Retention struct {
	Keep      map[string]time.Duration // by layer; "" is every other layer
	ThinAfter time.Duration
	ThinEvery time.Duration // 0 keeps every point
}

// ParseRetention reads the retention flags: keep is a duration for every
// layer and layer=duration overrides, comma-separated ("720h,
// custody_persons=4320h"); thinAfter and thinEvery are durations.
func ParseRetention(keep, thinAfter, thinEvery string) (Retention, error) {
	r := Retention{Keep: map[string]time.Duration{}}
	for _, part := range strings.Split(keep, ",") {
		part = strings.TrimSpace(part)
		layer, d, ok := strings.Cut(part, "=")
		if !ok {
			layer, d = "", part
		}
		v, err := time.ParseDuration(d)
		if err != nil || v < time.Hour {
			return r, fmt.Errorf("config: --track-keep %q: want durations of an hour or more, such as 720h,custody_persons=4320h", part)
		}
		r.Keep[layer] = v
	}
	if _, ok := r.Keep[""]; !ok {
		return r, fmt.Errorf("config: --track-keep %q: give a duration for every layer, such as 720h", keep)
	}
	var err error
	if r.ThinAfter, err = time.ParseDuration(thinAfter); err != nil || r.ThinAfter < 0 {
		return r, fmt.Errorf("config: --track-thin-after %q: want a duration such as 48h", thinAfter)
	}
	if r.ThinEvery, err = time.ParseDuration(thinEvery); err != nil || r.ThinEvery < 0 {
		return r, fmt.Errorf("config: --track-thin-every %q: want a duration such as 1m (0 keeps every point)", thinEvery)
	}
	return r, nil
}

// keep returns how long a layer's points are kept.
func (r Retention) keep(layer string) time.Duration {
	if d, ok := r.Keep[layer]; ok {
		return d
	}
	return r.Keep[""]
}

// RunRetention enforces r on every tracked layer once an hour, the first
// time a minute after it starts, until ctx ends. It does nothing when the
// store keeps no tracks.
func (s *Server) RunRetention(ctx context.Context, r Retention) {
	if s.opt.Tracks == nil {
		return
	}
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = time.Hour
		s.Prune(ctx, r, time.Now())
	}
}

// Prune enforces r once, as of now, and logs what it deleted.
func (s *Server) Prune(ctx context.Context, r Retention, now time.Time) {
	for _, def := range s.world.Layers() {
		if !def.Track {
			continue
		}
		n, err := s.opt.Tracks.Prune(ctx, def.Name, now.Add(-r.keep(def.Name)), now.Add(-r.ThinAfter), r.ThinEvery)
		if err != nil {
			s.log.Error("track retention", "layer", def.Name, "err", err)
			continue
		}
		if n > 0 {
			s.log.Info("track retention", "layer", def.Name, "deleted", n)
		}
	}
}
