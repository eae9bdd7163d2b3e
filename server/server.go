// Package server is Lookout's HTTP face: the REST API over the layers, the
// ingest endpoint, health checks and the embedded frontend. Every write goes
// through layers.World.Apply; every error answer comes from one table
// (errors.go).
package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/dispatch"
	"lookout/layers/forest"
	"lookout/layers/incident"
	"lookout/server/hub"
	"lookout/server/limit"
	"lookout/spatial/heat"
	"lookout/tiles"
	"lookout/tiles/glyphs"
)

// Options configure a Server.
type Options struct {
	Logger *slog.Logger
	// MaxBody caps request bodies in bytes (default 8 MiB).
	MaxBody int64
	// MaxItems caps the items of one ingest batch (default 10,000).
	MaxItems int
	// Frontend holds the built web app; nil answers a plain note at "/".
	Frontend fs.FS
	// TileCacheBytes bounds the tile cache (default 256 MiB).
	TileCacheBytes int64
	// Engine, when set, is the incident engine whose counters /metrics shows.
	Engine *incident.Engine
	// Heat, when set, is the fire-risk grid the /api/v1/heat endpoints
	// read (a forest.Feed keeps it up to date).
	Heat *heat.Grid
	// HeatTrend, when set, holds the districts' mean risk over time for the
	// ranking's trend.
	HeatTrend *heat.Trend
	// Desk writes dispatch tasks; share it with the dispatch.Tracker that
	// marks responders on scene. Nil makes one of the server's own.
	Desk *dispatch.Desk
	// Tracks is the store's track history, for /api/v1/tracks and
	// /api/v1/history; nil answers them 404.
	Tracks layers.Tracks
	// Keyring authenticates requests: every path but the health checks,
	// the web app's files and the fonts needs a token, and each door
	// checks its role and district scope. Nil runs the server open (every
	// request acts as an admin): for tests of other concerns only.
	Keyring *access.Keyring
	// Trail records reads of custody data and incident actions; nil
	// records nothing.
	Trail *access.Trail
	// Audit reads the trail back for GET /api/v1/audit (the store).
	Audit access.Store
	// Rate limits requests per token (per second, with a burst of ten
	// times that); 0 means no limit.
	Rate float64
	// DemoToken, when set, is put into the web app's page (a meta tag) so
	// that the demo UI acts with it; never set outside demo mode.
	DemoToken string
	// CORSOrigins may call the API from a browser page of their own
	// (ParseOrigins); none by default.
	CORSOrigins []string
	// TLS says the server is reached over HTTPS (it sends HSTS).
	TLS bool
}

// Server serves the API over one World.
type Server struct {
	world *layers.World
	log   *slog.Logger
	opt   Options
	mux   *http.ServeMux
	tiles *tiles.Cache
	fonts *fontCache
	hub   *hub.Hub
	desk  *dispatch.Desk

	riskDeltas atomic.Int64   // fire-risk cells pushed for a class change
	limits     *limit.Limiter // per-token request rate; nil allows all
	handler    http.Handler   // serve behind the security headers and CORS
}

