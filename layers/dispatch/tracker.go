package dispatch

import (
	"context"
	"log/slog"
	"sync"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
)

// Setting out: a responder is en route once a fix is this much closer to
// the incident than it was when sent, or once it moves toward it at least
// this fast.
const (
	setOutMetres = 100.0
	setOutKmh    = 5.0
)

// AutoActor prefixes who the tracker's task actions are journalled as:
// "auto:rsp-crew-001" is the responder's own fix acting.
const AutoActor = "auto:"

// Tracker watches the fixes of responders with an active task and acts for
// them: accept when they set out toward the incident, arrive when a fix
// lands within the task's on-scene radius. It learns of tasks from the
// assignments layer's own events, so it follows every dispatch and release
// wherever it came from.
//
// It is a layers.Publisher: Publish only queues events (it runs on the
// World's committer and must not block, least of all on an Apply); Run
// drains the queue on one goroutine and acts through the Desk, whose lock
// keeps its writes in step with the dispatchers'. The queue grows while
// the tracker is behind.
type Tracker struct {
	desk  *Desk
	log   *slog.Logger
	tasks map[string]*tracked // responder → its active task; Run's only

	mu    sync.Mutex
	queue []layers.Event
	wake  chan struct{}
}

// tracked is an active task as the tracker follows it.
type tracked struct {
	id     string // assignment
	place  orb.Point
	radius float64
	state  string
	start  float64 // distance when sent
	last   float64 // distance at the last fix
}

// NewTracker returns a tracker acting through desk, following the tasks
// already active in its world.
func NewTracker(desk *Desk, log *slog.Logger) (*Tracker, error) {
	if log == nil {
		log = slog.Default()
	}
	t := &Tracker{desk: desk, log: log, tasks: map[string]*tracked{}, wake: make(chan struct{}, 1)}
	err := layers.EachFeature(desk.world, Assignments.Name, t.follow)
	return t, err
}

// Publish queues committed events for Run.
func (t *Tracker) Publish(events []layers.Event) {
	t.mu.Lock()
	for _, e := range events {
		if e.Layer == Assignments.Name || e.Layer == Responders.Name {
			t.queue = append(t.queue, e)
		}
	}
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Run acts on queued events until ctx ends.
func (t *Tracker) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.wake:
		}
		t.mu.Lock()
		events := t.queue
		t.queue = nil
		t.mu.Unlock()
		for _, e := range events {
			t.observe(ctx, e)
		}
	}
}

// observe follows a task's changes and acts on a responder's fix.
func (t *Tracker) observe(ctx context.Context, e layers.Event) {
	if e.Layer == Assignments.Name {
		if e.Feature == nil {
			if e.Old != nil {
				delete(t.tasks, str(e.Old, "responder"))
			}
			return
		}
		t.follow(e.Feature)
		return
	}
	x := t.tasks[e.ID]
	if x == nil || !e.NewFix() {
		return
	}
	p, _ := e.Feature.Geometry.(orb.Point)
	dist := spatial.Distance(p, x.place)
	speed, _ := e.Feature.Props["speed"].(float64)
	action := ""
	switch {
	case x.state != OnScene && dist <= x.radius:
		action = "arrive"
	case x.state == Assigned && (dist < x.start-setOutMetres || (speed >= setOutKmh && dist < x.last)):
		action = "accept"
	}
	x.last = dist
	if action == "" {
		return
	}
	if _, err := t.desk.Act(ctx, x.id, action, AutoActor+e.ID, "", e.Feature.Updated); err != nil {
		t.log.Warn("dispatch tracker: task action failed", "task", x.id, "action", action, "err", err)
		return
	}
	x.state = TaskActions[action].to
}

// follow starts, updates or stops following an assignment.
func (t *Tracker) follow(a *layers.Feature) {
	responder := str(a, "responder")
	state := str(a, "state")
	if !Active(state) {
		if x := t.tasks[responder]; x != nil && x.id == a.ID {
			delete(t.tasks, responder)
		}
		return
	}
	p, _ := a.Geometry.(orb.Point)
	radius, _ := a.Props["arrive_m"].(float64)
	start, _ := a.Props["distance_m"].(float64)
	x := t.tasks[responder]
	if x == nil || x.id != a.ID {
		x = &tracked{id: a.ID, start: start, last: start}
		t.tasks[responder] = x
	}
	x.place, x.radius, x.state = p, max(radius, ArriveRadius), state
}

func str(f *layers.Feature, key string) string {
	s, _ := f.Props[key].(string)
	return s
}
