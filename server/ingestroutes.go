package server

// ingestRoutes registers the ingest endpoints: everything through which
// positions and sensor events enter the world.
func (s *Server) ingestRoutes() {
	s.mux.HandleFunc("POST /api/v1/ingest", s.ingest)
}
