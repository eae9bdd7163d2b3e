package gather

import (
	"time"

	"github.com/paulmach/orb"
)

// Kind tells a Start from an End.
type Kind int

const (
	// Start is raised when a set of members has been together for
	// Options.Duration.
	Start Kind = iota + 1
	// End is raised when a started gathering is over.
	End
)

// String returns "start" or "end".
func (k Kind) String() string {
	switch k {
	case Start:
		return "start"
	case End:
		return "end"
	}
	return "unknown"
}

// Causes of an event, in Event.Cause.
const (
	// CauseResumed marks a Start for a gathering whose End was already
	// reported, when late fixes show that its members were in fact still
	// together afterwards: the Start carries the original Start time and a
	// new ID, which its End will carry.
	CauseResumed = "resumed"
	// CauseApart ends a gathering whose members moved apart.
	CauseApart = "apart"
	// CauseStale ends a gathering because a member's fix aged past MaxAge.
	CauseStale = "stale"
	// CauseMerged ends a gathering whose members joined another, older one.
	CauseMerged = "merged"
	// CauseRemoved ends a gathering because a member was removed from the
	// group (Remove or SetGroup).
	CauseRemoved = "removed"
)

// Member is one person of a gathering with the fix that placed them.
type Member struct {
	Person string
	// Point and Fix are the person's last fix at the event's instant At: for
	// an End, the fix that showed them apart, or the one that aged out.
	Point orb.Point
	Fix   time.Time
	// Age is At minus Fix: how old the fix was when the event held.
	Age time.Duration
}

// Event is the start or end of a gathering.
type Event struct {
	Kind  Kind
	Group string
	// ID identifies the gathering: its Start and End carry the same ID.
	ID      uint64
	Members []Member // sorted by Person
	// Place is the centroid of the members' fixes.
	Place orb.Point
	// Start is when the members came together (for a Start, At-Duration).
	Start time.Time
	// End is when they parted (End events only; equal to At). An End that
	// late fixes showed never was a gathering has End equal to Start.
	End time.Time
	// At is the instant the event holds at: for a Start, the moment the
	// members had been together for Options.Duration.
	At time.Time
	// Duration is how long they had been together at At.
	Duration time.Duration
	// Late is set when At is earlier than the newest instant the group had
	// already been evaluated at: the event was learnt from late fixes (a
	// batch after a dead zone, or fixes that arrived after a Tick past
	// their time).
	Late bool
	// Cause is one of the Cause constants: why an End ended, or
	// CauseResumed; empty for an ordinary Start.
	Cause string
}

// event builds an event for record r of group g at instant at; the members'
// fixes are their last fixes at that instant, or the record's own copy for
// a member who has left the group.
func (d *Detector) event(g *group, kind Kind, r *record, at time.Time, cause string) Event {
	ev := Event{
		Kind: kind, Group: g.name, ID: r.id, Start: r.since, At: at,
		Duration: at.Sub(r.since), Late: at.Before(g.hw), Cause: cause,
	}
	if kind == End {
		ev.End = at
	}
	var sum orb.Point
	for i, id := range r.members {
		f := r.fixes[i]
		if ps := d.persons[id]; ps != nil && ps.group == g {
			if last, ok := ps.asOf(at); ok {
				f = last
			}
		}
		ev.Members = append(ev.Members, Member{Person: id, Point: f.P, Fix: f.T, Age: at.Sub(f.T)})
		sum[0] += f.P[0]
		sum[1] += f.P[1]
	}
	if n := float64(len(r.members)); n > 0 {
		ev.Place = orb.Point{sum[0] / n, sum[1] / n}
	}
	return ev
}
