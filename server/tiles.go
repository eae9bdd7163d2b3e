package server

import (
	"fmt"
	"net/http"
	"strings"

	"lookout/layers/access"
	"lookout/tiles"
)

// Cache-Control of tiles. Tiles with live layers are revalidated on every
// fetch (an ETag check answered 304 from the cache), so a moved vehicle
// shows in the next fetch; they carry no max-age, because MapLibre reloads
// every tile in view when one runs out, and the map would never settle
// (live updates reach the map over /ws instead). Static layers are kept an
// hour.
const (
	cacheLive   = "no-cache"
	cacheStatic = "public, max-age=3600"
)

// tile answers GET /tiles/{layer[,layer…]}/{z}/{x}/{y}.mvt and, for a path
// ending in .json, the TileJSON of those layers.
func (s *Server) tile(w http.ResponseWriter, r *http.Request) {
	path := r.PathValue("path")
	if names, ok := strings.CutSuffix(path, ".json"); ok && !strings.Contains(names, "/") {
		s.tileJSON(w, r, names)
		return
	}
	a, err := tiles.Parse(path)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if a.Layers, err = s.tileLayers(r, a.Layers); err != nil {
		s.writeError(w, r, err)
		return
	}
	p := principalOf(r)
	a.District = p.District
	if !p.Dispatches() {
		a.Domain = string(p.Role)
	}
	for _, name := range a.Layers {
		if def, _ := s.world.Layer(name); access.Custody(def) {
			s.audit(r, access.Entry{Action: "tiles", Layer: name, Detail: fmt.Sprintf("%d/%d/%d", a.Z, a.X, a.Y)})
		}
	}
	t, err := s.tiles.Get(a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("ETag", t.ETag)
	h.Add("Vary", "Accept-Encoding")
	h.Set("Cache-Control", cacheStatic)
	if t.Live {
		h.Set("Cache-Control", cacheLive)
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, t.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if t.Empty {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.Set("Content-Type", "application/vnd.mapbox-vector-tile")
	body := t.MVT
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = t.Gzip
	}
	_, _ = w.Write(body)
}

// etagMatches reports whether an If-None-Match header names etag.
func etagMatches(header, etag string) bool {
	for _, v := range strings.Split(header, ",") {
		v = strings.TrimPrefix(strings.TrimSpace(v), "W/")
		if v == etag || v == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(v), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func (s *Server) tileJSON(w http.ResponseWriter, r *http.Request, list string) {
	names, err := tiles.ParseLayers(list)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if names, err = s.tileLayers(r, names); err != nil {
		s.writeError(w, r, err)
		return
	}
	tj, err := tiles.NewTileJSON(s.world, names, baseURL(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, tj)
}

// style answers GET /styles/{name}.json.
func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if !ok {
		s.writeError(w, r, &requestError{Field: "path", Reason: "a style is /styles/{name}.json", Kind: errNotFound})
		return
	}
	doc, err := tiles.Style(name, s.world, s.visibleLayers(r), baseURL(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, doc)
}

// catalog answers GET /catalog: the layers the caller may see, with their
// TileJSON, and the styles.
func (s *Server) catalog(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	type entry struct {
		layerInfo
		TileJSON string `json:"tilejson"`
	}
	var out []entry
	for _, name := range s.visibleLayers(r) {
		l, err := s.world.Layer(name)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		info, err := s.layerInfo(l)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out = append(out, entry{info, base + "/tiles/" + name + ".json"})
	}
	styles := make([]string, len(tiles.Styles))
	for i, st := range tiles.Styles {
		styles[i] = base + "/styles/" + st + ".json"
	}
	writeJSON(w, http.StatusOK, map[string]any{"layers": out, "styles": styles})
}

// visibleLayers returns the names of the layers the caller may see, in
// drawing order.
func (s *Server) visibleLayers(r *http.Request) []string {
	var names []string
	for _, l := range principalOf(r).Visible(s.world.Layers()) {
		names = append(names, l.Name)
	}
	return names
}

// tileLayers returns the layers of a tile or TileJSON request the caller
// may see: an unknown layer is a 404; a composite simply loses the layers
// the caller may not see, but a single forbidden layer (or a composite of
// nothing but) is a 403.
func (s *Server) tileLayers(r *http.Request, names []string) ([]string, error) {
	p := principalOf(r)
	var out []string
	for _, name := range names {
		def, err := s.world.Layer(name)
		if err != nil {
			return nil, err
		}
		if p.SeesLayer(def) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, forbidden("layer", "this token may not see "+strings.Join(names, ","))
	}
	return out, nil
}

// baseURL is the server's URL as the client reached it, for absolute URLs
// in TileJSON and styles (MapLibre needs them absolute).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host
}
