package fence

import (
	"slices"
	"time"

	"lookout/spatial"
)

// DefaultCrossingGap is the CrossingGap New sets: the longest time between
// two fixes for the straight line between them to stand for the path taken.
const DefaultCrossingGap = 10 * time.Minute

// Engine holds zones and subjects' states against them, and turns fixes
// into events. Create one with New. An Engine is not safe for concurrent
// use: the caller serialises every call (layers.World holds its lock).
type Engine struct {
	// CrossingGap is the longest time between two fixes of a subject for
	// the straight segment between them to be checked for crossing an
	// exclusion zone: further apart, the subject may have gone anywhere,
	// and a phone switched on again across the city would "cross" dozens
	// of venues. 0 turns crossing checks off.
	CrossingGap time.Duration

	zones    map[string]*zone
	shared   *spatial.Index[*zone] // exclusion zones for everyone, by grown bound
	anywhere []*zone               // inclusion zones for everyone: checked on every fix
	own      map[string][]*zone    // subject → the zones for it specifically
	subjects map[string]*subject
	alarms   alarms // deadlines for Tick
	tracked  int    // live tracks, to know when alarms is mostly stale
	epoch    uint64 // counts Observe calls, to mark zones already judged

	// linear, when set, is scanned instead of searching shared: the naive
	// baseline of the benchmarks, and nothing else.
	linear []*zone
}

// subject is what the engine keeps of one subject.
type subject struct {
	last   Fix  // the last fix taken
	seen   bool // whether last is set
	tracks map[string]*track
}

// New returns an empty engine.
func New() *Engine {
	return &Engine{
		CrossingGap: DefaultCrossingGap,
		zones:       make(map[string]*zone),
		shared:      spatial.NewIndex[*zone](),
		own:         make(map[string][]*zone),
		subjects:    make(map[string]*subject),
	}
}

// Len returns the number of zones.
func (e *Engine) Len() int { return len(e.zones) }

// Zone returns a copy of the zone stored under id.
func (e *Engine) Zone(id string) (Zone, bool) {
	z, ok := e.zones[id]
	if !ok {
		return Zone{}, false
	}
	c := z.Zone
	c.Subjects = slices.Clone(c.Subjects)
	c.Schedule.Windows = slices.Clone(c.Schedule.Windows)
	return c, true
}

// Put validates z and stores it, replacing the zone with the same ID.
//
// A replaced zone keeps its subjects' states when its Kind is unchanged:
// an edit of its shape, ring, schedule or timings is judged at each
// subject's next fix, through the usual debounce, and raises only what the
// new zone implies — a subject still inside an edited venue is not
// reported entering it again. States are reset (to the assumed compliant
// state, silently) when the Kind changes, since inside an inclusion zone
// and inside an exclusion zone mean opposite things, and for subjects the
// zone no longer applies to.
func (e *Engine) Put(z Zone) error {
	nz, err := newZone(z)
	if err != nil {
		return err
	}
	old := e.zones[nz.ID]
	e.zones[nz.ID] = nz
	if old != nil {
		e.unlink(old)
		for subj, t := range old.tracks {
			if old.Kind != nz.Kind || !nz.appliesTo(subj) {
				e.drop(t)
				continue
			}
			nz.tracks[subj] = t
			e.settle(t, nz, t.last.Time)
		}
	}
	e.link(nz)
	return nil
}

// Delete removes the zone id, with every subject's state against it, and
// reports whether it was there. It raises nothing: the caller knows.
func (e *Engine) Delete(id string) bool {
	z, ok := e.zones[id]
	if !ok {
		return false
	}
	e.unlink(z)
	for _, t := range z.tracks {
		e.drop(t)
	}
	delete(e.zones, id)
	return true
}

// State returns subject's confirmed state against zone id and its
// certainty. A subject at rest — compliant: inside an inclusion zone,
// outside an exclusion zone, as a subject never seen is assumed to be — has
// no track, and is reported Definite: the certainty of a compliant state,
// which raises nothing, is not kept. State returns zeros for an unknown
// zone or one that does not apply to the subject.
func (e *Engine) State(subjectID, zoneID string) (State, Certainty) {
	z, ok := e.zones[zoneID]
	if !ok || !z.appliesTo(subjectID) {
		return 0, 0
	}
	if t := z.tracks[subjectID]; t != nil {
		return t.state, t.cert
	}
	return rest(z.Kind), Definite
}

// Forget drops everything kept about a subject (a person released from
// supervision, a vehicle retired), but not the zones for it.
func (e *Engine) Forget(subjectID string) {
	s, ok := e.subjects[subjectID]
	if !ok {
		return
	}
	for _, t := range s.tracks {
		e.drop(t)
	}
	delete(e.subjects, subjectID)
}

// link makes z findable: in the index if it is an exclusion zone for
// everyone, in the list checked on every fix if it is an inclusion zone for
// everyone, else in the lists of its subjects.
func (e *Engine) link(z *zone) {
	switch {
	case z.forEveryone() && z.Kind == Exclusion:
		e.shared.Put(z.ID, z.bound, z)
	case z.forEveryone():
		e.anywhere = append(e.anywhere, z)
	default:
		for _, s := range z.Subjects {
			e.own[s] = append(e.own[s], z)
		}
	}
}

// unlink undoes link.
func (e *Engine) unlink(z *zone) {
	is := func(o *zone) bool { return o == z }
	switch {
	case z.forEveryone() && z.Kind == Exclusion:
		e.shared.Delete(z.ID)
	case z.forEveryone():
		e.anywhere = slices.DeleteFunc(e.anywhere, is)
	default:
		for _, s := range z.Subjects {
			if l := slices.DeleteFunc(e.own[s], is); len(l) > 0 {
				e.own[s] = l
			} else {
				delete(e.own, s)
			}
		}
	}
}

// appliesTo reports whether the zone applies to subject s.
func (z *zone) appliesTo(s string) bool {
	return z.forEveryone() || slices.Contains(z.Subjects, s)
}

// drop forgets track t. Its zone's map is the caller's to clear when it is
// discarding the zone anyway.
func (e *Engine) drop(t *track) {
	if t.dead {
		return
	}
	t.dead = true
	e.tracked--
	if z := e.zones[t.zone]; z != nil && z.tracks[t.subject] == t {
		delete(z.tracks, t.subject)
	}
	if s := e.subjects[t.subject]; s != nil {
		delete(s.tracks, t.zone)
	}
}

// settle drops a track that has come to rest, or queues its next deadline.
func (e *Engine) settle(t *track, z *zone, at time.Time) {
	if t.resting(z) {
		e.drop(t)
		return
	}
	if due := t.deadline(z, at); !due.Equal(t.due) {
		t.due = due
		if !due.IsZero() {
			e.alarms.push(alarm{at: due, t: t})
		}
	}
}
