package server

import (
	"errors"
	"net/http"
)

var errInternal = errors.New("server: internal error")

// healthz answers 200 while the process serves at all (liveness).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the world is loaded and its last commit succeeded
// (readiness: a load balancer should send writes here), 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.world.Health(); err != nil {
		s.writeError(w, r, &requestError{Field: "store", Reason: err.Error(), Kind: errNotReady})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "seq": s.world.Seq()})
}
