package dispatch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/incident"
	"lookout/spatial"
)

// Errors of dispatching.
var (
	// ErrBusy means a responder already has an active task.
	ErrBusy = errors.New("dispatch: responder is busy")
	// ErrUnavailable means a responder is off duty or unavailable.
	ErrUnavailable = errors.New("dispatch: responder is not available")
	// ErrTransition means a task action does not fit the task's state.
	ErrTransition = errors.New("dispatch: task action not allowed in this state")
	// ErrAction means an unknown task action.
	ErrAction = errors.New("dispatch: unknown task action")
)

// ArriveRadius is the smallest radius in metres around an incident within
// which a responder's fix counts as on scene; an incident with a larger
// location uncertainty (a smoke estimate) gets its own radius.
const ArriveRadius = 150.0

// Desk writes every task: dispatching responders, their task actions, and
// releasing them when an incident closes. Its mutex serialises these
// writes, so that a responder checked free is still free when its task is
// written: two dispatchers clicking at once cannot both send it.
type Desk struct {
	world  *layers.World
	roster *Roster
	mu     sync.Mutex
}

// NewDesk returns the desk for w, with a roster of the free responders
// subscribed to w. If the roster cannot be read, the desk still works,
// recommending by walking every responder, and the error says why.
func NewDesk(w *layers.World) (*Desk, error) {
	r, err := NewRoster(w)
	if err != nil {
		return &Desk{world: w}, err
	}
	return &Desk{world: w, roster: r}, nil
}

// Recommend ranks the responders free to go by ETA to incident inc, over
// the roster: only available, free responders with the capability are
// walked. When fewer than q.K fit, it walks every responder instead
// (Recommend) to say why; so Excluded and Considered count every responder
// passed over only on a shortfall, and otherwise only the stale ones.
func (d *Desk) Recommend(inc *layers.Feature, q Query) (*Recommendation, error) {
	if d.roster == nil {
		return Recommend(d.world, inc, q)
	}
	rec, err := recommend(inc, q, walker{walk: d.roster.walk, free: true, rate: d.roster.rate})
	if err != nil || rec.Shortfall == nil {
		return rec, err
	}
	return Recommend(d.world, inc, q)
}

// Dispatch sends responders ids to incident incID on behalf of by. The
// incident's dispatch is written first (it fails on a stale or closed
// incident, and then nothing is sent); then one assignment per responder,
// and each responder's task, in one commit. Each responder must exist
// (layers.FieldError on "responder_ids[i]" otherwise), be available
// (ErrUnavailable) and be free (ErrBusy); one that is not stops the whole
// dispatch before anything is written.
func (d *Desk) Dispatch(ctx context.Context, incID string, ids []string, by, note string, at time.Time) (*layers.Feature, []*layers.Feature, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	inc, err := d.world.Feature(incident.Incidents.Name, incID)
	if err != nil {
		return nil, nil, err
	}
	p, ok := inc.Geometry.(orb.Point)
	if !ok {
		return nil, nil, ErrNoPlace
	}
	rs, err := d.free(ids)
	if err != nil {
		return nil, nil, err
	}
	act, err := incident.Act(inc, "dispatch", by, note, at)
	if err != nil {
		return nil, nil, err
	}
	if inc, err = d.apply(ctx, act); err != nil {
		return nil, nil, err
	}
	var changes []layers.Change
	for _, r := range rs {
		changes = append(changes, assignment(inc, p, r, by, note, at), task(r.ID, inc.ID, Assigned, by))
	}
	res, err := d.world.Apply(ctx, changes)
	if err != nil {
		return inc, nil, fmt.Errorf("dispatch %s: %w", incID, err)
	}
	var out []*layers.Feature
	for i, r := range res {
		if r.Err != nil {
			return inc, out, fmt.Errorf("dispatch %s: %s: %w", incID, changes[i].ID, r.Err)
		}
		if changes[i].Layer == Assignments.Name {
			if f, err := d.world.Feature(Assignments.Name, changes[i].ID); err == nil {
				out = append(out, f)
			}
		}
	}
	return inc, out, nil
}

