package gather

import (
	"slices"
	"time"
)

// advance evaluates group g at every instant after its clock and up to hi
// where something can change — a member's fix, a fix ageing past MaxAge, a
// pending gathering reaching Duration — and, if inclusive (a Tick), at hi
// itself, then sets the clock to hi. It returns the events raised, in time
// order.
func (d *Detector) advance(g *group, hi time.Time, inclusive bool) []Event {
	lo := g.at.Add(time.Nanosecond)
	if hi.Before(lo) {
		return nil
	}
	var inst []time.Time
	for _, id := range g.ids {
		inst = d.persons[id].instants(inst, lo, hi, d.o.MaxAge)
	}
	if inclusive {
		inst = append(inst, hi)
	}
	slices.SortFunc(inst, time.Time.Compare)
	inst = slices.CompactFunc(inst, time.Time.Equal)

	var out []Event
	for {
		tau, ok := d.nextInstant(g, inst, lo, hi)
		if !ok {
			break
		}
		out = append(out, d.evaluate(g, tau)...)
		lo = tau.Add(time.Nanosecond)
	}
	g.at = hi
	if !g.due.After(hi) {
		g.due = time.Time{}
	}
	if !g.catching() {
		out = append(out, d.endOrphans(g, hi)...)
	}
	g.hw = maxTime(g.hw, hi)
	g.prune(d.o.Lateness)
	slices.SortStableFunc(out, func(a, b Event) int { return a.At.Compare(b.At) })
	return out
}

// nextInstant returns the first instant in [lo, hi] at which g must be
// evaluated: the first of inst not before lo, or a pending gathering's
// reaching Duration if sooner.
func (d *Detector) nextInstant(g *group, inst []time.Time, lo, hi time.Time) (time.Time, bool) {
	var next time.Time
	i, _ := slices.BinarySearchFunc(inst, lo, time.Time.Compare)
	if i < len(inst) {
		next = inst[i]
	}
	for _, r := range g.recs {
		if r.started || !r.endAt.IsZero() {
			continue
		}
		if p := maxTime(r.since.Add(d.o.Duration), lo); next.IsZero() || p.Before(next) {
			next = p
		}
	}
	return next, !next.IsZero() && !next.After(hi)
}

// endOrphans ends, once group g has caught up after late fixes, every
// gathering whose Start was told but which the re-evaluation no longer
// has: the late fixes showed its members were never together for
// Duration. Its End holds at the earliest late fix, or at its Start time
// if later, with CauseApart.
func (d *Detector) endOrphans(g *group, now time.Time) []Event {
	if g.rewoundTo.IsZero() {
		return nil
	}
	var ids []uint64
	for id, t := range g.told {
		if t.startSeq != 0 && t.endSeq == 0 && !slices.ContainsFunc(g.recs, func(r record) bool { return r.id == id }) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []Event
	for _, id := range ids {
		t := g.told[id]
		at := maxTime(g.rewoundTo, t.rec.since)
		out = append(out, d.event(g, End, &t.rec, at, CauseApart))
		d.seq++
		t.endSeq, t.endAt, t.endedAt = d.seq, at, now
	}
	g.rewoundTo = time.Time{}
	return out
}