// New returns a server over world.
func New(world *layers.World, opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 8 << 20
	}
	if opt.MaxItems <= 0 {
		opt.MaxItems = 10_000
	}
	if opt.TileCacheBytes <= 0 {
		opt.TileCacheBytes = 256 << 20
	}
	if opt.Desk == nil {
		var err error
		if opt.Desk, err = dispatch.NewDesk(world); err != nil {
			opt.Logger.Error("dispatch roster not read; recommendations walk every responder", "err", err)
		}
	}
	s := &Server{world: world, log: opt.Logger, opt: opt, mux: http.NewServeMux(),
		tiles: tiles.NewCache(world, opt.TileCacheBytes), desk: opt.Desk,
		fonts: &fontCache{set: glyphs.New(), gzip: map[string][]byte{}}}
	s.hub = hub.New(world, hub.Options{Encode: func(dst []byte, f *layers.Feature) []byte { return appendFeature(dst, f, -1) }})
	if opt.Heat != nil {
		s.tiles.Source(forest.Risk.Name, forest.RiskSource{Grid: opt.Heat})
	}
	if opt.Rate > 0 {
		s.limits = limit.New(opt.Rate, max(1, int(10*opt.Rate)))
	}
	s.handler = securityHeaders(cors(http.HandlerFunc(s.serve), opt.CORSOrigins), opt.TLS)
	world.Subscribe(s.tiles)
	world.Subscribe(s.hub)
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.HandleFunc("GET /api/v1/layers", s.listLayers)
	s.mux.HandleFunc("GET /api/v1/layers/{layer}", s.withLayer("", s.getLayer))
	s.mux.HandleFunc("GET /api/v1/layers/{layer}/features", s.withLayer("read", s.listFeatures))
	s.mux.HandleFunc("POST /api/v1/layers/{layer}/features", s.withLayer("write", s.postFeatures))
	s.mux.HandleFunc("GET /api/v1/layers/{layer}/features/{id}", s.withLayer("read", s.getFeature))
	s.mux.HandleFunc("PUT /api/v1/layers/{layer}/features/{id}", s.withLayer("write", s.putFeature))
	s.mux.HandleFunc("DELETE /api/v1/layers/{layer}/features/{id}", s.withLayer("write", s.deleteFeature))
	s.mux.HandleFunc("GET /api/v1/layers/{layer}/nearest", s.withLayer("read", s.nearest))
	s.ingestRoutes()
	s.mux.HandleFunc("GET /tiles/{path...}", s.tile)
	s.mux.HandleFunc("GET /styles/{file}", s.style)
	s.mux.HandleFunc("GET /catalog", s.catalog)
	s.mux.HandleFunc("GET /ws", s.ws)
	s.mux.HandleFunc("GET /metrics", s.adminOnly(s.metrics))
	s.mux.HandleFunc("GET /api/v1/incidents", s.listIncidents)
	s.mux.HandleFunc("GET /api/v1/incidents/{id}", s.getIncident)
	s.mux.HandleFunc("POST /api/v1/incidents/{id}/{action}", s.actIncident)
	s.mux.HandleFunc("GET /api/v1/stats/response", s.responseStats)
	s.mux.HandleFunc("GET /api/v1/incidents/{id}/recommend", s.commandOnly(s.recommend))
	s.mux.HandleFunc("POST /api/v1/assignments/{id}/{action}", s.commandOnly(s.actTask))
	s.mux.HandleFunc("GET /api/v1/tracks", s.tracks)
	s.mux.HandleFunc("GET /api/v1/history/within", s.within)
	s.mux.HandleFunc("GET /api/v1/heat/districts", s.forestOnly(s.heatDistricts))
	s.mux.HandleFunc("GET /api/v1/heat/cells", s.forestOnly(s.heatCells))
	s.mux.HandleFunc("PUT /api/v1/heat/weather/{district}", s.forestOnly(s.putWeather))
	s.mux.HandleFunc("GET /api/v1/tokens", s.adminOnly(s.listTokens))
	s.mux.HandleFunc("POST /api/v1/tokens", s.adminOnly(s.createToken))
	s.mux.HandleFunc("DELETE /api/v1/tokens/{id}", s.adminOnly(s.revokeToken))
	s.mux.HandleFunc("GET /api/v1/audit", s.adminOnly(s.auditLog))
	s.mux.HandleFunc("GET /fonts/{fontstack}/{range}", s.font)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &requestError{Field: "path", Reason: "no such endpoint: " + r.Method + " " + r.URL.Path, Kind: errNotFound})
	})
	s.mux.Handle("/", s.frontend())
}

// Shutdown tells live clients the server is stopping, so that they get a
// close frame saying so rather than a dropped connection. Register it with
// http.Server.RegisterOnShutdown: Shutdown does not close hijacked
// (WebSocket) connections itself.
func (s *Server) Shutdown() { s.hub.Shutdown() }

// ServeHTTP answers behind the security headers and CORS (headers.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// serve logs each request, authenticates it and turns a panic into a 500
// rather than a dropped connection.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic serving request", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			if !rec.wrote {
				s.writeError(rec, r, errInternal)
			}
		}
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration", time.Since(start), "remote", r.RemoteAddr)
	}()
	r, ok := s.authenticate(rec, r)
	if !ok {
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// statusRecorder remembers the status a handler wrote, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
