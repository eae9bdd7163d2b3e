package gpkg

import (
	"context"
	"database/sql"
	"time"

	"github.com/paulmach/orb"
)

// extent is a layer's bounding box as its gpkg_contents row records it.
// Load sets it exactly from the stored features; Commit only grows it
// (a deleted or moved feature does not shrink it until the next start), which
// keeps it a true, if sometimes loose, bound as the standard asks.
type extent struct {
	bound orb.Bound
	ok    bool // false while the layer has had no features
}

// add grows e to cover b.
func (e extent) add(b orb.Bound) extent {
	if !e.ok {
		return extent{bound: b, ok: true}
	}
	return extent{bound: e.bound.Union(b), ok: true}
}

// contentsTime formats t as gpkg_contents.last_change wants it:
// strftime('%Y-%m-%dT%H:%M:%fZ'), milliseconds in UTC.
func contentsTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// touchContents records, in tx, a change to the named tables at now and
// their extents.
func (s *Store) touchContents(ctx context.Context, tx *sql.Tx, extents map[string]extent, now time.Time) error {
	st := tx.StmtContext(ctx, s.touch)
	defer st.Close()
	at := contentsTime(now)
	for name, e := range extents {
		var minX, minY, maxX, maxY any
		if e.ok {
			minX, minY, maxX, maxY = e.bound.Min[0], e.bound.Min[1], e.bound.Max[0], e.bound.Max[1]
		}
		if _, err := st.ExecContext(ctx, at, minX, minY, maxX, maxY, name); err != nil {
			return err
		}
	}
	return nil
}
