package fence

import "time"

// Tick raises the events that come due by now with no new fix: a dwell that
// ran out (the subject is assumed to have stayed where it was last seen),
// a Definite run long enough to upgrade a Possible state, MaxInside reached,
// and a schedule window opening on a state already in violation. Each is
// judged at its own deadline, which is the event's Time, in time order.
//
// It costs O(log n) per deadline due (a min-heap), nothing for the rest, so
// it can be called often — every second, say.
func (e *Engine) Tick(now time.Time) []Event {
	var out []Event
	for len(e.alarms) > 0 && !e.alarms[0].at.After(now) {
		a := e.alarms.pop()
		t := a.t
		if t.dead || !t.due.Equal(a.at) {
			continue // superseded
		}
		t.due = time.Time{}
		z := e.zones[t.zone]
		out = t.step(z, a.at, out)
		e.settle(t, z, a.at)
	}
	if len(e.alarms) > 2*e.tracked+1024 {
		e.alarms.compact()
	}
	return out
}

// alarm is a deadline of a track. A track has at most one live alarm: the
// one whose time equals its due; the others are stale and skipped.
type alarm struct {
	at time.Time
	t  *track
}

// alarms is a min-heap of alarms by time. It is written out rather than
// through container/heap so that pushing and popping do not allocate.
type alarms []alarm

func (h *alarms) push(a alarm) {
	*h = append(*h, a)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q[i].at.Before(q[p].at) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *alarms) pop() alarm {
	q := *h
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q[n] = alarm{}
	*h = q[:n]
	h.down(0)
	return top
}

func (h alarms) down(i int) {
	for {
		l, least := 2*i+1, i
		if l < len(h) && h[l].at.Before(h[least].at) {
			least = l
		}
		if r := l + 1; r < len(h) && h[r].at.Before(h[least].at) {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}

// compact drops stale alarms and restores the heap.
func (h *alarms) compact() {
	q := (*h)[:0]
	for _, a := range *h {
		if !a.t.dead && a.t.due.Equal(a.at) {
			q = append(q, a)
		}
	}
	clear((*h)[len(q):])
	*h = q
	for i := len(q)/2 - 1; i >= 0; i-- {
		q.down(i)
	}
}
