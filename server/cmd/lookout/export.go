package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"lookout/data/export"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server"
)

const exportUsage = `usage:
  lookout export --layer NAME [--format geojson|gpkg] [-o FILE] [--force]
  lookout export --tracks LAYER/ID,…|LAYER [--from TIME] [--to TIME] [--points]
                 [--format geojson|gpkg] [-o FILE] [--force]
The store is the one lookout serve uses: --data-dir (LOOKOUT_DATA_DIR) or
--database-url (DATABASE_URL). Run "lookout export -h" for every flag.`

// exportCmd is `lookout export`: it writes the features of a layer, or the
// tracks of some features, from the store the server uses to a GeoJSON
// file (or standard output) or a new GeoPackage. The format is --format,
// else -o's extension, else GeoJSON. It opens the store with openStore, as
// serve does, so whichever store serve opens, export reads; it may run
// beside a running server. The writing is package export's.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, exportUsage); fs.PrintDefaults() }
	var cfg server.Config
	storeFlags(fs, &cfg)
	fs.StringVar(&cfg.LogLevel, "log-level", "warn", "debug, info, warn or error: the store's messages on stderr")
	layer := fs.String("layer", "", "export the features of this layer")
	tracks := fs.String("tracks", "", "export the tracks of these features, LAYER/ID separated by commas; a LAYER alone is every feature of it with a track in the window")
	from := fs.String("from", "", "tracks from this time, RFC 3339 (default: 24 hours before --to)")
	to := fs.String("to", "", "tracks up to this time, RFC 3339 (default: now)")
	points := fs.Bool("points", false, "GeoJSON tracks as a Point per fix rather than a LineString per feature")
	format := fs.String("format", "", "geojson or gpkg (default: from -o's extension, else geojson)")
	out := fs.String("o", "", "the file to write (default: GeoJSON on standard output)")
	force := fs.Bool("force", false, "replace the file -o names if it exists")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*layer == "") == (*tracks == "") {
		return errors.New(exportUsage)
	}
	f, err := export.Choose(*format, *out)
	if err != nil {
		return err
	}
	level, err := cfg.Level()
	if err != nil {
		return err
	}
	t := export.Target{Format: f, Path: *out, Overwrite: *force, Stdout: stdout,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))}

	var def *layers.Layer
	var window [2]time.Time
	if *layer != "" {
		if def = lookupLayer(*layer); def == nil {
			return fmt.Errorf("export: %w %q", layers.ErrUnknownLayer, *layer)
		}
	} else if window, err = exportWindow(*from, *to, time.Now()); err != nil {
		return err
	}
	store, err := openExportStore(cfg, t.Logger)
	if err != nil {
		return err
	}
	defer store.Close()

	var n export.Counts
	if def != nil {
		n, err = export.Layer(ctx, store, def, t)
	} else {
		n, err = exportTracks(ctx, store, *tracks, window, *points, t)
	}
	if errors.Is(err, export.ErrExists) {
		return fmt.Errorf("%w (--force replaces it)", err)
	}
	if err != nil {
		return err
	}
	dest := *out
	if dest == "" {
		dest = "standard output"
	}
	if def != nil {
		fmt.Fprintf(stderr, "lookout export: %d features of %s to %s (%s)\n", n.Features, def.Name, dest, f)
	} else {
		fmt.Fprintf(stderr, "lookout export: %d track points of %d features, %s to %s, to %s (%s)\n",
			n.Points, n.Features, window[0].Format(time.RFC3339), window[1].Format(time.RFC3339), dest, f)
	}
	return nil
}

// exportTracks exports the tracks list names, within window.
func exportTracks(ctx context.Context, store layers.Store, list string, window [2]time.Time, points bool, t export.Target) (export.Counts, error) {
	src, ok := store.(layers.Tracks)
	if !ok {
		return export.Counts{}, fmt.Errorf("export: the store (%T) keeps no track history", store)
	}
	keys, err := export.TrackKeys(ctx, src, list, catalog.All(), window[0], window[1])
	if err != nil {
		return export.Counts{}, err
	}
	style := export.Lines
	if points {
		style = export.Points
	}
	return export.Tracks(ctx, src, keys, window[0], window[1], style, t)
}

// storeFlags registers on fs the flags of serve that choose the store,
// --data-dir and --database-url, with their environment variables and
// defaults, filling cfg: export reads the store serve would open.
func storeFlags(fs *flag.FlagSet, cfg *server.Config) {
	all := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.Register(all)
	for _, name := range []string{"data-dir", "database-url"} {
		f := all.Lookup(name)
		fs.Var(f.Value, f.Name, f.Usage)
	}
}

// openExportStore opens the store serve would (openStore), but refuses a
// data directory that does not exist: serve creates one, an export of a
// mistyped directory would only export nothing.
func openExportStore(cfg server.Config, log *slog.Logger) (layers.Store, error) {
	if cfg.DatabaseURL == "" {
		if _, err := os.Stat(cfg.DataDir); err != nil {
			return nil, fmt.Errorf("export: no data directory: %w", err)
		}
	}
	return openStore(cfg, log)
}

// lookupLayer returns the catalog's layer called name, or nil.
func lookupLayer(name string) *layers.Layer {
	for _, l := range catalog.All() {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// exportWindow reads --from and --to: RFC 3339 times, --to now and --from
// a day before --to when not given.
func exportWindow(from, to string, now time.Time) ([2]time.Time, error) {
	var w [2]time.Time
	var err error
	if w[1], err = flagTime("to", to, now); err != nil {
		return w, err
	}
	if w[0], err = flagTime("from", from, w[1].Add(-24*time.Hour)); err != nil {
		return w, err
	}
	if w[1].Before(w[0]) {
		return w, fmt.Errorf("export: --from %s is after --to %s", from, to)
	}
	return w, nil
}

// flagTime reads the RFC 3339 time of flag name, or returns def for none.
func flagTime(name, s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("export: --%s %q: want an RFC 3339 time such as 2026-11-23T08:00:00+08:00", name, s)
	}
	return t, nil
}
