package server

import (
	"fmt"
	"net/http"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/forest"
)

// commandLayers are written only through the incident and dispatch
// endpoints, or by command and admin tokens.
var commandLayers = map[string]bool{"incidents": true, "alerts": true, "assignments": true}

// withLayer wraps a handler of a {layer} path: an unknown layer is a 404,
// a layer the token may not see a 403, and a read of custody data is
// recorded in the audit trail (action) before the handler runs.
func (s *Server) withLayer(action string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		def, err := s.layerFor(r, r.PathValue("layer"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if action != "" && access.Custody(def) {
			s.audit(r, access.Entry{Action: action, Layer: def.Name, ID: r.PathValue("id"), Detail: r.URL.RawQuery})
		}
		h(w, r)
	}
}

// visible keeps the features of def the request may see (district scope,
// incident domains), and their distances when given.
func (s *Server) visible(r *http.Request, def *layers.Layer, fs []*layers.Feature, ds []float64) ([]*layers.Feature, []float64) {
	p := principalOf(r)
	out, outD := fs[:0:0], ds[:0:0]
	for i, f := range fs {
		if p.Sees(def, f) {
			out = append(out, f)
			if ds != nil {
				outD = append(outD, ds[i])
			}
		}
	}
	if ds == nil {
		outD = nil
	}
	return out, outD
}

// feature returns a feature the request may see; one it may not is "not
// found", like one that does not exist, so that nothing leaks.
func (s *Server) feature(r *http.Request, layer, id string) (*layers.Feature, error) {
	def, err := s.layerFor(r, layer)
	if err != nil {
		return nil, err
	}
	f, err := s.world.Feature(layer, id)
	if err != nil {
		return nil, err
	}
	if !principalOf(r).Sees(def, f) {
		return nil, fmt.Errorf("feature %s/%s: %w", layer, id, layers.ErrNotFound)
	}
	return f, nil
}

// mayWrite says whether the request may apply c: a 403 for a layer its
// role may not write, or a district outside its scope; a 404 for an
// existing feature it may not see.
func (s *Server) mayWrite(r *http.Request, c layers.Change) error {
	p := principalOf(r)
	def, err := s.world.Layer(c.Layer)
	if err != nil {
		return err
	}
	if !p.SeesLayer(def) || commandLayers[def.Name] && !p.Dispatches() {
		return forbidden("layer", "this token may not write layer "+def.Name)
	}
	if old, err := s.world.Feature(c.Layer, c.ID); err == nil && !p.Sees(def, old) {
		return fmt.Errorf("feature %s/%s: %w", c.Layer, c.ID, layers.ErrNotFound)
	}
	if d, ok := c.Props["district"].(string); ok && !p.Writes(def, d) {
		return forbidden("properties.district", "this token is scoped to district "+p.District)
	}
	return nil
}

// needAdmin answers 403 unless the request is an admin's.
func (s *Server) needAdmin(w http.ResponseWriter, r *http.Request) bool {
	if principalOf(r).Admin() {
		return true
	}
	s.writeError(w, r, forbidden("token", "only an admin token may do this"))
	return false
}

// commandOnly wraps a dispatch handler: 403 unless the token is command
// or admin.
func (s *Server) commandOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !principalOf(r).Dispatches() {
			s.writeError(w, r, forbidden("token", "only command and admin tokens dispatch"))
			return
		}
		h(w, r)
	}
}

// adminOnly wraps a handler: 403 unless the token is an admin's.
func (s *Server) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.needAdmin(w, r) {
			h(w, r)
		}
	}
}

// forestOnly wraps a fire-risk handler: 403 unless the token sees the
// forest domain's risk map.
func (s *Server) forestOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !principalOf(r).SeesLayer(forest.Risk) {
			s.writeError(w, r, forbidden("token", "only forest, command and admin tokens see the fire risk"))
			return
		}
		h(w, r)
	}
}
