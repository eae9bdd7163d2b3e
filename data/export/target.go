package export

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"lookout/layers"
)

// Target is where an export goes and in what format.
type Target struct {
	Format Format
	// Path is the file to write; "" writes GeoJSON to Stdout.
	Path string
	// Overwrite replaces Path if it exists; otherwise an existing Path
	// fails the export with ErrExists before anything is read.
	Overwrite bool
	Stdout    io.Writer
	// Logger takes the messages of the GeoPackage store written; nil
	// discards them.
	Logger *slog.Logger
}

// Counts says what an export wrote: features of a layer, or the features
// tracked and their track points.
type Counts struct {
	Features, Points int
}

// Layer writes the features of layer def that store holds to t, in the
// order the store loads them. It prepares store for def alone, so that it
// loads that layer's table and no other.
func Layer(ctx context.Context, store layers.Store, def *layers.Layer, t Target) (Counts, error) {
	var c Counts
	err := write(t, func(w io.Writer) FeatureWriter { return NewGeoJSON(w, def) },
		func(path string) (FeatureWriter, error) { return NewGeoPackage(ctx, path, def, t.logger()) },
		func(w FeatureWriter) error {
			if err := store.Prepare(ctx, []*layers.Layer{def}); err != nil {
				return fmt.Errorf("export: layer %s: %w", def.Name, err)
			}
			_, err := store.Load(ctx, func(f *layers.Feature) error {
				if f.Layer != def.Name {
					return nil
				}
				c.Features++
				return w.Write(f)
			})
			return err
		})
	return c, err
}

// Tracks writes the tracks of keys with points in [from, to] that src
// holds to t: as lines or points in GeoJSON, as TrackPoints in a
// GeoPackage. A key with no points in the window is left out.
func Tracks(ctx context.Context, src layers.Tracks, keys []layers.Key, from, to time.Time, style TrackStyle, t Target) (Counts, error) {
	var c Counts
	var last layers.Key
	err := write(t, func(w io.Writer) TrackWriter { return NewGeoJSONTracks(w, style) },
		func(path string) (TrackWriter, error) { return NewGeoPackageTracks(ctx, path, t.logger()) },
		func(w TrackWriter) error {
			return src.Track(ctx, keys, from, to, func(p layers.TrackPoint) error {
				if k := (layers.Key{Layer: p.Layer, ID: p.ID}); c.Points == 0 || k != last {
					c.Features, last = c.Features+1, k
				}
				c.Points++
				return w.Write(p)
			})
		})
	return c, err
}

func (t Target) logger() *slog.Logger {
	if t.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return t.Logger
}

// write runs an export to t: it makes the writer (stream for GeoJSON, file
// for a GeoPackage, which opens its file by name), fills it, and makes the
// file whole or removes it. On standard output a failed export stops
// without closing the collection, so that what was written does not parse
// as a whole answer.
func write[W interface{ Close() error }](t Target, stream func(io.Writer) W, file func(path string) (W, error), fill func(W) error) error {
	if t.Path == "" {
		if t.Format != GeoJSON {
			return fmt.Errorf("export: %s needs a file to write", t.Format)
		}
		w := stream(t.Stdout)
		if err := fill(w); err != nil {
			return err
		}
		return w.Close()
	}
	out, err := create(t.Path, t.Overwrite)
	if err != nil {
		return err
	}
	var w W
	switch t.Format {
	case GeoJSON:
		w = stream(out)
	case GeoPackage:
		w, err = file(out.temp)
	default:
		err = fmt.Errorf("%w %q", ErrFormat, t.Format)
	}
	if err != nil {
		out.abort()
		return err
	}
	if err := fill(w); err != nil {
		w.Close()
		out.abort()
		return err
	}
	if err := w.Close(); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}
