package postgis

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"lookout/layers"
)

// loadBatch is how many features the scanning goroutine hands over at a
// time.
const loadBatch = 1024

// Load reads every feature of the prepared layers' tables, table by table
// in one sequential scan each, and returns the last committed sequence
// number: the journal's last, or a feature's version if an import wrote
// features without journalling them. A feature whose geometry cannot be
// read fails the load, naming it: the world must not silently lose one.
func (s *Store) Load(ctx context.Context, fn func(*layers.Feature) error) (uint64, error) {
	s.mu.RLock()
	order, closed := s.order, s.closed
	s.mu.RUnlock()
	if closed {
		return 0, s.fail("load", errClosed)
	}
	start := time.Now()
	var seq int64
	if err := s.pool.QueryRow(ctx, "SELECT COALESCE(max(seq), 0) FROM "+journalTable).Scan(&seq); err != nil {
		return 0, s.fail("load: read the last sequence number", err)
	}
	last, total := uint64(seq), 0
	for _, t := range order {
		n, version, err := s.loadTable(ctx, t, fn)
		if err != nil {
			return 0, s.fail("load "+t.name, err)
		}
		total, last = total+n, max(last, version)
	}
	s.log.Info("postgis: loaded", "db", s.name, "features", total, "seq", last, "took", time.Since(start).Round(time.Millisecond))
	return last, nil
}

// tableLoad is what scanning a table found besides its features.
type tableLoad struct {
	n       int
	version uint64 // the highest
	err     error
}

// loadTable calls fn with every feature of t and returns t's feature count
// and highest version. A goroutine scans and decodes the rows while this
// one calls fn (the World indexing them), so that start-up takes about the
// longer of the two rather than their sum.
func (s *Store) loadTable(ctx context.Context, t *table, fn func(*layers.Feature) error) (int, uint64, error) {
	batches := make(chan []*layers.Feature, 4)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var res tableLoad
	go func() {
		defer close(batches)
		res = s.scanTable(ctx, t, batches)
	}()
	var fnErr error
	for batch := range batches {
		for _, f := range batch {
			if fnErr != nil {
				break
			}
			if fnErr = fn(f); fnErr != nil {
				stop()
			}
		}
	}
	// batches is closed, so the scanner has returned and res is set.
	if fnErr != nil {
		return 0, 0, fnErr
	}
	return res.n, res.version, res.err
}

// scanTable reads t's rows and sends their features in batches until the
// rows end or ctx is cancelled.
func (s *Store) scanTable(ctx context.Context, t *table, out chan<- []*layers.Feature) tableLoad {
	var res tableLoad
	rows, err := s.pool.Query(ctx, t.load)
	if err != nil {
		return tableLoad{err: err}
	}
	defer rows.Close()
	r := newRow(t)
	batch := make([]*layers.Feature, 0, loadBatch)
	for rows.Next() {
		if err := rows.Scan(r.dest...); err != nil {
			return tableLoad{err: err}
		}
		f, err := r.feature(t)
		if err != nil {
			return tableLoad{err: fmt.Errorf("feature %q: %w", r.id, err)}
		}
		res.n, res.version = res.n+1, max(res.version, f.Version)
		if batch = append(batch, f); len(batch) == loadBatch {
			select {
			case out <- batch:
				batch = make([]*layers.Feature, 0, loadBatch)
			case <-ctx.Done():
				return res
			}
		}
	}
	if err := cmp.Or(rows.Err(), ctx.Err()); err != nil {
		return tableLoad{err: err}
	}
	if len(batch) > 0 {
		out <- batch
	}
	return res
}

// row is the scan target of one feature row.
type row struct {
	id        string
	geom      pgtype.DriverBytes // valid until the next row: decoded at once
	version   int64
	updated   time.Time
	updatedNS int16
	props     []propCell
	dest      []any
}

func newRow(t *table) *row {
	r := &row{props: make([]propCell, len(t.cols))}
	r.dest = []any{&r.id, &r.geom, &r.version, &r.updated, &r.updatedNS}
	for i, c := range t.cols {
		r.props[i].field = c.field
		r.dest = append(r.dest, r.props[i].dest()...)
	}
	return r
}

// feature builds the Feature of a scanned row of t.
func (r *row) feature(t *table) (*layers.Feature, error) {
	g, err := decodeGeometry(r.geom)
	if err != nil {
		return nil, err
	}
	f := &layers.Feature{ID: r.id, Layer: t.def.Name, Geometry: g, Updated: joinTime(r.updated, r.updatedNS),
		Version: uint64(r.version), Props: make(map[string]any, len(r.props))}
	for i := range r.props {
		if v, ok := r.props[i].value(); ok {
			f.Props[r.props[i].field.Name] = v
		}
	}
	return f, nil
}
