package access

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Trail writes audit entries to the store in batches, off the request
// path: Record appends to a buffer and returns; a goroutine flushes it
// every Every (1 s), and Close flushes what is left. An entry is durable
// once flushed: a crash loses at most the last second of reads. Incident
// actions are also in the journal, durably, with their actor.
//
// Locking: mu guards the buffer only; the flush swaps it out under mu and
// writes outside it. If the buffer passes Max entries (the store is down)
// the oldest are dropped and counted, and the loss is logged: a reader is
// never held up by the trail.
type Trail struct {
	store Store
	log   *slog.Logger
	every time.Duration
	max   int

	mu      sync.Mutex
	buf     []Entry
	dropped int

	stop chan struct{}
	done chan struct{}
}

// NewTrail starts a trail writing to store.
func NewTrail(store Store, log *slog.Logger) *Trail {
	t := &Trail{store: store, log: log, every: time.Second, max: 100_000, stop: make(chan struct{}), done: make(chan struct{})}
	go t.run()
	return t
}

// Record queues an entry.
func (t *Trail) Record(e Entry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.buf) >= t.max {
		t.buf = t.buf[1:]
		t.dropped++
	}
	t.buf = append(t.buf, e)
}

func (t *Trail) run() {
	defer close(t.done)
	tick := time.NewTicker(t.every)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			t.Flush(context.Background())
			return
		case <-tick.C:
			t.Flush(context.Background())
		}
	}
}

// Flush writes what is queued now; on failure the entries go back to the
// front of the queue for the next flush.
func (t *Trail) Flush(ctx context.Context) {
	t.mu.Lock()
	batch, dropped := t.buf, t.dropped
	t.buf, t.dropped = nil, 0
	t.mu.Unlock()
	if dropped > 0 && t.log != nil {
		t.log.Error("audit trail: entries dropped while the store was failing", "dropped", dropped)
	}
	if len(batch) == 0 {
		return
	}
	if err := t.store.Audit(ctx, batch); err != nil {
		if t.log != nil {
			t.log.Error("audit trail: write failed; retrying", "entries", len(batch), "err", err)
		}
		t.mu.Lock()
		t.buf = append(batch, t.buf...)
		if over := len(t.buf) - t.max; over > 0 {
			t.buf, t.dropped = t.buf[over:], t.dropped+over
		}
		t.mu.Unlock()
	}
}

// Close flushes the queue and stops the trail.
func (t *Trail) Close() {
	close(t.stop)
	<-t.done
}
