package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// pruneBatch is how many features Prune lists per query.
const pruneBatch = 64

// pruneTxPoints is how many points Prune deletes per transaction. Prune
// decides what goes on a reader and takes the writer only to delete, a
// transaction of at most this many points at a time (a fraction of a
// second), so that commits go on while it works through a big backlog.
const pruneTxPoints = 5_000

// pruneFeaturesSQL lists the next features of a layer after a feature ID,
// in ID order: each step is one seek on the (layer, feature_id, ...) index
// (a skip scan), so listing costs the number of features, not of points.
const pruneFeaturesSQL = `WITH RECURSIVE f(id) AS (
	SELECT (SELECT min(feature_id) FROM ` + TrackTable + ` WHERE layer = ?1 AND feature_id > ?2)
	UNION ALL
	SELECT (SELECT min(feature_id) FROM ` + TrackTable + ` WHERE layer = ?1 AND feature_id > f.id)
	FROM f WHERE f.id IS NOT NULL LIMIT ?3)
SELECT id FROM f WHERE id IS NOT NULL`

// pruneScanSQL reads one feature's points older than a time, oldest first,
// from the (layer, feature_id, at, seq) index alone (it holds the fid).
const pruneScanSQL = `SELECT fid, at FROM ` + TrackTable + `
	WHERE layer = ? AND feature_id = ? AND at < ? ORDER BY at, seq`

// pruneDeleteSQL deletes one point; the delete trigger unindexes it.
const pruneDeleteSQL = `DELETE FROM ` + TrackTable + ` WHERE fid = ?`

// Prune enforces the retention of one layer's track history: it deletes
// the points older than drop, and of the points older than thin keeps, per
// feature, only the first (by time, then seq) of each period of length
// every counted from the Unix epoch (every <= 0 keeps them all); a period
// that drop cuts keeps its first point after drop. Times count to the
// millisecond. It returns how many points it deleted; pruning again with
// the same arguments deletes nothing more.
//
// If it fails, what it deleted before stays deleted. The file does not
// shrink: SQLite reuses the freed pages for new points.
func (s *Store) Prune(ctx context.Context, layer string, drop, thin time.Time, every time.Duration) (int64, error) {
	if err := s.checkOpen("prune"); err != nil {
		return 0, err
	}
	p := &pruner{s: s, ctx: ctx, layer: layer, drop: unixMS(drop), thin: unixMS(thin), every: every.Milliseconds()}
	for after := ""; ; {
		ids, err := s.pruneFeatures(ctx, layer, after)
		if err != nil {
			return p.deleted, fmt.Errorf("gpkg: prune %s: list features: %w", layer, err)
		}
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			if err := p.feature(id); err != nil {
				return p.deleted, err
			}
		}
		after = ids[len(ids)-1]
	}
	return p.deleted, p.flush()
}

// pruneFeatures returns the IDs of up to pruneBatch features of layer with
// points, after the ID after.
func (s *Store) pruneFeatures(ctx context.Context, layer, after string) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, pruneFeaturesSQL, layer, after, pruneBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// pruner is the state of one Prune: its bounds in Unix milliseconds, the
// points it has decided to delete and not deleted yet, and its count.
type pruner struct {
	s                 *Store
	ctx               context.Context
	layer             string
	drop, thin, every int64
	doomed            []int64 // fids
	deleted           int64
}

// feature reads one feature's points older than the bounds, oldest first,
// and marks those that go: older than drop, or older than thin and not the
// first of their period. It deletes them a transaction's worth at a time.
func (p *pruner) feature(id string) error {
	end := p.drop
	if p.every > 0 {
		end = max(end, p.thin)
	}
	rows, err := p.s.rdb.QueryContext(p.ctx, pruneScanSQL, p.layer, id, end)
	if err != nil {
		return fmt.Errorf("gpkg: prune %s/%s: %w", p.layer, id, err)
	}
	defer rows.Close()
	var period int64
	first := true // no point at or after drop yet
	for rows.Next() {
		var fid, at int64
		if err := rows.Scan(&fid, &at); err != nil {
			return fmt.Errorf("gpkg: prune %s/%s: %w", p.layer, id, err)
		}
		if at >= p.drop {
			k := floorDiv(at, p.every)
			if first || k != period {
				period, first = k, false
				continue
			}
		}
		if p.doomed = append(p.doomed, fid); len(p.doomed) >= pruneTxPoints {
			if err := p.flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("gpkg: prune %s/%s: %w", p.layer, id, err)
	}
	return nil
}

// flush deletes the doomed points in one transaction on the writer, in
// fid order, which is about the order they were written in, so that the
// deletes walk the table's pages rather than jump about (10% faster on a
// history of millions of points).
func (p *pruner) flush() error {
	if len(p.doomed) == 0 {
		return nil
	}
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	if p.s.closed {
		return p.s.errClosed("prune")
	}
	slices.Sort(p.doomed)
	var n int64
	err := p.s.inTx(p.ctx, fmt.Sprintf("prune %s: delete %d points", p.layer, len(p.doomed)), func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(p.ctx, pruneDeleteSQL)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, fid := range p.doomed {
			res, err := st.ExecContext(p.ctx, fid)
			if err != nil {
				return err
			}
			n += rowsAffected(res)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.deleted, p.doomed = p.deleted+n, p.doomed[:0]
	return nil
}

// floorDiv is a / b, for b > 0, rounded down: Go's division rounds
// towards zero, which would put the period before 1970 with the one after.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// rowsAffected is res's count of rows changed; SQLite always knows it.
func rowsAffected(res sql.Result) int64 {
	n, _ := res.RowsAffected()
	return n
}
