package layers

import (
	"time"

	"github.com/paulmach/orb"
)

// EventKind says what happened to a feature.
type EventKind uint8

// Event kinds.
const (
	EventUpsert EventKind = iota + 1 // created or changed; Feature is the new state
	EventDelete                      // removed; Old is the last state
)

func (k EventKind) String() string {
	if k == EventDelete {
		return "delete"
	}
	return "upsert"
}

// Event tells subscribers about one committed change.
type Event struct {
	Seq     uint64
	Kind    EventKind
	Layer   string
	ID      string
	Feature *Feature // state after; nil on delete
	Old     *Feature // state before; nil on create
	// Source names the sensor event of the change, if any ("alarm", ...).
	Source string
	At     time.Time
}

// NewFix reports whether e is a fresh report of a point feature's
// position — a create, a move, or the same place at a new time — rather
// than an edit of its properties or a derived change (which keeps the
// time). Rules that follow positions (geofences, gatherings) take only
// these.
func (e Event) NewFix() bool {
	if e.Feature == nil {
		return false
	}
	p, ok := e.Feature.Geometry.(orb.Point)
	if !ok {
		return false
	}
	if e.Old == nil {
		return true
	}
	q, _ := e.Old.Geometry.(orb.Point)
	return p != q || !e.Old.Updated.Equal(e.Feature.Updated)
}

// Publisher receives committed events, in sequence order, from the World's
// commit goroutine. Publish must not block: a publisher with slow consumers
// buffers or drops them (the WebSocket hub drops slow subscribers, who then
// resume by sequence number).
type Publisher interface {
	Publish(events []Event)
}
