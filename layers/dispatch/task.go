package dispatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"lookout/layers"
	"lookout/layers/incident"
)

// taskStep is one task action: the state it leads to, the states it may
// start from, and the property that records when.
type taskStep struct {
	to   string
	from []string
	at   string
}

// TaskActions are the task lifecycle: assigned → en route (accept) → on
// scene (arrive) → released (release, from any active state).
var TaskActions = map[string]taskStep{
	"accept":  {to: EnRoute, from: []string{Assigned}, at: "en_route_at"},
	"arrive":  {to: OnScene, from: []string{Assigned, EnRoute}, at: "on_scene_at"},
	"release": {to: Released, from: []string{Assigned, EnRoute, OnScene}, at: "released_at"},
}

// Active reports whether a task state still holds its responder.
func Active(state string) bool { return state == Assigned || state == EnRoute || state == OnScene }

// Act performs a task action on assignment id on behalf of by: the
// responder's device or an operator accepting, arriving or releasing. An
// arrival also brings a dispatched incident on scene; a release frees the
// responder.
func (d *Desk) Act(ctx context.Context, id, action, by, note string, at time.Time) (*layers.Feature, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	a, err := d.world.Feature(Assignments.Name, id)
	if err != nil {
		return nil, err
	}
	return d.act(ctx, a, action, by, note, at)
}

// act performs action on assignment a. The caller holds d.mu.
func (d *Desk) act(ctx context.Context, a *layers.Feature, action, by, note string, at time.Time) (*layers.Feature, error) {
	st, ok := TaskActions[action]
	if !ok {
		return nil, fmt.Errorf("%w %q: want one of accept, arrive, release", ErrAction, action)
	}
	state, _ := a.Props["state"].(string)
	if !slices.Contains(st.from, state) {
		return nil, fmt.Errorf("%w: cannot %s a task that is %s", ErrTransition, action, state)
	}
	props := map[string]any{"state": st.to, st.at: at}
	if action == "release" {
		props["released_by"] = by
	}
	if note != "" {
		props["note"] = note
	}
	changes := []layers.Change{{Op: layers.Patch, Layer: Assignments.Name, ID: a.ID, Props: props, Time: at,
		Event: action, Actor: by, IfVersion: a.Version}}
	responder, _ := a.Props["responder"].(string)
	inc, _ := a.Props["incident"].(string)
	if r, err := d.world.Feature(Responders.Name, responder); err == nil && r.Props["task"] == inc {
		if st.to == Released {
			changes = append(changes, task(responder, "", "", by))
		} else {
			changes = append(changes, task(responder, inc, st.to, by))
		}
	}
	res, err := d.world.Apply(ctx, changes)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", action, a.ID, err)
	}
	if res[0].Err != nil {
		return nil, fmt.Errorf("%s %s: %w", action, a.ID, res[0].Err)
	}
	if action == "arrive" {
		d.arrive(ctx, inc, by, at)
	}
	return d.world.Feature(Assignments.Name, a.ID)
}

// arrive brings a dispatched incident on scene at the first arrival. An
// incident in any other state (already on scene, resolved meanwhile) is
// left as it is.
func (d *Desk) arrive(ctx context.Context, id, by string, at time.Time) {
	f, err := d.world.Feature(incident.Incidents.Name, id)
	if err != nil || f.Props["status"] != "dispatched" {
		return
	}
	if c, err := incident.Act(f, "arrive", by, "", at); err == nil {
		_, _ = d.apply(ctx, c)
	}
}

// Release releases every active task of incident id, as when it is
// resolved or dismissed, on behalf of by. It returns the tasks released.
func (d *Desk) Release(ctx context.Context, id, by string, at time.Time) ([]*layers.Feature, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	tasks, err := d.Tasks(id)
	if err != nil {
		return nil, err
	}
	var out []*layers.Feature
	var errs []error
	for _, a := range tasks {
		if state, _ := a.Props["state"].(string); !Active(state) {
			continue
		}
		f, err := d.act(ctx, a, "release", by, "", at)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, f)
	}
	return out, errors.Join(errs...)
}

// Tasks returns every assignment of incident id, oldest first.
func (d *Desk) Tasks(id string) ([]*layers.Feature, error) {
	inc, err := d.world.Feature(incident.Incidents.Name, id)
	if err != nil {
		return nil, err
	}
	return incident.Attached(d.world, Assignments.Name, inc)
}
