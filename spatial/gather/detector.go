// Package gather detects gatherings of people who must not meet: members of
// one group (the co-defendants of one case, under non-custodial
// supervision) of whom at least K stay within a radius of each other for a
// duration.
//
// It is pure: no I/O, no goroutines, no locks. A Detector is not safe for
// concurrent use; its caller (the custody layer) serialises calls.
//
// # Cost
//
// A fix of someone with no gathering under way in their group costs a
// lookup of the co-defendants filed in the H3 cells around it (see
// Options.Res), so the cost of the common case grows with how many
// co-defendants are close by, not with the number of people. Only a group
// with something under way is evaluated as a whole, and a case has a
// handful of members.
//
// # Time
//
// The detector never reads the clock. Every group has its own clock, moved
// by its members' fixes (their own timestamps) and by Tick. A group is
// evaluated at every instant where something can change — a fix, a fix
// ageing past MaxAge, a pending gathering reaching Duration — in time order.
// An instant is evaluated once the group has moved past it: by a fix of a
// member at a later instant, or by Tick. So fixes of several members with
// the same timestamp are all taken into account, and the events of an
// instant come with the next fix of the group or the next Tick.
//
// A late fix is one at or before an instant already evaluated, typically
// part of a batch uploaded after a dead zone. It is evaluated in its own
// time order, against the other members' fixes as of its time (the
// detector keeps each person's fixes of the last Lateness+MaxAge): the
// group is rewound to its state just before the fix, and its next fix or
// Tick carries it forward again over every instant it had already seen, now
// with the late fixes in place. The caller gives a batch sorted by time, so
// that each fix of it carries the group forward from the one before.
//
// What callers were told is never taken back, and nothing is told twice:
//
//   - a re-evaluated gathering keeps its ID, and a Start or End already
//     told is not told again;
//   - a Start or End the late fixes imply is raised with the instant the
//     fixes give, marked Late — a Start only if, with the late fixes in
//     place among the others, the members were together for the whole
//     Duration (a single stray fix near a co-defendant starts nothing);
//   - a late fix does not end, out of order, a gathering whose Start was told
//     before it arrived: the End is put off until the group has caught up
//     with the instants it had already seen, and dropped if the members were
//     together again by then; otherwise it is raised then, with its own
//     instant, marked Late;
//   - if late fixes show that a gathering whose End was told went on, a new
//     Start (a new ID) with CauseResumed and the original Start time is
//     raised;
//   - if late fixes show that a gathering whose Start was told never was, it
//     ends, marked Late, at the earliest late fix (or its Start time, if
//     later) once the group has caught up;
//   - a fix more than Lateness behind the newest instant its group has been
//     evaluated at is dropped and counted in Stats.Dropped.
package gather

