package incident

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"lookout/layers"
)

// Errors of the lifecycle.
var (
	ErrAction     = errors.New("incident: unknown action")
	ErrTransition = errors.New("incident: action not allowed in this state")
)

// step is one action of the lifecycle: the status it leads to, the
// statuses it may start from, and the properties that record when and who.
type step struct {
	to       string
	from     []string
	at, by   string
	optional bool // may be skipped: verify is optional before dispatch
}

// Actions are the lifecycle: new → acknowledged → verified (or dismissed
// as a false alarm) → dispatched → on scene → resolved.
var Actions = map[string]step{
	"ack":      {to: "acknowledged", from: []string{"new"}, at: "acknowledged_at", by: "acknowledged_by"},
	"verify":   {to: "verified", from: []string{"new", "acknowledged"}, at: "verified_at", by: "verified_by"},
	"dismiss":  {to: "dismissed", from: []string{"new", "acknowledged", "verified"}, at: "dismissed_at", by: "dismissed_by"},
	"dispatch": {to: "dispatched", from: []string{"new", "acknowledged", "verified", "dispatched", "on_scene"}, at: "dispatched_at"},
	"arrive":   {to: "on_scene", from: []string{"dispatched"}, at: "on_scene_at"},
	"resolve":  {to: "resolved", from: []string{"acknowledged", "verified", "dispatched", "on_scene"}, at: "resolved_at", by: "resolved_by"},
}

// Act returns the change that performs action on incident f, by actor at
// time at, with an optional note. The change carries f's version, so two
// operators acting at once cannot both win; the journal keeps who did it.
// An earlier stage that was skipped (acknowledge, when an operator verifies
// a new incident at once) gets the same time, so that stage clocks stay
// monotonic. A stage's time is when it was first reached: a second dispatch
// (reinforcements) keeps the first dispatch time, and reinforcements sent to
// an incident on scene leave it on scene.
func Act(f *layers.Feature, action, actor, note string, at time.Time) (layers.Change, error) {
	st, ok := Actions[action]
	if !ok {
		return layers.Change{}, fmt.Errorf("%w %q: want one of ack, verify, dismiss, dispatch, arrive, resolve", ErrAction, action)
	}
	status, _ := f.Props["status"].(string)
	if !slices.Contains(st.from, status) {
		return layers.Change{}, fmt.Errorf("%w: cannot %s an incident that is %s", ErrTransition, action, status)
	}
	props := map[string]any{"status": st.to}
	if status == "on_scene" && action == "dispatch" {
		props["status"] = status
	}
	if _, done := f.Props[st.at]; !done {
		props[st.at] = at
		if st.by != "" {
			props[st.by] = actor
		}
	}
	if _, acked := f.Props["acknowledged_at"]; !acked && action != "ack" {
		props["acknowledged_at"] = at
		props["acknowledged_by"] = actor
	}
	if note != "" {
		props["note"] = note
	}
	return layers.Change{Op: layers.Patch, Layer: Incidents.Name, ID: f.ID, Props: props, Time: at,
		Event: action, Actor: actor, IfVersion: f.Version}, nil
}
