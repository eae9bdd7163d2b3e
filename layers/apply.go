package layers

import (
	"context"
	"fmt"
	"time"
)

// Result is the outcome of one change of an Apply call.
type Result struct {
	// Seq is the change's sequence number (0 when it was rejected).
	Seq uint64
	// Version is the feature's version after the change.
	Version uint64
	// Created is set when an upsert made a new feature.
	Created bool
	// Stale is set for a position fix older than the feature's current
	// state: it is journalled (for track history) but does not move the
	// feature.
	Stale bool
	// Err says why the change was rejected or could not be committed; it
	// wraps ErrInvalid, ErrUnknownLayer, ErrNotFound, ErrConflict or ErrCommit.
	Err error
}

// MaxFuture is how far ahead of the server clock a change's time may be;
// beyond it the source clock is wrong and the change is refused.
const MaxFuture = 10 * time.Minute

// batch is the records of one Apply call waiting for their commit.
type batch struct {
	recs []Record
	olds []*Feature // state before each record, for events and revert
	done chan error
}

// Apply is the one writer path. Each change is validated against its layer's
// schema and the current state; the valid ones get sequence numbers, update
// memory and indexes, and are committed to the store together with those of
// concurrent callers (group commit). Apply returns after the commit, so a
// Result without Err is durable. Invalid changes are reported per item and
// change nothing; the error return is for the call as a whole (a closed
// world, or ctx ending before the commit, in which case the changes may or
// may not have been committed).
func (w *World) Apply(ctx context.Context, changes []Change) ([]Result, error) {
	res := make([]Result, len(changes))
	checked := make([]Change, len(changes))
	for i, c := range changes {
		l, err := w.layer(c.Layer)
		if err != nil {
			res[i].Err = err
			continue
		}
		if l.def.Derived {
			res[i].Err = invalid("layer", "layer %q is computed by the server and cannot be written", c.Layer)
			continue
		}
		checked[i], res[i].Err = c.check(l.def)
	}
	b, err := w.stage(checked, res)
	if err != nil || b == nil {
		return res, err
	}
	select {
	case err = <-b.done:
	case <-ctx.Done():
		return res, fmt.Errorf("apply: waiting for commit: %w", ctx.Err())
	}
	if err != nil {
		for i := range res {
			if res[i].Err == nil {
				res[i] = Result{Err: err}
			}
		}
	}
	return res, nil
}

// Validate checks each change against its layer's schema without applying
// anything, and returns one error (or nil) per change: what Apply would
// reject before looking at the current state. Callers that want
// all-or-nothing batches of upserts validate first, then Apply.
func (w *World) Validate(changes []Change) []error {
	errs := make([]error, len(changes))
	for i, c := range changes {
		l, err := w.layer(c.Layer)
		if err != nil {
			errs[i] = err
			continue
		}
		_, errs[i] = c.check(l.def)
	}
	return errs
}

// stage applies the checked changes to memory under w.mu and queues their
// records for the committer. It returns nil when nothing was staged.
func (w *World) stage(changes []Change, res []Result) (*batch, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, ErrClosed
	}
	now := w.now().UTC()
	b := &batch{done: make(chan error, 1)}
	for i, c := range changes {
		if res[i].Err != nil {
			continue
		}
		rec, old, err := w.applyOne(c, now)
		if err != nil {
			res[i].Err = err
			continue
		}
		res[i] = Result{Seq: rec.Seq, Stale: rec.Stale, Created: old == nil && c.Op == Upsert}
		if rec.Feature != nil {
			res[i].Version = rec.Feature.Version
		}
		b.recs = append(b.recs, rec)
		b.olds = append(b.olds, old)
	}
	if len(b.recs) == 0 {
		return nil, nil
	}
	w.pending = append(w.pending, b)
	w.signal()
	return b, nil
}

// applyOne checks c against the current state and applies it to memory.
// The caller holds w.mu, so the layer's features cannot change under it.
func (w *World) applyOne(c Change, now time.Time) (Record, *Feature, error) {
	l := w.layers[c.Layer]
	x, exists := l.index.Get(c.ID)
	old := x.f
	sourceTime := !c.Time.IsZero()
	switch {
	case c.Time.IsZero():
		c.Time = now
	case c.Time.After(now.Add(MaxFuture)):
		return Record{}, nil, invalid("time", "%s is in the future", c.Time.Format(time.RFC3339))
	}
	c.Time = c.Time.UTC()
	if c.IfVersion != 0 && (!exists || old.Version != c.IfVersion) {
		return Record{}, nil, fmt.Errorf("%s/%s: want version %d: %w", c.Layer, c.ID, c.IfVersion, ErrConflict)
	}
	if !exists && c.Op != Upsert {
		return Record{}, nil, fmt.Errorf("%s %s/%s: %w", c.Op, c.Layer, c.ID, ErrNotFound)
	}
	w.seq++
	rec := Record{Seq: w.seq, At: now, Change: c}
	switch {
	case c.Op == Delete:
		l.swap(c.ID, nil, w.seq)
		return rec, old, nil
	case c.Op == Patch && c.Geometry != nil && sourceTime && c.Time.Before(old.Updated):
		rec.Stale, rec.Feature = true, old
		return rec, old, nil
	}
	f := &Feature{ID: c.ID, Layer: c.Layer, Geometry: c.Geometry, Props: c.Props, Updated: c.Time, Version: w.seq}
	if c.Op == Patch {
		f.Props = merge(old.Props, c.Props)
		if f.Geometry == nil {
			f.Geometry = old.Geometry
		}
		if c.Derived {
			f.Updated = old.Updated
		}
	}
	l.swap(c.ID, f, w.seq)
	rec.Feature = f
	if !exists {
		old = nil
	}
	return rec, old, nil
}

// swap puts f (nil to delete) in place of id under the layer's write lock.
func (l *layer) swap(id string, f *Feature, version uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f == nil {
		l.features.Delete(id)
		l.index.Delete(id)
	} else {
		l.features.Set(id, f)
		l.index.Put(id, f.Bound(), index(f))
	}
	l.version = version
}

// merge returns base with patch applied: nil values remove a property.
func merge(base, patch map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(patch))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// ApplyAll applies changes and returns the call's error or the first
// change's error, naming the change: for writers that treat any rejection
// as a failure (seeding, the server's own bookkeeping). The other changes
// of the call are applied all the same.
func ApplyAll(ctx context.Context, w *World, changes []Change) error {
	res, err := w.Apply(ctx, changes)
	if err != nil {
		return err
	}
	for i, r := range res {
		if r.Err != nil {
			return fmt.Errorf("%s %s/%s: %w", changes[i].Op, changes[i].Layer, changes[i].ID, r.Err)
		}
	}
	return nil
}
