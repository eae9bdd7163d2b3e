package export

import (
	"context"
	"fmt"
	"log/slog"

	"lookout/data/gpkg"
	"lookout/layers"
)

// gpkgBatch is how many features a GeoPackage export commits per
// transaction: large enough that the fsync of each commit costs little.
const gpkgBatch = 10_000

// gpkgWriter writes features to a new GeoPackage through the embedded
// store: the file is a Lookout store of the one layer, its features
// committed as upserts and journalled like any other.
type gpkgWriter struct {
	ctx  context.Context
	s    *gpkg.Store
	def  *layers.Layer
	recs []layers.Record
	seq  uint64
}

// newGPKG opens the GeoPackage at path (an empty file or none) and
// prepares def's table. The layer is prepared without Track, so that the
// store does not also fill its track history with the exported points.
func newGPKG(ctx context.Context, path string, def *layers.Layer, log *slog.Logger) (*gpkgWriter, error) {
	s, err := gpkg.Open(path, gpkg.Options{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	d := *def
	d.Track = false
	if err := s.Prepare(ctx, []*layers.Layer{&d}); err != nil {
		s.Close()
		return nil, fmt.Errorf("export: %w", err)
	}
	return &gpkgWriter{ctx: ctx, s: s, def: &d, recs: make([]layers.Record, 0, gpkgBatch)}, nil
}

// NewGeoPackage returns a writer of def's features to a new GeoPackage at
// path, which must be an empty file or none: one feature table named after
// the layer, with a typed column per property and the store's id, version
// and updated columns, as a Lookout data directory holds it. The file
// also has the store's (empty) track table and its journal, with one
// upsert per feature.
func NewGeoPackage(ctx context.Context, path string, def *layers.Layer, log *slog.Logger) (FeatureWriter, error) {
	return newGPKG(ctx, path, def, log)
}

// Write queues f, committing a full batch. f must not change until Close.
func (g *gpkgWriter) Write(f *layers.Feature) error {
	g.seq++
	at := f.Updated
	g.recs = append(g.recs, layers.Record{Seq: g.seq, At: at, Feature: f, Change: layers.Change{
		Op: layers.Upsert, Layer: g.def.Name, ID: f.ID, Geometry: f.Geometry, Props: f.Props, Time: at, Actor: "lookout export"}})
	if len(g.recs) == gpkgBatch {
		return g.flush()
	}
	return nil
}

func (g *gpkgWriter) flush() error {
	if len(g.recs) == 0 {
		return nil
	}
	err := g.s.Commit(g.ctx, g.recs)
	clear(g.recs)
	g.recs = g.recs[:0]
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Close commits what is queued and closes the file, which checkpoints it
// into one self-contained .gpkg.
func (g *gpkgWriter) Close() error {
	err := g.flush()
	if cerr := g.s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export: %w", cerr)
	}
	return err
}
