package fence

import "time"

// track is one subject's state against one zone: the confirmed (debounced)
// state, what was last reported to the caller, and the current run of
// fixes that may change it. A track exists only while the subject is not at
// rest (see rest); a subject at rest against a zone costs nothing.
type track struct {
	subject, zone string

	state State     // confirmed state
	cert  Certainty // its certainty
	since time.Time // first fix of the run that confirmed state

	reported State // the state last reported to the caller
	raised   bool  // a violation has been reported for state since it was confirmed

	run run // the current run of consecutive fixes in one state

	insideSince time.Time // when the subject entered the zone proper
	tooLong     Certainty // InsideTooLong raised in this stay, with this certainty (0: not yet)

	last     Fix     // the last fix judged against the zone
	distance float64 // its signed distance to the zone's edge

	due  time.Time // the deadline queued for Tick; zero for none
	dead bool      // dropped: deadlines still queued for it are ignored
}

// run is a sequence of consecutive fixes in one state, and the Definite
// fixes at its end.
type run struct {
	state         State
	n             int
	since         time.Time
	definite      int
	definiteSince time.Time
}

// newTrack returns a track at rest: the subject is assumed compliant until
// its fixes say otherwise.
func newTrack(subject string, z *zone, f Fix) *track {
	r := rest(z.Kind)
	return &track{subject: subject, zone: z.ID, state: r, cert: Definite, reported: r, insideSince: f.Time}
}

// observe adds a fix, classified as st with certainty c at signed distance
// d, to the current run.
func (t *track) observe(st State, c Certainty, f Fix, d float64) {
	if t.run.n == 0 || st != t.run.state {
		t.run = run{state: st, since: f.Time}
	}
	t.run.n++
	if c == Definite {
		if t.run.definite == 0 {
			t.run.definiteSince = f.Time
		}
		t.run.definite++
	} else {
		t.run.definite = 0
	}
	t.last, t.distance = f, d
}

// step brings the track to time at (a fix's time, or a Tick deadline):
// it confirms a change the run has held long enough, raises what the
// schedule allows to be raised, and appends the events to out.
func (t *track) step(z *zone, at time.Time, out []Event) []Event {
	need := max(1, z.DwellFixes)
	held := func(n int, since time.Time) bool { return n >= need && at.Sub(since) >= z.Dwell }

	if t.run.n > 0 && t.run.state != t.state && held(t.run.n, t.run.since) {
		wasIn := in(z.Kind, t.state)
		t.state, t.since = t.run.state, t.run.since
		t.raised = false
		if in(z.Kind, t.state) && !wasIn {
			t.insideSince, t.tooLong = t.run.since, 0
		}
	}
	if t.run.n > 0 && t.run.state == t.state {
		// A downgrade to Possible is immediate; an upgrade to Definite
		// waits until Definite fixes have held as long as a change must.
		t.cert = Possible
		if t.run.definite > 0 && held(t.run.definite, t.run.definiteSince) {
			t.cert = Definite
		}
	}

	if !z.Schedule.Active(at) {
		return out
	}
	viol := violating(z.Kind, t.state, t.cert)
	switch {
	case t.state != t.reported:
		out = append(out, t.event(z, transition(z.Kind, t.reported, t.state), at, viol))
		t.reported, t.raised = t.state, viol
	case viol && !t.raised:
		// Possible became Definite, or a window opened on a state that was
		// already in violation: raise it now, once.
		typ := Exit
		if z.Kind == Exclusion {
			typ = Enter
		}
		out = append(out, t.event(z, typ, at, true))
		t.raised = true
	}
	if t.tooLongDue(z, at) {
		e := t.event(z, InsideTooLong, at, t.cert == Definite)
		e.Since = t.insideSince
		out = append(out, e)
		t.tooLong = t.cert
	}
	return out
}

// tooLongDue reports whether InsideTooLong is to be raised at time at: the
// subject has been inside for MaxInside and it has not been raised in this
// stay, or was raised only as Possible and is Definite now.
func (t *track) tooLongDue(z *zone, at time.Time) bool {
	return z.MaxInside > 0 && in(z.Kind, t.state) && at.Sub(t.insideSince) >= z.MaxInside &&
		(t.tooLong == 0 || (t.tooLong == Possible && t.cert == Definite))
}

// event returns an event of type typ about the track's current state.
func (t *track) event(z *zone, typ EventType, at time.Time, viol bool) Event {
	return Event{
		Type: typ, Zone: z.ID, Kind: z.Kind, Subject: t.subject,
		State: t.state, Certainty: t.cert, Violation: viol,
		Time: at, Since: t.since, Fix: t.last, Distance: t.distance,
	}
}

// deadline returns the next time after at when the track could change with
// no new fix — a dwell running out, a Definite run long enough to upgrade
// the certainty, MaxInside reached, or a window opening on something not
// yet raised — or the zero time if there is none.
func (t *track) deadline(z *zone, at time.Time) time.Time {
	var due time.Time
	consider := func(x time.Time) {
		if x.After(at) && (due.IsZero() || x.Before(due)) {
			due = x
		}
	}
	need := max(1, z.DwellFixes)
	if t.run.state != t.state && t.run.n >= need {
		consider(t.run.since.Add(z.Dwell))
	}
	if t.cert != Definite && t.run.definite >= need {
		consider(t.run.definiteSince.Add(z.Dwell))
	}
	if z.MaxInside > 0 && in(z.Kind, t.state) && t.tooLong == 0 {
		consider(t.insideSince.Add(z.MaxInside))
	}
	if !z.Schedule.Active(at) {
		unraised := t.state != t.reported || (violating(z.Kind, t.state, t.cert) && !t.raised) ||
			t.tooLongDue(z, at)
		if next, ok := z.Schedule.next(at); ok && unraised {
			consider(next)
		}
	}
	return due
}

// resting reports whether the track holds nothing the engine must keep:
// the subject is, was last reported and is running in the zone's rest
// state, and no MaxInside clock is running.
func (t *track) resting(z *zone) bool {
	r := rest(z.Kind)
	return t.state == r && t.reported == r && t.run.state == r && !(z.MaxInside > 0 && in(z.Kind, r))
}

// transition is the event type of a move from state a to state b: across
// the zone's edge it is Enter or Exit; otherwise it is across the ring's
// inner edge, into or out of the warning ring.
func transition(k Kind, a, b State) EventType {
	inA, inB := in(k, a), in(k, b)
	switch {
	case !inA && inB:
		return Enter
	case inA && !inB:
		return Exit
	case b == Warning:
		return WarnEnter
	}
	return WarnExit
}
