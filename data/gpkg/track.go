package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// The store keeps layers.Tracks, the track history, in the file beside the
// features:
//
//   - TrackTable holds one row per track point: layer, feature_id, at (Unix
//     time in milliseconds: an integer is small and fast to compare, and
//     QGIS reads it with datetime_from_epoch("at")), seq, lon and lat, and
//     geom, the same point as GeoPackage binary. It is registered as a point
//     feature table, so QGIS draws the tracks and can animate them over at.
//   - Its (layer, feature_id, at, seq) index reads one feature's track in
//     order (Track) and prunes it (Prune).
//   - trackRTree, an SQLite R*Tree over (lon, lat, time), answers
//     space-time queries (Visitors) without scanning the table. Triggers in
//     plain SQL keep it in step with the table, whoever writes the file.
//
// Times are kept to the millisecond, as GPS fixes come; Track and Visitors
// compare them at that resolution.

// TrackTable is the name of the track history table.
const TrackTable = "lookout_track"

// trackRTree is the 3D R*Tree of the track table: the id is the row's fid,
// x and y its lon and lat, and time trackTime(at). ("rtree_" names are the
// GeoPackage spatial index extension's, so it is not called that.)
const trackRTree = TrackTable + "_rtree"

// trackEpochMS is the origin of the R*Tree's time axis: 2020-01-01 UTC in
// Unix milliseconds. An R*Tree stores 32-bit floats, rounded outwards so
// that an entry still contains its point; counting seconds from 2020 rather
// than from 1970 keeps that rounding to seconds rather than minutes (16 s
// in 2026), so a time window fetches few points outside it.
const trackEpochMS = 1_577_836_800_000

// trackTime is a point's coordinate on the R*Tree's time axis: seconds
// since trackEpochMS. trackTimeSQL computes the same in SQL, for the
// triggers; both divide the same integer by 1000 in IEEE doubles, so a
// query from Go and an entry from SQL agree exactly.
func trackTime(ms int64) float64 { return float64(ms-trackEpochMS) / 1000 }

// trackTimeSQL is trackTime of the at column of row, as SQL.
func trackTimeSQL(row string) string {
	return fmt.Sprintf("((%s.at - %d) / 1000.0)", row, trackEpochMS)
}

// trackInsertSQL adds one track point; the insert trigger indexes it.
const trackInsertSQL = `INSERT INTO ` + TrackTable +
	` (layer, feature_id, at, seq, lon, lat, geom) VALUES (?, ?, ?, ?, ?, ?, ?)`

// unixMS is t as the track table's at: Unix milliseconds, rounded down.
func unixMS(t time.Time) int64 { return t.UnixMilli() }

// fromUnixMS is the time of a track table's at, in UTC.
func fromUnixMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// track adds the track point r carries, if any (layers.TrackPointOf), in
// the commit's transaction; def is r's layer and geom the blob of r's
// geometry, which for a point is the track point's own.
func (c *committer) track(def *layers.Layer, r *layers.Record, geom []byte) error {
	p, ok := layers.TrackPointOf(def, *r)
	if !ok {
		return nil
	}
	_, err := c.stmt(c.s.trackInsert).ExecContext(c.ctx, p.Layer, p.ID, unixMS(p.At), int64(p.Seq),
		p.Point[0], p.Point[1], geom)
	c.extents[TrackTable] = c.extent(TrackTable).add(p.Point.Bound())
	return err
}

// readTrackExtent sets the track table's extent from its gpkg_contents
// row, so that commits grow the recorded extent rather than start it
// afresh. Like a feature table's, it is a true bound, if a loose one after
// Prune; it spares GDAL and QGIS a scan of the whole history to find it.
func (s *Store) readTrackExtent(ctx context.Context) error {
	var b [4]sql.NullFloat64
	err := s.db.QueryRowContext(ctx, `SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?`,
		TrackTable).Scan(&b[0], &b[1], &b[2], &b[3])
	if err != nil {
		return fmt.Errorf("gpkg: open %s: read the extent of %s: %w", s.path, TrackTable, err)
	}
	if b[0].Valid && b[1].Valid && b[2].Valid && b[3].Valid {
		s.extents[TrackTable] = extent{bound: orb.Bound{Min: orb.Point{b[0].Float64, b[1].Float64},
			Max: orb.Point{b[2].Float64, b[3].Float64}}, ok: true}
	}
	return nil
}
