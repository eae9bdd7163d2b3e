package gather

import (
	"slices"
	"time"
)

// group is one case: its members, the gatherings under way, and the
// group's own clock.
//
// The clock at is the instant the group has been evaluated up to; hw (high
// water) the newest instant it has ever been evaluated at. A fix at or
// before at rewinds the group: its state is restored from the log as it was
// just before the fix, and the clock set there. While at < hw the group is
// catching up, and the next fix or Tick carries it forward over every
// instant it had already seen, with the new fixes in place.
type group struct {
	name string
	ids  []string // members, sorted
	at   time.Time
	hw   time.Time
	// due is the instant of the newest fix that may link members, not yet
	// evaluated (zero when there is none): the group must be evaluated
	// there even if nothing else is under way.
	due  time.Time
	recs []record
	// log holds the state after each evaluation that changed it, over the
	// last Lateness (and the last one before, as the base).
	log []entry
	// ghosts are the records of the timeline a rewind discarded; a record
	// the re-evaluation creates for the same people takes a ghost's ID, so
	// a gathering already reported keeps its identity.
	ghosts []record
	// told is what callers have been told of each gathering, which no
	// rewind undoes.
	told map[uint64]*told
	// rewindSeq is the event sequence number at the latest rewind: a record
	// whose Start was told at or before it is protected from an End while
	// the group catches up. rewoundTo is the earliest late fix since the
	// group last caught up (zero when it has).
	rewindSeq uint64
	rewoundTo time.Time
	dirty     bool // membership changed: evaluate at the next instant
}

// record is one set of members together: pending until started.
type record struct {
	id      uint64
	members []string // sorted
	fixes   []fix    // each member's fix when last seen together (not compared)
	since   time.Time
	started bool
	// endAt and endCause hold an End put off while catching up (see
	// Detector.end); zero otherwise.
	endAt    time.Time
	endCause string
}

// entry is the group's state after the evaluation at instant at.
type entry struct {
	at   time.Time
	recs []record
}

// told records the events reported for one gathering.
type told struct {
	startSeq, endSeq uint64
	rec              record    // the record as its Start was told
	endAt            time.Time // the End's instant
	endedAt          time.Time // the instant it was reported at, for pruning
}

// open reports whether the gathering's Start was told and its End not.
func (t *told) open() bool { return t != nil && t.startSeq != 0 && t.endSeq == 0 }

// catching reports whether the group is behind its high water.
func (g *group) catching() bool { return g.at.Before(g.hw) }

// busy reports whether the group must be evaluated even if none of its
// members sends a fix: it has gatherings (pending or started), is catching
// up, has a fix instant to evaluate, or changed membership.
func (g *group) busy() bool {
	return len(g.recs) > 0 || g.catching() || !g.due.IsZero() || g.dirty
}

// addID and removeID keep ids sorted.
func (g *group) addID(id string) {
	if i, ok := slices.BinarySearch(g.ids, id); !ok {
		g.ids = slices.Insert(g.ids, i, id)
	}
}

func (g *group) removeID(id string) {
	if i, ok := slices.BinarySearch(g.ids, id); ok {
		g.ids = slices.Delete(g.ids, i, i+1)
	}
}

// rewind restores the state the group had just before t and sets its clock
// there; the next fix or Tick evaluates from t on. seq is the last event
// sequence number told.
func (g *group) rewind(t time.Time, seq uint64) {
	g.rewindSeq = seq
	if g.rewoundTo.IsZero() || t.Before(g.rewoundTo) {
		g.rewoundTo = t
	}
	i, _ := slices.BinarySearchFunc(g.log, t, func(e entry, t time.Time) int { return e.at.Compare(t) })
	g.ghosts = append(g.ghosts, cloneRecs(g.recs)...)
	for _, e := range g.log[i:] {
		g.ghosts = append(g.ghosts, cloneRecs(e.recs)...)
	}
	g.log = g.log[:i]
	g.recs = nil
	if i > 0 {
		g.recs = cloneRecs(g.log[i-1].recs)
	}
	g.at = t.Add(-time.Nanosecond)
}

// ghost returns the ID of a discarded record sharing at least k of members
// and not in use in recs, preferring a gathering whose Start was told and
// End not, and forgets it; 0 when there is none.
func (g *group) ghost(members []string, k int, recs []record) uint64 {
	fits := func(r record) bool {
		inUse := slices.ContainsFunc(recs, func(x record) bool { return x.id == r.id })
		return !inUse && overlap(r.members, members) >= k
	}
	i := slices.IndexFunc(g.ghosts, func(r record) bool { return g.told[r.id].open() && fits(r) })
	if i < 0 {
		i = slices.IndexFunc(g.ghosts, fits)
	}
	if i < 0 {
		return 0
	}
	id := g.ghosts[i].id
	g.ghosts = slices.Delete(g.ghosts, i, i+1)
	return id
}

// prune forgets log entries, ghosts and told records that no rewind can
// reach any more: those older than hw minus lateness.
func (g *group) prune(lateness time.Duration) {
	cutoff := g.hw.Add(-lateness)
	i := 0
	for i+1 < len(g.log) && !g.log[i+1].at.After(cutoff) {
		i++
	}
	if n := len(g.log); n > 0 && len(g.log[n-1].recs) == 0 && g.log[n-1].at.Before(cutoff) {
		i = n // the base would be empty: no base needed
	}
	if i > 0 {
		g.log = append(g.log[:0], g.log[i:]...)
	}
	if !g.catching() {
		g.ghosts = nil
	}
	for id, t := range g.told {
		if t.endSeq != 0 && t.endedAt.Before(cutoff) {
			delete(g.told, id)
		}
	}
}

// cloneRecs returns a deep copy of rs.
func cloneRecs(rs []record) []record {
	if len(rs) == 0 {
		return nil
	}
	out := make([]record, len(rs))
	for i, r := range rs {
		out[i] = r.clone()
	}
	return out
}

// clone returns a deep copy of r.
func (r record) clone() record {
	r.members = slices.Clone(r.members)
	r.fixes = slices.Clone(r.fixes)
	return r
}

// sameRecs reports whether two states are equal, leaving out the fixes
// (which only serve an event for a member who has since left).
func sameRecs(a, b []record) bool {
	return slices.EqualFunc(a, b, func(x, y record) bool {
		return x.id == y.id && x.since.Equal(y.since) && x.started == y.started &&
			x.endAt.Equal(y.endAt) && x.endCause == y.endCause && slices.Equal(x.members, y.members)
	})
}
