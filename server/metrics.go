package server

import (
	"fmt"
	"net/http"
	"os"
	"runtime"
)

// metrics answers GET /metrics in the Prometheus text format: the world's
// sequence and size, the tile cache, the WebSocket hub and the Go runtime.
// It is written by hand, so the binary needs no metrics library.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	metric := func(name, kind, help string, value any) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %v\n", name, help, name, kind, name, value)
	}
	metric("lookout_seq", "counter", "Sequence number of the last committed change.", s.world.Seq())
	fmt.Fprintf(w, "# HELP lookout_features Features per layer.\n# TYPE lookout_features gauge\n")
	for _, l := range s.world.Layers() {
		if st, err := s.world.Stats(l.Name); err == nil {
			fmt.Fprintf(w, "lookout_features{layer=%q} %d\n", l.Name, st.Count)
		}
	}
	ts := s.tiles.Stats()
	metric("lookout_tile_cache_hits_total", "counter", "Tiles served from the cache.", ts.Hits)
	metric("lookout_tile_cache_misses_total", "counter", "Tiles rendered.", ts.Misses)
	metric("lookout_tile_cache_invalidated_total", "counter", "Cached tiles dropped by changes.", ts.Invalidated)
	metric("lookout_tile_cache_bytes", "gauge", "Bytes of cached tiles.", ts.Bytes)
	hs := s.hub.Stats()
	metric("lookout_ws_clients", "gauge", "Connected WebSocket map clients.", hs.Clients)
	metric("lookout_ws_offered_total", "counter", "Changes offered to WebSocket clients.", hs.Offered)
	metric("lookout_ws_dropped_total", "counter", "WebSocket clients dropped for falling behind.", hs.Dropped)
	if s.opt.Heat != nil {
		metric("lookout_risk_deltas_total", "counter", "Fire-risk cells pushed for a change of danger class.", s.riskDeltas.Load())
	}
	if e := s.opt.Engine; e != nil {
		es := e.Stats()
		metric("lookout_alerts_total", "counter", "Alerts raised by the rules.", es.Alerts)
		metric("lookout_incidents_opened_total", "counter", "Incidents opened.", es.Incidents)
		metric("lookout_rules_failed_total", "counter", "Alert or incident changes that could not be written.", es.Failed)
		metric("lookout_rules_lag_events", "gauge", "Committed changes waiting for the rules.", es.Lag)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	metric("go_memstats_heap_inuse_bytes", "gauge", "Bytes in in-use heap spans.", m.HeapInuse)
	metric("go_memstats_sys_bytes", "gauge", "Bytes obtained from the OS.", m.Sys)
	metric("go_goroutines", "gauge", "Goroutines.", runtime.NumGoroutine())
	if rss, err := residentBytes(); err == nil {
		metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", rss)
	}
}

// residentBytes reads the process's resident set size from /proc (Linux).
func residentBytes() (int64, error) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, err
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(b), &size, &resident); err != nil {
		return 0, err
	}
	return resident * int64(os.Getpagesize()), nil
}
