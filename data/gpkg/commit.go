package gpkg

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"lookout/layers"
)

// Commit writes the records in one transaction: each is journalled, each
// position of a tracked layer (stale fixes included) is added to the track
// history, and each that is not a stale fix upserts its feature's row (a
// patch is written as the merged feature) or deletes it; the layers'
// gpkg_contents rows are touched. With synchronous=FULL, the transaction
// is on disk when Commit returns nil.
func (s *Store) Commit(ctx context.Context, recs []layers.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return s.errClosed("commit")
	}
	if len(recs) == 0 {
		return nil
	}
	c := committer{s: s, ctx: ctx, stmts: map[*sql.Stmt]*sql.Stmt{}, extents: map[string]extent{}}
	err := s.inTx(ctx, fmt.Sprintf("commit %d records from seq %d", len(recs), recs[0].Seq), func(tx *sql.Tx) error {
		c.tx = tx
		defer c.close()
		for i := range recs {
			if err := c.write(&recs[i]); err != nil {
				return fmt.Errorf("seq %d (%s/%s): %w", recs[i].Seq, recs[i].Change.Layer, recs[i].Change.ID, err)
			}
		}
		return s.touchContents(ctx, tx, c.extents, s.now())
	})
	if err != nil {
		return err
	}
	for name, e := range c.extents {
		s.extents[name] = e
	}
	return nil
}

// committer is the state of one Commit's transaction.
type committer struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	stmts   map[*sql.Stmt]*sql.Stmt // the store's statements bound to tx
	extents map[string]extent       // grown extents of the layers touched
}

// stmt returns st bound to the transaction, binding it once per commit.
func (c *committer) stmt(st *sql.Stmt) *sql.Stmt {
	t, ok := c.stmts[st]
	if !ok {
		t = c.tx.StmtContext(c.ctx, st)
		c.stmts[st] = t
	}
	return t
}

func (c *committer) close() {
	for _, t := range c.stmts {
		t.Close()
	}
}

// write journals r and applies it to its feature table.
func (c *committer) write(r *layers.Record) error {
	t, ok := c.s.tables[r.Change.Layer]
	if !ok {
		return fmt.Errorf("layer %q was not prepared", r.Change.Layer)
	}
	var geom []byte
	if r.Change.Geometry != nil {
		var err error
		if geom, err = encodeGeometry(r.Change.Geometry, SRS); err != nil {
			return err
		}
	}
	if err := c.journal(r, geom); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := c.track(t.def, r, geom); err != nil {
		return fmt.Errorf("track: %w", err)
	}
	switch {
	case r.Stale:
		return nil
	case r.Change.Op == layers.Delete:
		c.extents[t.name] = c.extent(t.name)
		_, err := c.stmt(t.delete).ExecContext(c.ctx, r.Change.ID)
		return err
	case r.Feature == nil:
		return fmt.Errorf("%s record without the feature's new state", r.Change.Op)
	}
	// The World makes a feature's geometry the change's when the change has
	// one, so the journal's blob serves the row too; a patch of properties
	// only keeps the feature's geometry, encoded here.
	if r.Change.Geometry == nil {
		var err error
		if geom, err = encodeGeometry(r.Feature.Geometry, SRS); err != nil {
			return err
		}
	}
	c.extents[t.name] = c.extent(t.name).add(r.Feature.Bound())
	return c.upsert(t, r.Feature, geom)
}

// extent returns the named layer's extent as this commit has grown it so far.
func (c *committer) extent(name string) extent {
	if e, ok := c.extents[name]; ok {
		return e
	}
	return c.s.extents[name]
}

// journal appends r to the journal; geom is its change's geometry blob.
func (c *committer) journal(r *layers.Record, geom []byte) error {
	var props any
	if len(r.Change.Props) > 0 {
		b, err := json.Marshal(r.Change.Props)
		if err != nil {
			return err
		}
		props = string(b)
	}
	var g any
	if geom != nil {
		g = geom
	}
	_, err := c.stmt(c.s.journal).ExecContext(c.ctx, int64(r.Seq), formatTime(r.At), r.Change.Layer,
		r.Change.ID, r.Change.Op.String(), r.Change.Event, r.Stale, formatTime(r.Change.Time), g, props, r.Change.Actor)
	return err
}

// upsert writes f's whole row, with geom its geometry blob: an update of
// the row with its ID, or an insert when there is none (see updateSQL).
func (c *committer) upsert(t *table, f *layers.Feature, geom []byte) error {
	a := t.args
	a[0], a[1], a[2], a[len(a)-1] = geom, int64(f.Version), formatTime(f.Updated), f.ID
	for i, col := range t.cols {
		v, err := encodeValue(col.field, f.Props[col.field.Name])
		if err != nil {
			return err
		}
		a[3+i] = v
	}
	res, err := c.stmt(t.update).ExecContext(c.ctx, a...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = c.stmt(t.insert).ExecContext(c.ctx, a...)
	return err
}
