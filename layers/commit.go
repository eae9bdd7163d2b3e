package layers

import (
	"context"
	"fmt"
	"time"
)

// signal wakes the committer without blocking.
func (w *World) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// commitLoop is the World's single committer. It takes every batch staged
// since its last commit and writes them to the store in one transaction, so
// that concurrent writers share a commit (group commit); then it publishes
// their events in sequence order and releases their Apply calls.
func (w *World) commitLoop() {
	defer close(w.done)
	for range w.wake {
		w.mu.Lock()
		batches, closed := w.pending, w.closed
		w.pending = nil
		w.mu.Unlock()
		if len(batches) > 0 {
			w.commit(batches)
		}
		if closed {
			w.mu.Lock()
			rest := len(w.pending)
			w.mu.Unlock()
			if rest == 0 {
				return
			}
			w.signal()
		}
	}
}

func (w *World) commit(batches []*batch) {
	var recs []Record
	for _, b := range batches {
		recs = append(recs, b.recs...)
	}
	err := w.commitWithRetry(recs)
	if err != nil {
		failed := fmt.Errorf("last commit failed: %v: %w", err, ErrCommit)
		w.commitErr.Store(&failed)
		w.revert(batches, err)
		return
	}
	w.commitErr.Store(nil)
	w.committed.Store(recs[len(recs)-1].Seq)
	// Publish before releasing the writers: when Apply returns, subscribers
	// (the tile cache, the WebSocket hub) have the events, so a client that
	// reads after its write sees it.
	w.publish(batches)
	for _, b := range batches {
		b.done <- nil
	}
}

func (w *World) commitWithRetry(recs []Record) error {
	pause := 50 * time.Millisecond
	var err error
	for attempt := 1; attempt <= w.tries; attempt++ {
		if err = w.store.Commit(context.Background(), recs); err == nil {
			return nil
		}
		w.log.Error("commit failed", "attempt", attempt, "records", len(recs), "err", err)
		if attempt < w.tries {
			time.Sleep(pause)
			pause *= 2
		}
	}
	return err
}

// revert undoes in memory the failed batches and every batch staged after
// them (which were checked against the failed state), newest first, and
// fails their Apply calls with ErrCommit. Sequence numbers are not reused.
func (w *World) revert(failed []*batch, cause error) {
	w.mu.Lock()
	all := append(failed, w.pending...)
	w.pending = nil
	for i := len(all) - 1; i >= 0; i-- {
		b := all[i]
		for j := len(b.recs) - 1; j >= 0; j-- {
			r := b.recs[j]
			if !r.Stale {
				w.layers[r.Change.Layer].swap(r.Change.ID, b.olds[j], w.seq)
			}
		}
	}
	w.mu.Unlock()
	err := fmt.Errorf("commit: %v: %w", cause, ErrCommit)
	for _, b := range all {
		b.done <- err
	}
}

// publish hands the committed batches' events to every publisher.
func (w *World) publish(batches []*batch) {
	w.pubMu.Lock()
	pubs := w.pubs
	w.pubMu.Unlock()
	if len(pubs) == 0 {
		return
	}
	var events []Event
	for _, b := range batches {
		for i, r := range b.recs {
			if r.Stale {
				continue
			}
			e := Event{Seq: r.Seq, Kind: EventUpsert, Layer: r.Change.Layer, ID: r.Change.ID,
				Feature: r.Feature, Old: b.olds[i], Source: r.Change.Event, At: r.At}
			if r.Change.Op == Delete {
				e.Kind = EventDelete
			}
			events = append(events, e)
		}
	}
	for _, p := range pubs {
		p.Publish(events)
	}
}
