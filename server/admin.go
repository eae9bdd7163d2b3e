package server

import (
	"net/http"
	"time"

	"lookout/layers"
	"lookout/layers/access"
)

// keyring returns the server's keyring, or a 404 on an open server.
func (s *Server) keyring(w http.ResponseWriter, r *http.Request) *access.Keyring {
	if s.opt.Keyring == nil {
		s.writeError(w, r, &requestError{Field: "path", Reason: "this server runs without tokens", Kind: errNotFound})
	}
	return s.opt.Keyring
}

// listTokens answers GET /api/v1/tokens (admin): every token, without
// secrets, revoked ones with the time.
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	if k := s.keyring(w, r); k != nil {
		writeJSON(w, http.StatusOK, map[string]any{"tokens": k.List()})
	}
}

// createToken answers POST /api/v1/tokens (admin) with body {"name",
// "role", "district"}: 201 with the token and its secret, shown this once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	k := s.keyring(w, r)
	if k == nil {
		return
	}
	var body struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		District string `json:"district"`
	}
	if err := s.readJSON(w, r, &body, `{"name", "role", "district"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	if body.District != "" {
		if _, err := district(body.District); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	t, secret, err := k.Create(r.Context(), body.Name, layers.Role(body.Role), body.District, time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.audit(r, access.Entry{Action: "token.create", ID: t.ID, Detail: string(t.Role) + " " + t.District})
	writeJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret})
}

// revokeToken answers DELETE /api/v1/tokens/{id} (admin): the token stops
// working at once.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	k := s.keyring(w, r)
	if k == nil {
		return
	}
	t, err := k.Revoke(r.Context(), r.PathValue("id"), time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.audit(r, access.Entry{Action: "token.revoke", ID: t.ID})
	writeJSON(w, http.StatusOK, map[string]any{"token": t})
}

// auditLog answers GET /api/v1/audit?from&to&token&layer&action&limit
// (admin): the trail, newest first (default 100, at most 10,000).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	if s.opt.Audit == nil {
		s.writeError(w, r, &requestError{Field: "path", Reason: "this server keeps no audit trail", Kind: errNotFound})
		return
	}
	q := r.URL.Query()
	var aq access.Query
	var err error
	if q.Get("from") != "" || q.Get("to") != "" {
		if aq.From, aq.To, err = trackWindowOf(q, time.Now()); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if aq.Limit, err = intParam(r, "limit", 100, 1, 10_000); err != nil {
		s.writeError(w, r, err)
		return
	}
	aq.Token, aq.Layer, aq.Action = q.Get("token"), q.Get("layer"), q.Get("action")
	if s.opt.Trail != nil {
		s.opt.Trail.Flush(r.Context()) // what was just read is in the answer
	}
	entries, err := s.opt.Audit.AuditLog(r.Context(), aq)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "count": len(entries)})
}
