package server

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/server/limit"
)

// principalKey keys the request's Principal in its context.
type principalKey struct{}

// open is the principal of every request on a server without a Keyring:
// tests of other concerns, which see and do everything.
var open = access.Principal{Token: "open", Name: "open", Role: layers.RoleAdmin}

// public reports whether a path is served without a token: the health
// checks, the web app's files (its API calls carry the token) and the
// map fonts.
func public(path string) bool {
	switch {
	case path == "/healthz" || path == "/readyz":
		return true
	case strings.HasPrefix(path, "/fonts/"):
		return true
	case strings.HasPrefix(path, "/api/"), strings.HasPrefix(path, "/tiles/"), strings.HasPrefix(path, "/styles/"),
		path == "/catalog", path == "/metrics", path == "/ws", strings.HasPrefix(path, "/ws/"), path == "/osmand":
		return false
	}
	return true
}

// secretOf reads the token of a request: "Authorization: Bearer …", else
// the token query parameter (browsers cannot set headers on a WebSocket or
// a map's tile requests; OsmAnd devices know only a URL).
func secretOf(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(secret)
		}
		return ""
	}
	return r.URL.Query().Get("token")
}

// authenticate resolves the request's principal. It answers 401 (with
// WWW-Authenticate) and returns false when a protected path has no valid
// token, and 429 with Retry-After when the token is over its rate.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if s.opt.Keyring == nil {
		return r.WithContext(context.WithValue(r.Context(), principalKey{}, open)), true
	}
	if public(r.URL.Path) {
		return r, true
	}
	p, err := s.opt.Keyring.Authenticate(secretOf(r))
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="lookout"`)
		s.writeError(w, r, err)
		return r, false
	}
	if ok, wait := s.limits.Allow(p.Token, time.Now()); !ok {
		w.Header().Set("Retry-After", limit.RetryAfter(wait))
		s.writeError(w, r, errTooMany)
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), true
}

// principalOf returns who the request acts as (set by authenticate).
func principalOf(r *http.Request) access.Principal {
	p, ok := r.Context().Value(principalKey{}).(access.Principal)
	if !ok {
		return access.Principal{} // a public path: sees nothing
	}
	return p
}

// audit records an entry for the request's principal.
func (s *Server) audit(r *http.Request, e access.Entry) {
	if s.opt.Trail == nil {
		return
	}
	p := principalOf(r)
	e.At, e.Token, e.Name, e.Role = time.Now(), p.Token, p.Name, p.Role
	e.Remote = remoteOf(r)
	s.opt.Trail.Record(e)
}

// remoteOf is the client's address without the port.
func remoteOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// layerFor returns the definition of a layer the request may see: 404 for
// an unknown layer, 403 for one its role may not see.
func (s *Server) layerFor(r *http.Request, name string) (*layers.Layer, error) {
	def, err := s.world.Layer(name)
	if err != nil {
		return nil, err
	}
	if !principalOf(r).SeesLayer(def) {
		return nil, forbidden("layer", "this token may not see layer "+name)
	}
	return def, nil
}

// forbidden is a 403 naming the field and the reason.
func forbidden(field, reason string) error {
	return &requestError{Field: field, Reason: reason, Kind: access.ErrForbidden}
}
