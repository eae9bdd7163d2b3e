package postgis

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"lookout/layers"
)

// errAlreadyCommitted ends a commit attempt that found its records already
// in the journal: an earlier attempt was committed though its client never
// heard back.
var errAlreadyCommitted = errors.New("already committed")

// Commit writes the records in one transaction: every record appended to
// the journal with COPY, each feature's final state upserted (or deleted)
// with one statement per table, and the track points of tracked layers
// appended with COPY. When it returns nil the transaction is committed.
//
// A lost connection is retried with backoff until the write timeout,
// counted from the start of the outage, passes; then Commit returns an
// error. An attempt whose COMMIT may have gone through unacknowledged is
// resolved by the next one, which first looks for its records.
func (s *Store) Commit(ctx context.Context, recs []layers.Record) error {
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	tables, err := s.snapshot()
	if err != nil || len(recs) == 0 {
		return s.failIf("commit", err)
	}
	op := fmt.Sprintf("commit %d records from seq %d", len(recs), recs[0].Seq)
	b, err := newBatch(tables, recs)
	if err != nil {
		return s.fail(op, err)
	}
	return s.retry(ctx, op, func(ctx context.Context) error {
		err := s.commitOnce(ctx, b)
		s.unsure = err != nil && !errors.Is(err, errAlreadyCommitted)
		if errors.Is(err, errAlreadyCommitted) {
			s.log.Info("postgis: a commit whose acknowledgement was lost had gone through", "db", s.name, "seq", b.first)
			return nil
		}
		return err
	})
}

// commitOnce makes one attempt at writing b in a transaction. Called with
// commitMu held.
func (s *Store) commitOnce(ctx context.Context, b *batch) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if s.unsure {
			var done bool
			err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+journalTable+" WHERE seq = $1)", int64(b.first)).Scan(&done)
			if err != nil || done {
				return cmp.Or(err, errAlreadyCommitted)
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{journalTable}, journalColumns, pgx.CopyFromRows(b.journal)); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		var q pgx.Batch
		for _, w := range b.writes {
			if len(w.rows.ids) > 0 {
				q.Queue(w.t.upsert, w.rows.args()...)
			}
			if len(w.deletes) > 0 {
				q.Queue(w.t.delete, w.deletes)
			}
		}
		if q.Len() > 0 {
			if err := tx.SendBatch(ctx, &q).Close(); err != nil {
				return fmt.Errorf("features: %w", err)
			}
		}
		if len(b.track) > 0 {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{trackTable}, trackColumns, pgx.CopyFromRows(b.track)); err != nil {
				return fmt.Errorf("track: %w", err)
			}
		}
		return nil
	})
}

// failIf is fail for a possibly nil error.
func (s *Store) failIf(op string, err error) error {
	if err == nil {
		return nil
	}
	return s.fail(op, err)
}