// free returns the responders ids, each checked to exist and to be free to
// go. The caller holds d.mu.
func (d *Desk) free(ids []string) ([]*layers.Feature, error) {
	if len(ids) > MaxK {
		return nil, &layers.FieldError{Field: "responder_ids", Reason: fmt.Sprintf("at most %d at once", MaxK)}
	}
	var out []*layers.Feature
	for i, id := range ids {
		field := fmt.Sprintf("responder_ids[%d]", i)
		if slices.Index(ids, id) < i {
			return nil, &layers.FieldError{Field: field, Reason: fmt.Sprintf("%q is listed twice", id)}
		}
		r, err := d.world.Feature(Responders.Name, id)
		if errors.Is(err, layers.ErrNotFound) {
			return nil, &layers.FieldError{Field: field, Reason: fmt.Sprintf("no responder %q", id)}
		} else if err != nil {
			return nil, err
		}
		name, _ := r.Props["name"].(string)
		if av, _ := r.Props["availability"].(string); av != Available {
			return nil, fmt.Errorf("%w: %s (%s) is %s", ErrUnavailable, name, id, av)
		}
		if t, _ := r.Props["task"].(string); t != "" {
			return nil, fmt.Errorf("%w: %s (%s) is on %s", ErrBusy, name, id, t)
		}
		out = append(out, r)
	}
	return out, nil
}

// assignment is the new task of responder r at incident inc (at p).
func assignment(inc *layers.Feature, p orb.Point, r *layers.Feature, by, note string, at time.Time) layers.Change {
	rp, _ := r.Geometry.(orb.Point)
	dist := spatial.Distance(rp, p)
	kind, _ := r.Props["kind"].(string)
	speed, _ := r.Props["speed"].(float64)
	_, eta, _ := Travel(kind, dist, speed)
	radius, _ := inc.Props["radius_m"].(float64)
	props := map[string]any{
		"incident": inc.ID, "responder": r.ID, "responder_name": r.Props["name"], "responder_kind": kind,
		"title": inc.Props["title"], "state": Assigned, "assigned_by": by, "assigned_at": at,
		"distance_m": math.Round(dist), "eta_s": math.Round(eta.Seconds()), "arrive_m": max(ArriveRadius, radius),
	}
	if note != "" {
		props["note"] = note
	}
	if dist, ok := inc.Props["district"]; ok {
		props["district"] = dist
	}
	return layers.Change{Op: layers.Upsert, Layer: Assignments.Name, ID: "asg-" + newID(), Geometry: p,
		Props: props, Time: at, Event: "assign", Actor: by}
}

// task sets (or, for an empty incident, clears) a responder's current task.
// It is derived: it keeps the time of the responder's last fix.
func task(responder, inc, state, by string) layers.Change {
	props := map[string]any{"task": inc, "task_state": state}
	if inc == "" {
		props = map[string]any{"task": nil, "task_state": nil}
	}
	return layers.Change{Op: layers.Patch, Layer: Responders.Name, ID: responder, Props: props,
		Event: "task", Actor: by, Derived: true}
}

// apply writes one change and returns the feature it made.
func (d *Desk) apply(ctx context.Context, c layers.Change) (*layers.Feature, error) {
	res, err := d.world.Apply(ctx, []layers.Change{c})
	if err != nil {
		return nil, fmt.Errorf("%s %s/%s: %w", c.Event, c.Layer, c.ID, err)
	}
	if res[0].Err != nil {
		return nil, fmt.Errorf("%s %s/%s: %w", c.Event, c.Layer, c.ID, res[0].Err)
	}
	return d.world.Feature(c.Layer, c.ID)
}

// newID returns 12 random hex digits.
func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