import (
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// Detector finds gatherings. Create one with New. It is not safe for
// concurrent use.
type Detector struct {
	o       Options
	persons map[string]*person
	groups  map[string]*group
	index   cellIndex
	nextID  uint64 // last gathering ID given
	seq     uint64 // last event sequence number
	dropped int

	find     int // how candidates are found: viaCells but in tests and benchmarks
	examined int // people examined to find candidates, for the cost test
}

// New returns an empty detector with options o (zero fields defaulted).
func New(o Options) *Detector {
	o = o.withDefaults()
	return &Detector{
		o:       o,
		persons: map[string]*person{},
		groups:  map[string]*group{},
		index:   newCellIndex(o.Res, o.Radius),
	}
}

// Options returns the options in force, defaults filled in.
func (d *Detector) Options() Options { return d.o }

// SetGroup puts person id in the group called name (a case); the empty
// name takes them out of every group. A person's fixes stay with them.
// Gatherings the change breaks end (CauseRemoved), and gatherings it makes
// begin, at the group's next evaluated instant: that of the next fix of a
// member, or the next Tick.
func (d *Detector) SetGroup(id, name string) {
	if id == "" {
		return
	}
	ps := d.person(id)
	old := ps.group
	if old != nil && old.name == name {
		return
	}
	if old != nil {
		old.removeID(id)
		old.dirty = true
		d.forget(old)
	}
	ps.group = nil
	if name != "" {
		g := d.groups[name]
		if g == nil {
			g = &group{name: name, told: map[uint64]*told{}}
			d.groups[name] = g
		}
		g.addID(id)
		g.dirty = true
		ps.group = g
	}
	d.index.place(ps, ps.group, ps.cell)
}

// Remove forgets person id and their fixes. A gathering they were part of
// ends (CauseRemoved) at the group's next evaluated instant if it no longer
// has K members.
func (d *Detector) Remove(id string) {
	ps := d.persons[id]
	if ps == nil {
		return
	}
	d.index.place(ps, nil, 0)
	if g := ps.group; g != nil {
		g.removeID(id)
		g.dirty = true
		d.forget(g)
	}
	delete(d.persons, id)
}

// person returns person id, creating them.
func (d *Detector) person(id string) *person {
	ps := d.persons[id]
	if ps == nil {
		ps = &person{id: id}
		d.persons[id] = ps
	}
	return ps
}

// forget drops group g once it has no members and nothing under way.
func (d *Detector) forget(g *group) {
	if len(g.ids) == 0 && len(g.recs) == 0 && !g.catching() {
		delete(d.groups, g.name)
	}
}

// Observe records that person id was at p at time t and returns the events
// this raises: those of the group's instants before t (see the package
// documentation), in time order. Fixes of one person may come in any order,
// but a batch of late fixes is best given sorted by time. An invalid point
// or a zero time is ignored.
func (d *Detector) Observe(id string, p orb.Point, t time.Time) []Event {
	if id == "" || t.IsZero() || !validPoint(p) {
		return nil
	}
	ps := d.person(id)
	g := ps.group
	if g != nil && t.Before(g.hw.Add(-d.o.Lateness)) {
		d.dropped++
		return nil
	}
	newest := ps.add(fix{T: t, P: p}, d.o.Lateness+d.o.MaxAge)
	if newest {
		d.index.place(ps, g, d.index.cellOf(ps, p))
	}
	switch {
	case g == nil:
		return nil
	case !t.After(g.at):
		g.rewind(t, d.seq)
		return nil
	}
	var out []Event
	if g.busy() {
		out = d.advance(g, t.Add(-time.Nanosecond), false)
	} else {
		// Nothing is under way: no instant before t can change anything.
		g.at = t.Add(-time.Nanosecond)
		g.hw = maxTime(g.hw, g.at)
	}
	if g.busy() || !newest || len(g.ids) >= d.o.K && d.hasNeighbour(ps, p, t) {
		g.due = maxTime(g.due, t) // t may link members: evaluate it
	}
	return out
}

// Tick evaluates every group with something under way at every instant up
// to now included, and returns the events that raises: a pending gathering
// whose members have been together for Duration starts, fixes that have
// aged past MaxAge end gatherings, the instants of the latest fixes are
// evaluated, a group catching up after late fixes is brought to now.
// Groups are visited in name order, each one's events in time order. A
// group already evaluated at now is left alone, and a fix at or before now
// that arrives afterwards is late.
func (d *Detector) Tick(now time.Time) []Event {
	var names []string
	for name, g := range d.groups {
		if g.busy() && now.After(g.at) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var out []Event
	for _, name := range names {
		g := d.groups[name]
		out = append(out, d.advance(g, now, true)...)
		d.forget(g)
	}
	return out
}

// Stats are counts for monitoring.
type Stats struct {
	Persons, Groups int
	Pending, Active int // gatherings under way, not yet and already started
	Dropped         int // fixes too late to evaluate (more than Lateness)
}

// Stats returns the detector's counts.
func (d *Detector) Stats() Stats {
	s := Stats{Persons: len(d.persons), Groups: len(d.groups), Dropped: d.dropped}
	for _, g := range d.groups {
		for _, r := range g.recs {
			if r.started {
				s.Active++
			} else {
				s.Pending++
			}
		}
	}
	return s
}

// validPoint reports whether p is a longitude and latitude.
func validPoint(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90 &&
		!math.IsNaN(p[0]) && !math.IsNaN(p[1])
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
