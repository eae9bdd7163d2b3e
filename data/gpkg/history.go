package gpkg

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"lookout/layers"
)

// ops maps the journal's op column back to layers.Op.
var ops = map[string]layers.Op{"upsert": layers.Upsert, "patch": layers.Patch, "delete": layers.Delete}

// History returns one feature's journalled changes, oldest first: the newest
// limit of them, or all when limit is 0. It reads through the journal's
// (layer, feature_id, seq) index, so it costs the feature's own history,
// not the journal's length.
func (s *Store) History(ctx context.Context, layer, id string, limit int) ([]layers.Record, error) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, s.errClosed("history")
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, op, event, stale, time, geom, props, actor FROM (
		SELECT * FROM `+Journal+` WHERE layer = ? AND feature_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
		layer, id, limit)
	if err != nil {
		return nil, fmt.Errorf("gpkg: history of %s/%s: %w", layer, id, err)
	}
	defer rows.Close()
	var out []layers.Record
	for rows.Next() {
		r, err := scanRecord(rows, layer, id)
		if err != nil {
			return nil, fmt.Errorf("gpkg: history of %s/%s: %w", layer, id, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: history of %s/%s: %w", layer, id, err)
	}
	return out, nil
}

// scanRecord reads one journal row.
func scanRecord(rows *sql.Rows, layer, id string) (layers.Record, error) {
	var (
		seq               int64
		at, op, event, tm string
		stale             bool
		geom              []byte
		props, actor      sql.NullString
	)
	if err := rows.Scan(&seq, &at, &op, &event, &stale, &tm, &geom, &props, &actor); err != nil {
		return layers.Record{}, err
	}
	r := layers.Record{Seq: uint64(seq), Stale: stale,
		Change: layers.Change{Op: ops[op], Layer: layer, ID: id, Event: event, Actor: actor.String}}
	var err error
	if r.At, err = parseTime(at); err != nil {
		return r, fmt.Errorf("seq %d: at: %w", seq, err)
	}
	if r.Change.Time, err = parseTime(tm); err != nil {
		return r, fmt.Errorf("seq %d: time: %w", seq, err)
	}
	if len(geom) > 0 {
		if r.Change.Geometry, _, err = decodeGeometry(geom); err != nil {
			return r, fmt.Errorf("seq %d: geometry: %w", seq, err)
		}
	}
	if props.Valid && props.String != "" {
		if err := json.Unmarshal([]byte(props.String), &r.Change.Props); err != nil {
			return r, fmt.Errorf("seq %d: properties: %w", seq, err)
		}
	}
	return r, nil
}
