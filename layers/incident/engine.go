package incident

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"lookout/layers"
	"lookout/spatial/geojson"
)

// Actor is who the engine's changes are journalled as.
const Actor = "rules"

// Options configure an Engine.
type Options struct {
	Logger *slog.Logger
	// Tick is how often time-driven rules are asked (default 1 s).
	Tick time.Duration
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
	// Window, when set, gives each alert's correlation window (see
	// Correlator.WindowFor).
	Window func(a layers.Alert) time.Duration
}

// Engine runs the domain rules on every committed change and writes what
// they raise — alerts, and the incidents they are correlated into — back
// through World.Apply, so alerts and incidents are durable, versioned,
// tiled and pushed like everything else.
//
// It is a layers.Publisher: Publish only queues the events (it is called by
// the World's committer and must not block, least of all on an Apply of its
// own, which would wait for that same committer). One goroutine, Run,
// drains the queue, so rules and the correlator need no locks. The queue
// grows while the engine is behind; Stats says by how much.
type Engine struct {
	world *layers.World
	rules []layers.Rule
	corr  *Correlator
	opt   Options

	mu    sync.Mutex
	queue []layers.Event
	wake  chan struct{}

	alerts, incidents, failed atomic.Int64
	lag                       atomic.Int64 // events queued, not yet evaluated
}

// NewEngine returns an engine over w running rules, with the open
// incidents already in w tracked so that new alerts join them.
func NewEngine(w *layers.World, rules []layers.Rule, opt Options) (*Engine, error) {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Tick <= 0 {
		opt.Tick = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	e := &Engine{world: w, rules: rules, corr: NewCorrelator(), opt: opt, wake: make(chan struct{}, 1)}
	e.corr.WindowFor = opt.Window
	for _, r := range rules {
		if s, ok := r.(layers.Seeded); ok {
			if err := s.Seed(w, opt.Now()); err != nil {
				return nil, fmt.Errorf("seed rule %s: %w", r.Name(), err)
			}
		}
	}
	if err := w.Each(Incidents.Name, nil, e.corr.Track); err != nil {
		return nil, err
	}
	return e, nil
}

// Stats counts the engine's work: alerts raised, incidents opened, changes
// that could not be written, and events waiting to be evaluated.
type Stats struct {
	Alerts, Incidents, Failed, Lag int64
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	return Stats{Alerts: e.alerts.Load(), Incidents: e.incidents.Load(), Failed: e.failed.Load(), Lag: e.lag.Load()}
}

// Publish queues committed events for the engine's goroutine.
func (e *Engine) Publish(events []layers.Event) {
	e.mu.Lock()
	e.queue = append(e.queue, events...)
	e.mu.Unlock()
	e.lag.Add(int64(len(events)))
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run evaluates queued events and ticks the rules until ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	t := time.NewTicker(e.opt.Tick)
	defer t.Stop()
	for {
		var alerts []layers.Alert
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.wake:
			alerts = e.drain()
		case <-t.C:
			now := e.opt.Now()
			for _, r := range e.rules {
				alerts = append(alerts, r.Tick(now)...)
			}
		}
		if len(alerts) > 0 {
			e.raise(ctx, alerts)
		}
		e.write(ctx)
	}
}

// write applies what Writer rules derived (a risk score), as the engine.
// A score that could not be written is written again when it next moves.
func (e *Engine) write(ctx context.Context) {
	var changes []layers.Change
	for _, r := range e.rules {
		if w, ok := r.(layers.Writer); ok {
			changes = append(changes, w.Changes(e.opt.Now())...)
		}
	}
	for i := range changes {
		changes[i].Actor = Actor
	}
	if len(changes) > 0 {
		e.apply(ctx, changes)
	}
}

// drain evaluates every queued event: incidents update the correlator (a
// user resolving an incident closes it), every other layer — alerts too,
// for rules that score their subjects by them — goes through the rules.
func (e *Engine) drain() []layers.Alert {
	e.mu.Lock()
	events := e.queue
	e.queue = nil
	e.mu.Unlock()
	var alerts []layers.Alert
	for _, ev := range events {
		switch ev.Layer {
		case Incidents.Name:
			if ev.Feature == nil {
				e.corr.Close(ev.ID)
			} else {
				e.corr.Track(ev.Feature)
			}
		default:
			for _, r := range e.rules {
				alerts = append(alerts, r.Observe(ev)...)
			}
		}
	}
	e.lag.Add(-int64(len(events)))
	return alerts
}

