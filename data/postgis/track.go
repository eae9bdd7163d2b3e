package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"

	"lookout/layers"
)

// timeRange is a closed time window as the track queries take it: each
// end split into the microsecond PostgreSQL keeps and the nanoseconds past
// it. Queries match the microseconds with the (layer, feature_id, at)
// index or the BRIN on at, and the exact (at, at_ns) pair in a filter.
type timeRange struct {
	from, to     time.Time
	fromNS, toNS int16
}

func newTimeRange(from, to time.Time) timeRange {
	var r timeRange
	r.from, r.fromNS = splitTime(from)
	r.to, r.toNS = splitTime(to)
	return r
}

// Track calls fn with the points of the features keys names whose At is
// within [from, to], feature by feature in the order of keys, each
// feature's points by At then Seq. It is one query: the keys are joined,
// in order, to the points through the (layer, feature_id, at) index.
func (s *Store) Track(ctx context.Context, keys []layers.Key, from, to time.Time, fn func(layers.TrackPoint) error) error {
	if _, err := s.snapshot(); err != nil || len(keys) == 0 {
		return s.failIf("track", err)
	}
	ls, ids := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		ls[i], ids[i] = k.Layer, k.ID
	}
	r := newTimeRange(from, to)
	rows, err := s.pool.Query(ctx, `SELECT k.layer, k.id, t.at, t.at_ns, t.seq, t.geom
		FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(layer, id, n)
		JOIN LATERAL (SELECT at, at_ns, seq, geom FROM `+trackTable+`
			WHERE layer = k.layer AND feature_id = k.id AND at BETWEEN $3 AND $4
			  AND (at, at_ns) >= ($3, $5) AND (at, at_ns) <= ($4, $6)) t ON true
		ORDER BY k.n, t.at, t.at_ns, t.seq`, ls, ids, r.from, r.to, r.fromNS, r.toNS)
	if err != nil {
		return s.fail("track", err)
	}
	var (
		p    layers.TrackPoint
		at   time.Time
		ns   int16
		seq  int64
		geom pgtype.DriverBytes
	)
	_, err = pgx.ForEachRow(rows, []any{&p.Layer, &p.ID, &at, &ns, &seq, &geom}, func() error {
		g, err := decodeGeometry(geom)
		if err != nil {
			return err
		}
		pt, ok := g.(orb.Point)
		if !ok {
			return fmt.Errorf("track point of %s/%s is a %s", p.Layer, p.ID, g.GeoJSONType())
		}
		p.At, p.Seq, p.Point = joinTime(at, ns), uint64(seq), pt
		return fn(p)
	})
	return s.failIf("track", err)
}

// Visitors returns the features of the given layers (every tracked layer
// when layers is empty; every layer with points on a store not prepared
// yet) with at least one point inside b whose At is
// within [from, to], sorted by layer then ID. The GiST index on the
// points' geometry and the BRIN index on their time are combined (a bitmap
// AND), so the query reads only points that are both near and recent.
func (s *Store) Visitors(ctx context.Context, ls []string, b orb.Bound, from, to time.Time) ([]layers.Key, error) {
	if _, err := s.snapshot(); err != nil {
		return nil, s.fail("visitors", err)
	}
	if len(ls) == 0 {
		s.mu.RLock()
		ls = s.tracked // nil (SQL NULL) before Prepare: every layer with points
		s.mu.RUnlock()
	}
	r := newTimeRange(from, to)
	rows, err := s.pool.Query(ctx, visitorsSQL, ls, b.Min[0], b.Min[1], b.Max[0], b.Max[1], r.from, r.to, r.fromNS, r.toNS)
	if err != nil {
		return nil, s.fail("visitors", err)
	}
	keys, err := pgx.CollectRows(rows, pgx.RowToStructByPos[layers.Key])
	if err != nil {
		return nil, s.fail("visitors", err)
	}
	return keys, nil
}

// visitorsSQL is the space-time query of Visitors. The && operator, which
// the GiST index serves, compares boxes rounded outward to float4, so
// the exact coordinates are checked as well.
const visitorsSQL = `SELECT DISTINCT layer, feature_id FROM ` + trackTable + `
	WHERE ($1::text[] IS NULL OR layer = ANY($1)) AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)
	  AND ST_X(geom) BETWEEN $2 AND $4 AND ST_Y(geom) BETWEEN $3 AND $5
	  AND at BETWEEN $6 AND $7 AND (at, at_ns) >= ($6, $8) AND (at, at_ns) <= ($7, $9)
	ORDER BY layer, feature_id`
