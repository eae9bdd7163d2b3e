package gather

import (
	"slices"
	"time"

	"lookout/spatial"
)

// evaluate brings group g's state to instant tau and returns the events
// that raises. It is the one place where gatherings begin, grow, start and
// end; everything else decides at which instants to call it.
//
// At tau every member with a fix younger than MaxAge is placed at their
// last fix. Members are linked when within Radius, or within
// EndFactor·Radius when both belong to the same started gathering
// (hysteresis); the connected sets of at least K members are the
// candidates. Each record (reported ones first, then started, then the
// oldest) keeps the set sharing the most — at least K — of its members; a
// set no record keeps becomes a new pending record, after splitting it again
// with Radius alone. A record left without a set ends: silently if it was
// never reported started, with an End otherwise. A pending record together
// for Duration starts.
func (d *Detector) evaluate(g *group, tau time.Time) []Event {
	comps := d.components(g, tau)
	next, claimed, matched := d.match(g, comps)
	out, next := d.endUnmatched(g, tau, comps, claimed, matched, next)
	next = d.addNew(g, tau, comps, claimed, next)
	out = append(out, d.promote(g, tau, next)...)
	slices.SortFunc(next, func(a, b record) int { return cmpID(a.id, b.id) })
	if !sameRecs(g.recs, next) {
		g.log = append(g.log, entry{at: tau, recs: cloneRecs(next)})
	}
	g.recs = next
	g.dirty = false
	return out
}

// components returns the candidate sets of group g at tau: the connected
// sets of at least K members placed by fresh fixes.
func (d *Detector) components(g *group, tau time.Time) [][]snap {
	var live []snap
	for _, id := range g.ids {
		if f, ok := d.persons[id].freshAt(tau, d.o.MaxAge); ok {
			live = append(live, snap{id, f})
		}
	}
	reach := d.o.Radius * d.o.EndFactor
	return clusters(live, d.o.K, func(a, b snap) bool {
		m := spatial.Distance(a.f.P, b.f.P)
		return m <= d.o.Radius || m <= reach && g.startedTogether(a.id, b.id)
	})
}

// match lets each record of g, in priority order, claim the set sharing
// the most (at least K) of its members, the larger set on a tie. It returns
// the records kept, with their new members, which sets were claimed and
// which records (by index in g.recs) claimed one.
func (d *Detector) match(g *group, comps [][]snap) (next []record, claimed, matched []bool) {
	next = make([]record, 0, len(g.recs)+len(comps))
	claimed, matched = make([]bool, len(comps)), make([]bool, len(g.recs))
	for _, ri := range g.priority() {
		r, best, bestOv := g.recs[ri], -1, 0
		for ci, c := range comps {
			ov := overlapSnaps(r.members, c)
			if claimed[ci] || ov < d.o.K || ov < bestOv || ov == bestOv && best >= 0 && len(c) <= len(comps[best]) {
				continue
			}
			best, bestOv = ci, ov
		}
		if best < 0 {
			continue
		}
		claimed[best], matched[ri] = true, true
		r.members, r.fixes = split(comps[best])
		r.endAt, r.endCause = time.Time{}, ""
		next = append(next, r)
	}
	return next, claimed, matched
}

// endUnmatched ends the records of g that claimed no set at tau, returning
// the Ends to report and next with the records kept for now (an End put
// off) appended.
func (d *Detector) endUnmatched(g *group, tau time.Time, comps [][]snap, claimed, matched []bool, next []record) ([]Event, []record) {
	var out []Event
	for ri, r := range g.recs {
		if matched[ri] {
			continue
		}
		ev, keep := d.end(g, &r, tau, d.cause(g, &r, tau, comps, claimed))
		if keep {
			next = append(next, r)
		} else if ev != nil {
			out = append(out, *ev)
		}
	}
	return out, next
}

// addNew appends to next a pending record since tau for every set no
// record claimed, split again with Radius alone (hysteresis only holds a
// started gathering together). A record for people a rewind's discarded
// timeline had together takes that record's ID.
func (d *Detector) addNew(g *group, tau time.Time, comps [][]snap, claimed []bool, next []record) []record {
	for ci, c := range comps {
		if claimed[ci] {
			continue
		}
		strict := clusters(c, d.o.K, func(a, b snap) bool { return spatial.Distance(a.f.P, b.f.P) <= d.o.Radius })
		for _, sub := range strict {
			members, fixes := split(sub)
			id := g.ghost(members, d.o.K, next)
			if id == 0 {
				d.nextID++
				id = d.nextID
			}
			next = append(next, record{id: id, members: members, fixes: fixes, since: tau})
		}
	}
	return next
}

