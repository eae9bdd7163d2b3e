package postgis

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"lookout/layers"
)

// ops maps the journal's op column back to layers.Op.
var ops = map[string]layers.Op{"upsert": layers.Upsert, "patch": layers.Patch, "delete": layers.Delete}

// History returns one feature's journalled changes, oldest first: the
// newest limit of them, or all when limit is 0. It reads through the
// journal's (layer, feature_id, seq) index, so it costs the feature's own
// history, not the journal's length.
func (s *Store) History(ctx context.Context, layer, id string, limit int) ([]layers.Record, error) {
	if _, err := s.snapshot(); err != nil {
		return nil, s.fail("history", err)
	}
	var lim *int64 // NULL: LIMIT NULL is no limit
	if limit > 0 {
		n := int64(limit)
		lim = &n
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, at, at_ns, op, event, stale, "time", time_ns, geom, props, actor
		FROM `+journalTable+` WHERE layer = $1 AND feature_id = $2 ORDER BY seq DESC LIMIT $3`, layer, id, lim)
	if err != nil {
		return nil, s.fail(fmt.Sprintf("history of %s/%s", layer, id), err)
	}
	var (
		out []layers.Record
		j   journalRecord
	)
	_, err = pgx.ForEachRow(rows, j.dest(), func() error {
		r, err := j.record(layer, id)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, s.fail(fmt.Sprintf("history of %s/%s", layer, id), err)
	}
	slices.Reverse(out)
	return out, nil
}

// journalRecord is the scan target of one journal row.
type journalRecord struct {
	seq         int64
	at          time.Time
	atNS        int16
	op, event   string
	stale       bool
	tm          pgtype.Timestamptz
	tmNS        int16
	geom, props []byte
	actor       string
}

func (j *journalRecord) dest() []any {
	return []any{&j.seq, &j.at, &j.atNS, &j.op, &j.event, &j.stale, &j.tm, &j.tmNS, &j.geom, &j.props, &j.actor}
}

// record returns the scanned row as a Record of the feature layer/id.
func (j *journalRecord) record(layer, id string) (layers.Record, error) {
	r := layers.Record{Seq: uint64(j.seq), At: joinTime(j.at, j.atNS), Stale: j.stale,
		Change: layers.Change{Op: ops[j.op], Layer: layer, ID: id, Event: j.event, Actor: j.actor}}
	if j.tm.Valid {
		r.Change.Time = joinTime(j.tm.Time, j.tmNS)
	}
	if len(j.geom) > 0 {
		g, err := decodeGeometry(j.geom)
		if err != nil {
			return r, fmt.Errorf("seq %d: %w", j.seq, err)
		}
		r.Change.Geometry = g
	}
	if len(j.props) > 0 {
		if err := json.Unmarshal(j.props, &r.Change.Props); err != nil {
			return r, fmt.Errorf("seq %d: properties: %w", j.seq, err)
		}
	}
	return r, nil
}
