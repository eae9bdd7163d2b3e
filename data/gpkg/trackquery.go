package gpkg

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// trackPage is how many points Track reads per query. Track hands points
// to its caller between queries, never while a query is open, so a slow
// caller (a replay streamed to a browser) holds no connection and no read
// snapshot; the page is big enough that a long track costs few queries.
const trackPage = 4096

// trackPageSQL reads the next page of one feature's track after the cursor
// (at, seq), through the (layer, feature_id, at, seq) index.
const trackPageSQL = `SELECT at, seq, lon, lat FROM ` + TrackTable + `
	WHERE layer = ? AND feature_id = ? AND (at, seq) > (?, ?) AND at <= ?
	ORDER BY at, seq LIMIT ?`

// Track calls fn with the points of the features keys names whose At is
// within [from, to] (to the millisecond), feature by feature in the order
// of keys, each feature's points by At, then Seq. A key with no points is
// skipped. An error from fn stops Track and is returned as it is.
//
// Points committed while Track runs may or may not be included: each page
// is read in its own snapshot.
func (s *Store) Track(ctx context.Context, keys []layers.Key, from, to time.Time, fn func(layers.TrackPoint) error) error {
	if err := s.checkOpen("track"); err != nil {
		return err
	}
	lo, hi := unixMS(from), unixMS(to)
	for _, k := range keys {
		if err := s.trackOf(ctx, k, lo, hi, fn); err != nil {
			return err
		}
	}
	return nil
}

// trackOf calls fn with the points of one feature with at in [lo, hi],
// page by page.
func (s *Store) trackOf(ctx context.Context, k layers.Key, lo, hi int64, fn func(layers.TrackPoint) error) error {
	afterAt, afterSeq := lo, int64(-1) // every point at lo or later
	for {
		page, err := s.trackPageOf(ctx, k, afterAt, afterSeq, hi)
		if err != nil {
			return fmt.Errorf("gpkg: track of %s/%s: %w", k.Layer, k.ID, err)
		}
		for _, p := range page {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(page) < trackPage {
			return nil
		}
		last := page[len(page)-1]
		afterAt, afterSeq = unixMS(last.At), int64(last.Seq)
	}
}

// trackPageOf reads up to trackPage points of one feature after the cursor
// (afterAt, afterSeq) with at up to hi.
func (s *Store) trackPageOf(ctx context.Context, k layers.Key, afterAt, afterSeq, hi int64) ([]layers.TrackPoint, error) {
	rows, err := s.rdb.QueryContext(ctx, trackPageSQL, k.Layer, k.ID, afterAt, afterSeq, hi, trackPage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []layers.TrackPoint
	for rows.Next() {
		var at, seq int64
		var x, y float64
		if err := rows.Scan(&at, &seq, &x, &y); err != nil {
			return nil, err
		}
		page = append(page, layers.TrackPoint{Layer: k.Layer, ID: k.ID, At: fromUnixMS(at),
			Point: orb.Point{x, y}, Seq: uint64(seq)})
	}
	return page, rows.Err()
}

// Visitors returns the features of the given layers (every tracked layer
// when layers is empty; every layer with points before Prepare) with at
// least one point inside b, edges included, whose At is within [from, to]
// (to the millisecond), sorted by layer, then ID.
//
// The R*Tree finds the points whose entries meet the box and window; each
// is then checked against the exact bounds on its row (the tree's entries
// are rounded outwards to 32-bit floats), so the query costs the points
// near the box and window, not the history's length.
func (s *Store) Visitors(ctx context.Context, layerNames []string, b orb.Bound, from, to time.Time) ([]layers.Key, error) {
	if err := s.checkOpen("visitors"); err != nil {
		return nil, err
	}
	if len(layerNames) == 0 {
		s.mu.Lock()
		layerNames = s.tracked
		s.mu.Unlock()
		if layerNames != nil && len(layerNames) == 0 {
			return nil, nil // prepared, and no layer is tracked
		}
	}
	q, args := visitorsQuery(layerNames, b, unixMS(from), unixMS(to))
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("gpkg: visitors: %w", err)
	}
	defer rows.Close()
	var out []layers.Key
	for rows.Next() {
		var k layers.Key
		if err := rows.Scan(&k.Layer, &k.ID); err != nil {
			return nil, fmt.Errorf("gpkg: visitors: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: visitors: %w", err)
	}
	return out, nil
}

// visitorsQuery is the SQL of Visitors and its arguments. CROSS JOIN makes
// SQLite drive the join from the R*Tree.
func visitorsQuery(layerNames []string, b orb.Bound, lo, hi int64) (string, []any) {
	var q strings.Builder
	q.WriteString(`SELECT DISTINCT t.layer, t.feature_id FROM ` + trackRTree + ` AS r CROSS JOIN ` + TrackTable + ` AS t
	WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? AND r.mint <= ? AND r.maxt >= ?
	AND t.fid = r.id AND t.lon BETWEEN ? AND ? AND t.lat BETWEEN ? AND ? AND t.at BETWEEN ? AND ?`)
	args := []any{b.Max[0], b.Min[0], b.Max[1], b.Min[1], trackTime(hi), trackTime(lo),
		b.Min[0], b.Max[0], b.Min[1], b.Max[1], lo, hi}
	if len(layerNames) > 0 {
		q.WriteString(` AND t.layer IN (?` + strings.Repeat(", ?", len(layerNames)-1) + `)`)
		for _, l := range layerNames {
			args = append(args, l)
		}
	}
	q.WriteString(` ORDER BY t.layer, t.feature_id`)
	return q.String(), args
}

// checkOpen fails when the store is closed; op names the operation.
func (s *Store) checkOpen(op string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.errClosed(op)
	}
	return nil
}