// promote starts the pending records of next together for Duration at tau,
// and gives a new ID to a record that late fixes carried past the End
// already reported for it, raising a Start with CauseResumed if it had
// started. A Start already told is not told again.
func (d *Detector) promote(g *group, tau time.Time, next []record) []Event {
	var out []Event
	for i := range next {
		r := &next[i]
		if !r.endAt.IsZero() {
			continue // an End put off while catching up
		}
		if t := g.told[r.id]; t != nil && t.endSeq != 0 && !tau.Before(t.endAt) {
			d.nextID++
			r.id = d.nextID
			if r.started {
				out = append(out, d.tellStart(g, r, tau, CauseResumed))
			}
		}
		if !r.started && !tau.Before(r.since.Add(d.o.Duration)) {
			r.started = true
			if t := g.told[r.id]; t == nil || t.startSeq == 0 {
				out = append(out, d.tellStart(g, r, tau, ""))
			}
		}
	}
	return out
}

// end handles record r of g, which no set kept at tau. It returns the End
// to report, if any, and whether to keep the record for now.
//
// A record whose Start was told before the group's latest rewind is
// protected while the group catches up: a late fix must not end, out of
// order, a gathering that the newer fixes already seen had kept going. Its
// End is put off (remembering when and why); if the members are together
// again before the group catches up, it never happens, and otherwise it is
// reported then, with its own, earlier, instant.
func (d *Detector) end(g *group, r *record, tau time.Time, cause string) (*Event, bool) {
	t := g.told[r.id]
	switch {
	case !t.open():
		return nil, false
	case t.startSeq <= g.rewindSeq && tau.Before(g.hw):
		if r.endAt.IsZero() {
			r.endAt, r.endCause = tau, cause
		}
		return nil, true
	}
	at, c := tau, cause
	if !r.endAt.IsZero() {
		at, c = r.endAt, r.endCause
	}
	ev := d.event(g, End, r, at, c)
	d.seq++
	t.endSeq, t.endAt, t.endedAt = d.seq, at, tau
	return &ev, false
}

// tellStart returns the Start of r at tau and records that it was told.
func (d *Detector) tellStart(g *group, r *record, tau time.Time, cause string) Event {
	ev := d.event(g, Start, r, tau, cause)
	d.seq++
	g.told[r.id] = &told{startSeq: d.seq, rec: r.clone()}
	return ev
}

// cause says why record r ended at tau.
func (d *Detector) cause(g *group, r *record, tau time.Time, comps [][]snap, claimed []bool) string {
	stale := false
	for _, id := range r.members {
		if _, ok := slices.BinarySearch(g.ids, id); !ok {
			return CauseRemoved
		}
		if _, ok := d.persons[id].freshAt(tau, d.o.MaxAge); !ok {
			stale = true
		}
	}
	for ci, c := range comps {
		if claimed[ci] && overlapSnaps(r.members, c) > 0 {
			return CauseMerged
		}
	}
	if stale {
		return CauseStale
	}
	return CauseApart
}

// startedTogether reports whether a and b are members of one started
// gathering whose End is not pending.
func (g *group) startedTogether(a, b string) bool {
	for _, r := range g.recs {
		if r.started && r.endAt.IsZero() {
			_, okA := slices.BinarySearch(r.members, a)
			_, okB := slices.BinarySearch(r.members, b)
			if okA && okB {
				return true
			}
		}
	}
	return false
}

// priority returns the indices of g.recs in the order they choose sets:
// reported gatherings first, then started ones, then the oldest.
func (g *group) priority() []int {
	rank := func(r record) int {
		switch {
		case g.told[r.id].open():
			return 0
		case r.started:
			return 1
		}
		return 2
	}
	idx := make([]int, len(g.recs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := g.recs[i], g.recs[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if c := a.since.Compare(b.since); c != 0 {
			return c
		}
		return cmpID(a.id, b.id)
	})
	return idx
}
