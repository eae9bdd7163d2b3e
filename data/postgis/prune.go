package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Prune enforces the retention of one layer's track: it deletes the points
// older than drop and, of the points older than thin, keeps per feature
// only the first (by At, then Seq) of each period of length every counted
// from the Unix epoch (every <= 0 keeps them all). Both happen in one
// transaction. It returns how many points it deleted; pruning again with
// the same bounds deletes nothing more.
func (s *Store) Prune(ctx context.Context, layer string, drop, thin time.Time, every time.Duration) (int64, error) {
	if _, err := s.snapshot(); err != nil {
		return 0, s.fail("prune", err)
	}
	var deleted int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		d, dns := splitTime(drop)
		tag, err := tx.Exec(ctx, `DELETE FROM `+trackTable+`
			WHERE layer = $1 AND at <= $2 AND (at, at_ns) < ($2, $3)`, layer, d, dns)
		if err != nil {
			return fmt.Errorf("drop: %w", err)
		}
		deleted = tag.RowsAffected()
		if every <= 0 {
			return nil
		}
		t, tns := splitTime(thin)
		tag, err = tx.Exec(ctx, thinSQL, layer, t, tns, every.Nanoseconds())
		if err != nil {
			return fmt.Errorf("thin: %w", err)
		}
		deleted += tag.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, s.fail("prune "+layer, err)
	}
	return deleted, nil
}

// thinSQL deletes, of a layer's points older than a time, all but the
// first of each feature in each period: the period of a point is its time
// in nanoseconds since the Unix epoch divided by the period's length,
// computed in numeric so that no time overflows.
const thinSQL = `DELETE FROM ` + trackTable + ` WHERE ctid = ANY (ARRAY (
	SELECT ctid FROM (
		SELECT ctid, row_number() OVER (
			PARTITION BY feature_id, floor((extract(epoch FROM at) * 1000000000 + at_ns) / $4::numeric)
			ORDER BY at, at_ns, seq) AS n
		FROM ` + trackTable + ` WHERE layer = $1 AND at <= $2 AND (at, at_ns) < ($2, $3)) p
	WHERE n > 1))`