// raise correlates alerts into incidents and writes both in one Apply.
func (e *Engine) raise(ctx context.Context, alerts []layers.Alert) {
	var changes []layers.Change
	for _, a := range alerts {
		d := e.corr.Correlate(a, "inc-"+newID())
		changes = append(changes, alertChange(a, d), e.incidentChange(a, d))
		if d.New {
			e.incidents.Add(1)
		}
	}
	if e.apply(ctx, changes) {
		e.alerts.Add(int64(len(alerts)))
	}
}

// apply writes the engine's changes, retrying a failed commit with backoff
// for about 3 s. Each change refused (a feature deleted meanwhile), or all
// of them when the commit keeps failing, counts as failed and is logged.
// It reports whether the batch was committed.
func (e *Engine) apply(ctx context.Context, changes []layers.Change) bool {
	for attempt := 0; ; attempt++ {
		res, err := e.world.Apply(ctx, changes)
		if err == nil {
			for i, r := range res {
				if r.Err != nil {
					e.failed.Add(1)
					e.opt.Logger.Error("incident engine: change refused", "layer", changes[i].Layer, "id", changes[i].ID, "err", r.Err)
				}
			}
			return true
		}
		if ctx.Err() != nil || attempt == 5 {
			e.failed.Add(int64(len(changes)))
			e.opt.Logger.Error("incident engine: changes not written", "changes", len(changes), "err", err)
			return false
		}
		time.Sleep(time.Duration(100<<attempt) * time.Millisecond)
	}
}

func alertChange(a layers.Alert, d Decision) layers.Change {
	props := map[string]any{"rule": a.Rule, "domain": string(a.Domain), "severity": int64(a.Severity),
		"title": a.Title.Zh, "title_en": a.Title.En, "subject_layer": a.Layer, "subject": a.Subject,
		"incident": d.Incident, "reason": d.Reason, "at": a.At}
	if a.Detail != "" {
		props["detail"] = a.Detail
	}
	if a.District != "" {
		props["district"] = a.District
	}
	if a.Radius > 0 {
		props["radius_m"] = a.Radius
	}
	if a.Area != nil {
		props["area"] = string(geojson.AppendGeometry(nil, a.Area))
	}
	if a.Estimate != "" {
		props["estimate"] = a.Estimate
	}
	return layers.Change{Op: layers.Upsert, Layer: Alerts.Name, ID: "al-" + newID(), Geometry: a.Point,
		Props: props, Time: a.At, Event: a.Rule, Actor: Actor}
}

// incidentChange opens the incident, or updates it with one more alert.
func (e *Engine) incidentChange(a layers.Alert, d Decision) layers.Change {
	inc := e.corr.open[d.Incident]
	if d.New {
		props := map[string]any{"title": a.Title.Zh, "title_en": a.Title.En, "kind": a.Rule, "domain": string(a.Domain),
			"status": "new", "severity": int64(a.Severity), "source": a.Layer, "subject": a.Layer + "/" + a.Subject,
			"alerts": int64(1), "opened": a.At, "last_alert": a.At, "cell": inc.cell.String()}
		if a.District != "" {
			props["district"] = a.District
		}
		if a.Radius > 0 {
			props["radius_m"] = a.Radius
		}
		return layers.Change{Op: layers.Upsert, Layer: Incidents.Name, ID: d.Incident, Geometry: a.Point,
			Props: props, Time: a.At, Event: "open", Actor: Actor}
	}
	props := map[string]any{"alerts": int64(inc.alerts), "severity": int64(inc.severity), "last_alert": inc.last}
	c := layers.Change{Op: layers.Patch, Layer: Incidents.Name, ID: d.Incident, Props: props, Event: "alert", Actor: Actor}
	// A better estimate (a triangulated fire) moves the incident to it.
	if d.Move {
		c.Geometry = a.Point
		props["radius_m"] = a.Radius
		props["cell"] = inc.cell.String()
	}
	return c
}

// newID returns 12 random hex digits.
func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
