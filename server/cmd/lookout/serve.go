package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"lookout/data/demo"
	"lookout/data/gpkg"
	"lookout/data/postgis"
	"lookout/data/sim"
	"lookout/frontend"
	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/catalog"
	"lookout/server"
	"lookout/server/ingest/mqtt"
)

// serve runs the server until ctx ends, then shuts down gracefully: stop
// accepting, finish requests in flight (10 s at most), commit what is
// pending, close the store.
func serve(ctx context.Context, args []string, seed bool, stderr io.Writer) error {
	name := "serve"
	if seed {
		name = "demo"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg server.Config
	cfg.Register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Check(); err != nil {
		return err
	}
	level, _ := cfg.Level()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	store, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	world, err := layers.Open(ctx, store, catalog.All(), layers.Options{Logger: log})
	if err != nil {
		return err
	}
	defer world.Close()
	log.Info("world loaded", "features", total(world), "seq", world.Seq(), "took", time.Since(start).Round(time.Millisecond))
	if seed && world.Seq() == 0 {
		if err := seedDemo(ctx, world, cfg.Seed, log); err != nil {
			return err
		}
	}
	grid, trend, err := startHeat(world, cfg.Seed, log)
	if err != nil {
		return err
	}
	engine, stopEngine, err := startEngine(world, grid.ClassAt, log)
	if err != nil {
		return err
	}
	defer stopEngine()
	desk, stopDispatch, err := startDispatch(world, log)
	if err != nil {
		return err
	}
	defer stopDispatch()
	if cfg.MQTTURL != "" {
		sub, err := mqtt.Start(ctx, world, mqtt.Options{URL: cfg.MQTTURL, Topic: cfg.MQTTTopic, ClientID: cfg.MQTTClientID, Logger: log})
		if err != nil {
			return err
		}
		defer sub.Stop() // before world.Close, so a batch being committed is acknowledged
	}
	keyring, trail, demo, err := startAccess(ctx, store, seed, log, stderr)
	if err != nil {
		return err
	}
	defer trail.Close()
	opt := server.Options{Logger: log, Engine: engine, Desk: desk, Heat: grid, HeatTrend: trend,
		Keyring: keyring, Trail: trail, Audit: store.(access.Store), DemoToken: demo.UI, Rate: cfg.Rate,
		TLS: cfg.TLSCert != ""}
	opt.CORSOrigins, _ = server.ParseOrigins(cfg.CORSOrigins) // checked by cfg.Check
	if t, ok := store.(layers.Tracks); ok {
		opt.Tracks = t
	}
	if frontend.Built() {
		opt.Frontend = frontend.Assets()
	} else {
		log.Warn("the web app is not built into this binary; run `make build` for the map")
	}
	srv := server.New(world, opt)
	defer background(ctx, func(ctx context.Context) { srv.RunHeat(ctx, time.Minute) })()
	retention, _ := cfg.Retention() // checked by cfg.Check
	defer background(ctx, func(ctx context.Context) { srv.RunRetention(ctx, retention) })()
	return listen(ctx, cfg, srv, log, simulator(seed, cfg, demo.Sim, log))
}

// openStore opens the configured store: PostgreSQL/PostGIS when a
// database URL is given (DATABASE_URL, --database-url), else the embedded
// GeoPackage in the data directory.
func openStore(cfg server.Config, log *slog.Logger) (layers.Store, error) {
	if cfg.DatabaseURL != "" {
		log.Info("opening PostGIS store", "url", redact(cfg.DatabaseURL))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		return postgis.Open(ctx, cfg.DatabaseURL, postgis.Options{Logger: log})
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "lookout.gpkg")
	log.Info("opening embedded store", "path", path)
	return gpkg.Open(path, gpkg.Options{Logger: log})
}

// redact hides the password of a database URL for the log.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// seedDemo applies the generated Chongqing world in batches, its times
// shifted so that the demo's Epoch is now (demo.Shift).
func seedDemo(ctx context.Context, world *layers.World, seed uint64, log *slog.Logger) error {
	start := time.Now()
	var batch []layers.Change
	n := 0
	flush := func() error {
		res, err := world.Apply(ctx, batch)
		if err != nil {
			return fmt.Errorf("seed demo world: %w", err)
		}
		for i, r := range res {
			if r.Err != nil {
				return fmt.Errorf("seed demo world: %s/%s: %w", batch[i].Layer, batch[i].ID, r.Err)
			}
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	var shift time.Duration // so that the world's "now", Epoch, is the start
	if start.After(demo.Epoch) {
		shift = start.Sub(demo.Epoch)
	}
	err := demo.Generate(seed, func(c layers.Change) error {
		batch = append(batch, demo.Shift(c, shift))
		if len(batch) == 2000 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		return err
	}
	log.Info("seeded the Chongqing demo world", "features", n, "seed", seed, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func total(w *layers.World) int {
	n := 0
	for _, l := range w.Layers() {
		if st, err := w.Stats(l.Name); err == nil {
			n += st.Count
		}
	}
	return n
}

// listen serves h on addr until ctx ends. onListen, when given, is started
// once the listener is open, and the function it returns is called to stop
// it before the server shuts down.
func listen(ctx context.Context, cfg server.Config, h http.Handler, log *slog.Logger, onListen func(net.Addr) func()) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if sh, ok := h.(interface{ Shutdown() }); ok {
		srv.RegisterOnShutdown(sh.Shutdown)
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("tls: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln, scheme = tls.NewListener(ln, srv.TLSConfig), "https"
	}
	log.Info("Lookout is ready", "url", scheme+"://"+ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	stop := func() {}
	if onListen != nil {
		stop = onListen(ln.Addr())
	}
	select {
	case err := <-errc:
		stop()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stop()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// simulator returns what starts the live simulator against the server's own
// address, for `lookout demo` with --sim, and nil otherwise. The function
// it returns stops the simulator and waits for it.
func simulator(demoMode bool, cfg server.Config, secret string, log *slog.Logger) func(net.Addr) func() {
	if !demoMode || !cfg.Sim {
		return nil
	}
	return func(addr net.Addr) func() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		client := &http.Client{Timeout: 30 * time.Second, Transport: bearer{secret, http.DefaultTransport}}
		s := sim.New(sim.LoopbackURL(addr), sim.Options{Seed: cfg.Seed, Speed: cfg.SimSpeed, Logger: log, HTTPClient: client})
		go func() {
			defer close(done)
			if err := s.Run(ctx); err != nil {
				log.Error("the simulator stopped", "err", err)
			}
		}()
		return func() {
			cancel()
			<-done
		}
	}
}
