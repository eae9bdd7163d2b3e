package layers

import (
	"context"
	"time"
)

// Record is one applied change as a store journals it: the change as
// applied (normalised), its sequence number and server time, and the
// feature's state after it (nil after a delete). Stale position fixes are
// journalled too, with Stale set and Feature the unchanged current state.
type Record struct {
	Seq     uint64
	At      time.Time
	Change  Change
	Feature *Feature
	Stale   bool
}

// Store keeps the world durable. World calls Commit from a single goroutine,
// batch after batch in sequence order; a store may assume no concurrent
// Commit calls. Load is called once at start, before any Commit.
type Store interface {
	// Prepare makes sure the store can hold these layers (tables, columns).
	Prepare(ctx context.Context, defs []*Layer) error
	// Load calls fn with every stored feature and returns the sequence number
	// of the last committed change (0 for an empty store).
	Load(ctx context.Context, fn func(*Feature) error) (seq uint64, err error)
	// Commit durably writes the records in one transaction: features upserted
	// or deleted and every record journalled. When it returns nil, the
	// records survive a crash.
	Commit(ctx context.Context, recs []Record) error
	// History returns the journalled records of one feature, oldest first:
	// the newest limit of them (0: all). Records carry the change as
	// journalled (properties decoded from JSON, so numbers are float64 and
	// times RFC 3339 strings) and no Feature. It is the audit trail of, for
	// example, an incident: who did what, when.
	History(ctx context.Context, layer, id string, limit int) ([]Record, error)
	// Close releases the store.
	Close() error
}
