package postgis

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"lookout/layers"
)

// batch is everything one Commit writes, encoded once so that retries
// after a lost connection only send it again.
type batch struct {
	first   uint64    // sequence number of the first record
	journal [][]any   // COPY rows of lookout_journal, in journalColumns order
	track   [][]any   // COPY rows of lookout_track, in trackColumns order
	writes  []*writes // per table touched, in the order first touched
}

// writes is what a commit does to one layer table: its features' final
// states (a feature changed several times in one commit is written once,
// as it ended up) and the IDs of the features it deleted.
type writes struct {
	t       *table
	rows    *rowSet
	deletes []string
}

// Columns of the COPYs, in the order of the rows' values.
var (
	journalColumns = []string{"seq", "at", "at_ns", "layer", "feature_id", "op", "event", "stale",
		"time", "time_ns", "actor", "geom", "props"}
	trackColumns = []string{"layer", "feature_id", "at", "at_ns", "seq", "geom"}
)

// newBatch encodes recs for tables. It fails, for good, on a record of an
// unprepared layer or one it cannot encode.
func newBatch(tables map[string]*table, recs []layers.Record) (*batch, error) {
	b := &batch{first: recs[0].Seq, journal: make([][]any, 0, len(recs))}
	geoms := make([][]byte, len(recs))
	final := make(map[layers.Key]int, len(recs)) // the last fresh record of each feature
	for i := range recs {
		r := &recs[i]
		t, ok := tables[r.Change.Layer]
		if !ok {
			return nil, permanent(fmt.Errorf("seq %d: layer %q was not prepared", r.Seq, r.Change.Layer))
		}
		if r.Change.Geometry != nil {
			var err error
			if geoms[i], err = encodeGeometry(r.Change.Geometry); err != nil {
				return nil, fmt.Errorf("seq %d (%s/%s): %w", r.Seq, r.Change.Layer, r.Change.ID, err)
			}
		}
		row, err := journalRow(r, geoms[i])
		if err != nil {
			return nil, fmt.Errorf("seq %d (%s/%s): %w", r.Seq, r.Change.Layer, r.Change.ID, err)
		}
		b.journal = append(b.journal, row)
		if p, ok := layers.TrackPointOf(t.def, *r); ok {
			at, ns := splitTime(p.At)
			b.track = append(b.track, []any{p.Layer, p.ID, at, ns, int64(p.Seq), geoms[i]})
		}
		if !r.Stale {
			final[layers.Key{Layer: r.Change.Layer, ID: r.Change.ID}] = i
		}
	}
	return b, b.addWrites(tables, recs, geoms, final)
}

// addWrites sorts each feature's final state into its table's writes.
func (b *batch) addWrites(tables map[string]*table, recs []layers.Record, geoms [][]byte, final map[layers.Key]int) error {
	byTable := map[string]*writes{}
	for i := range recs {
		r := &recs[i]
		if j, ok := final[layers.Key{Layer: r.Change.Layer, ID: r.Change.ID}]; !ok || j != i {
			continue
		}
		w := byTable[r.Change.Layer]
		if w == nil {
			t := tables[r.Change.Layer]
			w = &writes{t: t, rows: newRowSet(t)}
			byTable[r.Change.Layer] = w
			b.writes = append(b.writes, w)
		}
		if err := w.add(r, geoms[i]); err != nil {
			return fmt.Errorf("seq %d (%s/%s): %w", r.Seq, r.Change.Layer, r.Change.ID, err)
		}
	}
	return nil
}

// add writes r's feature (or its deletion); geom is r's change's EWKB.
func (w *writes) add(r *layers.Record, geom []byte) error {
	if r.Change.Op == layers.Delete {
		w.deletes = append(w.deletes, r.Change.ID)
		return nil
	}
	if r.Feature == nil {
		return permanent(fmt.Errorf("%s record without the feature's new state", r.Change.Op))
	}
	// The World makes a feature's geometry the change's when the change has
	// one; a patch of properties only keeps the feature's, encoded here.
	if r.Change.Geometry == nil {
		var err error
		if geom, err = encodeGeometry(r.Feature.Geometry); err != nil {
			return err
		}
	}
	return w.rows.add(r.Feature, geom)
}

// journalRow is r's row of lookout_journal; geom is its change's EWKB.
func journalRow(r *layers.Record, geom []byte) ([]any, error) {
	var props, g any
	if len(r.Change.Props) > 0 {
		js, err := json.Marshal(r.Change.Props)
		if err != nil {
			return nil, permanent(fmt.Errorf("properties: %w", err))
		}
		props = js
	}
	if geom != nil {
		g = geom
	}
	at, atNS := splitTime(r.At)
	tm, tmNS := pgtype.Timestamptz{}, int16(0)
	if !r.Change.Time.IsZero() {
		var t time.Time
		t, tmNS = splitTime(r.Change.Time)
		tm = pgtype.Timestamptz{Time: t, Valid: true}
	}
	return []any{int64(r.Seq), at, atNS, r.Change.Layer, r.Change.ID, r.Change.Op.String(), r.Change.Event,
		r.Stale, tm, tmNS, r.Change.Actor, g, props}, nil
}
