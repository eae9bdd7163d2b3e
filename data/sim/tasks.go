package sim

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// assignmentsLayer is where the server keeps the responders sent to
// incidents.
const assignmentsLayer = "assignments"

// taskPoll is how often, in real time, the simulator reads the
// assignments unless Options.TaskPoll says otherwise.
const taskPoll = 2 * time.Second

// defaultArrive is the on-scene radius, in metres, of an assignment that
// gives none: the server's own least radius.
const defaultArrive = 150.0

// Task states of an assignment, as the server spells them.
const (
	taskAssigned = "assigned"
	taskEnRoute  = "en_route"
	taskOnScene  = "on_scene"
)

// assignment is one responder sent to one incident, as the simulator read
// it from the assignments layer.
type assignment struct {
	id, incident, responder, kind, state string
	// at is the incident's place.
	at orb.Point
	// arrive is the on-scene radius in metres: the server marks the
	// responder on scene when a fix lands within it.
	arrive float64
	// since is when the responder was sent.
	since time.Time
}

// readAssignment returns the assignment a feature of the layer holds, and
// whether it is active: the responder is to go to the incident, or is
// there, until the assignment is released.
func readAssignment(f *feature) (assignment, bool) {
	a := assignment{id: f.id, incident: f.str("incident"), responder: f.str("responder"),
		kind: f.str("responder_kind"), state: f.str("state")}
	p, isPoint := f.geom.(orb.Point)
	if !isPoint || a.responder == "" {
		return a, false
	}
	a.at = p
	a.arrive, _ = f.num("arrive_m")
	if !(a.arrive > 0) {
		a.arrive = defaultArrive
	}
	a.since, _ = time.Parse(time.RFC3339Nano, f.str("assigned_at"))
	switch a.state {
	case taskAssigned, taskEnRoute, taskOnScene:
		return a, true
	}
	return a, false
}

// tasks are the active assignments by responder ID. A responder has one at
// a time; should the server hold more, the one sent last counts.
type tasks map[string]assignment

// newTasks returns the active assignments among the features of the
// assignments layer.
func newTasks(fs []feature) tasks {
	out := tasks{}
	for i := range fs {
		a, ok := readAssignment(&fs[i])
		if !ok {
			continue
		}
		if old, dup := out[a.responder]; dup && (old.since.After(a.since) || old.since.Equal(a.since) && old.id > a.id) {
			continue
		}
		out[a.responder] = a
	}
	return out
}

// taskFeed reads the assignments from the server and keeps the last good
// reading, which each tick takes. It reads the layer's features only when
// the layer's version has moved on since, and it keeps the last reading
// when a read fails: a server that restarts does not call anyone back.
type taskFeed struct {
	api *client
	log *slog.Logger

	mu  sync.Mutex
	cur tasks

	// The rest belongs to the goroutine that polls.
	version uint64 // the layer's version at the last reading
	read    bool   // whether cur was read at that version
	absent  bool   // the server has no assignments layer (logged once)
	failing bool   // the last poll failed (logged once per run of failures)
}

// current returns the last reading (nil before the first). The map is
// never changed once published.
func (f *taskFeed) current() tasks {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cur
}

// run polls every period of real time until ctx ends.
func (f *taskFeed) run(ctx context.Context, every time.Duration) {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			f.poll(ctx)
		}
	}
}

// poll reads the assignments once, trying each request once: the next
// poll is the retry. A server without the layer reads as no assignments.
func (f *taskFeed) poll(ctx context.Context) {
	err := f.refresh(ctx)
	switch {
	case ctx.Err() != nil:
	case errors.Is(err, errNoLayer):
		if !f.absent {
			f.log.Info("sim: the server has no assignments layer; responders only patrol until it has")
		}
		f.absent, f.failing, f.read = true, false, false
		f.publish(nil)
	case err != nil:
		if !f.failing {
			f.log.Warn("sim: cannot read the assignments; keeping the last reading", "err", err)
		}
		f.failing = true
	default:
		if f.failing || f.absent {
			f.log.Info("sim: reading the assignments again")
		}
		f.failing, f.absent = false, false
	}
}

// refresh reads the layer's version and, when it has moved on, its
// features.
func (f *taskFeed) refresh(ctx context.Context) error {
	v, err := f.api.version(ctx, assignmentsLayer)
	if err != nil {
		return err
	}
	if f.read && v == f.version {
		return nil
	}
	fs, err := f.api.read(ctx, assignmentsLayer, 1)
	if err != nil {
		return err
	}
	f.version, f.read = v, true
	f.publish(newTasks(fs))
	return nil
}

func (f *taskFeed) publish(t tasks) {
	f.mu.Lock()
	f.cur = t
	f.mu.Unlock()
}
