package hub

import (
	"time"

	"lookout/layers"
)

// ring keeps the most recent events, oldest first, bounded by count and
// age, so that a client that reconnects within a few minutes is replayed
// what it missed instead of a full snapshot. lost is the sequence number of
// the newest event no longer kept: the ring can replay everything after any
// seq >= lost. The hub's mutex guards it.
type ring struct {
	events []stamped
	head   int // index of the oldest
	n      int
	lost   uint64
}

type stamped struct {
	e  layers.Event
	at time.Time
}

func (r *ring) init(size int, start uint64) {
	r.events = make([]stamped, size)
	r.lost = start
}

// push appends e, evicting the oldest past the ring's size or age.
func (r *ring) push(e *layers.Event, now time.Time, maxAge time.Duration) {
	for r.n > 0 && (r.n == len(r.events) || now.Sub(r.events[r.head].at) > maxAge) {
		r.lost = r.events[r.head].e.Seq
		r.events[r.head] = stamped{}
		r.head = (r.head + 1) % len(r.events)
		r.n--
	}
	r.events[(r.head+r.n)%len(r.events)] = stamped{e: *e, at: now}
	r.n++
}

// covers reports whether every event after seq is still in the ring (or
// was never published).
func (r *ring) covers(seq uint64) bool { return seq >= r.lost }

// after calls fn with each kept event whose seq is greater than seq, oldest
// first.
func (r *ring) after(seq uint64, fn func(*layers.Event)) {
	for i := 0; i < r.n; i++ {
		s := &r.events[(r.head+i)%len(r.events)]
		if s.e.Seq > seq {
			fn(&s.e)
		}
	}
}
