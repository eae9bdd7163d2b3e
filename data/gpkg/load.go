package gpkg

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"time"

	"lookout/layers"
)

// maxValueWarnings caps the warnings Load logs per table about property
// values it cannot read, so a bad column cannot flood the log.
const maxValueWarnings = 10

// Load reads every feature of the prepared layers' tables, table by table in
// one sequential scan each, and returns the last committed sequence number:
// the journal's last, or a feature's version if an import wrote features
// without journalling them. It also records each layer's exact extent in
// gpkg_contents.
//
// A feature whose geometry cannot be read fails the load, naming it: the
// world must not silently lose a feature. A property value that cannot be
// read as its schema type (an analyst's edit in QGIS) is left out, with a
// warning.
func (s *Store) Load(ctx context.Context, fn func(*layers.Feature) error) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, s.errClosed("load")
	}
	start := time.Now()
	var seq uint64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM `+Journal).Scan(&seq); err != nil {
		return 0, fmt.Errorf("gpkg: load: read last sequence number: %w", err)
	}
	extents := make(map[string]extent, len(s.order))
	total := 0
	for _, t := range s.order {
		e, n, version, err := s.loadTable(ctx, t, fn)
		if err != nil {
			return 0, err
		}
		extents[t.name], total, seq = e, total+n, max(seq, version)
	}
	if e, ok := s.extents[TrackTable]; ok {
		extents[TrackTable] = e // commits grow it; Load does not scan the history
	}
	err := s.inTx(ctx, "load: record extents", func(tx *sql.Tx) error {
		return s.touchContents(ctx, tx, extents, s.now())
	})
	if err != nil {
		return 0, err
	}
	s.extents = extents
	s.log.Info("gpkg: loaded", "path", s.path, "features", total, "seq", seq, "took", time.Since(start).Round(time.Millisecond))
	return seq, nil
}

// loadBatch is how many features the scanning goroutine hands over at a
// time.
const loadBatch = 1024

// tableLoad is what scanning a table found besides its features.
type tableLoad struct {
	extent  extent
	n       int
	version uint64 // the highest
	err     error
}

// loadTable calls fn with every feature of t and returns t's extent, its
// feature count and its highest version. A goroutine scans and decodes the
// rows while this one calls fn (the World indexing them), so that start-up
// takes about the longer of the two rather than their sum.
func (s *Store) loadTable(ctx context.Context, t *table, fn func(*layers.Feature) error) (extent, int, uint64, error) {
	batches := make(chan []*layers.Feature, 4)
	stop := make(chan struct{})
	var res tableLoad
	go func() {
		defer close(batches)
		res = s.scanTable(ctx, t, batches, stop)
	}()
	var fnErr error
	for batch := range batches {
		for _, f := range batch {
			if fnErr != nil {
				break
			}
			if fnErr = fn(f); fnErr != nil {
				close(stop)
			}
		}
	}
	// batches is closed, so the scanner has returned and res is set.
	if err := cmp.Or(fnErr, res.err); err != nil {
		return extent{}, 0, 0, fmt.Errorf("gpkg: load %s: %w", t.name, err)
	}
	return res.extent, res.n, res.version, nil
}

// scanTable reads t's rows and sends their features in batches until the
// rows end or stop is closed.
func (s *Store) scanTable(ctx context.Context, t *table, out chan<- []*layers.Feature, stop <-chan struct{}) tableLoad {
	var res tableLoad
	rows, err := s.db.QueryContext(ctx, t.selectSQL())
	if err != nil {
		return tableLoad{err: err}
	}
	defer rows.Close()
	var r row
	dest := r.dest(len(t.cols))
	batch := make([]*layers.Feature, 0, loadBatch)
	bad := 0
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]*layers.Feature, 0, loadBatch)
			return true
		case <-stop:
			return false
		}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return tableLoad{err: err}
		}
		f, skipped, err := r.feature(t)
		if err != nil {
			return tableLoad{err: fmt.Errorf("feature %q: %w", r.id, err)}
		}
		for _, msg := range skipped {
			if bad++; bad <= maxValueWarnings {
				s.log.Warn("gpkg: property value left out", "table", t.name, "id", f.ID, "problem", msg)
			}
		}
		res.extent, res.n, res.version = res.extent.add(f.Bound()), res.n+1, max(res.version, f.Version)
		if batch = append(batch, f); len(batch) == loadBatch && !send() {
			return res
		}
	}
	if err := rows.Err(); err != nil {
		return tableLoad{err: err}
	}
	if bad > maxValueWarnings {
		s.log.Warn("gpkg: more property values left out", "table", t.name, "count", bad-maxValueWarnings)
	}
	if len(batch) > 0 {
		send()
	}
	return res
}

// row is the scan target of one feature row.
type row struct {
	id      string
	geom    sql.RawBytes
	version int64
	updated string
	vals    []any
}

// dest returns the Scan destinations of a row with n property columns.
func (r *row) dest(n int) []any {
	r.vals = make([]any, n)
	d := []any{&r.id, &r.geom, &r.version, &r.updated}
	for i := range r.vals {
		d = append(d, &r.vals[i])
	}
	return d
}

// feature builds the Feature of a scanned row of t. It returns, besides,
// why each property value it left out could not be read.
func (r *row) feature(t *table) (*layers.Feature, []string, error) {
	if len(r.geom) == 0 {
		return nil, nil, fmt.Errorf("no geometry")
	}
	g, srs, err := decodeGeometry(r.geom)
	if err != nil {
		return nil, nil, err
	}
	if srs != SRS {
		return nil, nil, fmt.Errorf("geometry in srs_id %d, want %d", srs, SRS)
	}
	updated, err := parseTime(r.updated)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", colUpdated, err)
	}
	f := &layers.Feature{ID: r.id, Layer: t.def.Name, Geometry: g, Updated: updated,
		Version: uint64(r.version), Props: make(map[string]any, len(t.cols))}
	var skipped []string
	for i, c := range t.cols {
		if r.vals[i] == nil {
			continue
		}
		v, err := decodeValue(c.field, r.vals[i])
		if err != nil {
			skipped = append(skipped, err.Error())
			continue
		}
		f.Props[c.field.Name] = v
	}
	return f, skipped, nil
}
