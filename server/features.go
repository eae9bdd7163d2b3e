package server

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/geojson"
)

// layerInfo is a layer as GET /api/v1/layers describes it.
type layerInfo struct {
	*layers.Layer
	Count   int         `json:"count"`
	Bounds  *[4]float64 `json:"bounds"`
	Version uint64      `json:"version"`
}

func (s *Server) layerInfo(l *layers.Layer) (layerInfo, error) {
	st, err := s.world.Stats(l.Name)
	if err != nil {
		return layerInfo{}, err
	}
	info := layerInfo{Layer: l, Count: st.Count, Version: st.Version}
	if !st.Empty {
		info.Bounds = &[4]float64{st.Bound.Min[0], st.Bound.Min[1], st.Bound.Max[0], st.Bound.Max[1]}
	}
	return info, nil
}

func (s *Server) listLayers(w http.ResponseWriter, r *http.Request) {
	out := make([]layerInfo, 0, len(s.world.Layers()))
	for _, l := range principalOf(r).Visible(s.world.Layers()) {
		info, err := s.layerInfo(l)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out = append(out, info)
	}
	writeJSON(w, http.StatusOK, map[string]any{"layers": out, "seq": s.world.Seq()})
}

func (s *Server) getLayer(w http.ResponseWriter, r *http.Request) {
	l, err := s.world.Layer(r.PathValue("layer"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	info, err := s.layerInfo(l)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// listFeatures answers one page of a layer as a FeatureCollection, with
// "next_cursor" when more pages follow.
func (s *Server) listFeatures(w http.ResponseWriter, r *http.Request) {
	layer := r.PathValue("layer")
	if _, err := s.world.Layer(layer); err != nil {
		s.writeError(w, r, err)
		return
	}
	var p layers.Page
	var err error
	q := r.URL.Query()
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox("bbox", v)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		p.Bound = &b
	}
	if p.Limit, err = intParam(r, "limit", 1000, 1, 10_000); err != nil {
		s.writeError(w, r, err)
		return
	}
	if c := q.Get("cursor"); c != "" {
		if p.After, err = decodeCursor(c); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if by := q.Get("sort"); by != "" {
		s.sortedFeatures(w, r, layer, by, p)
		return
	}
	page, next, err := s.world.Page(layer, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	def, _ := s.world.Layer(layer)
	page, _ = s.visible(r, def, page, nil)
	writeCollection(w, page, nil, next)
}

// sortedFeatures answers a list sorted by a property ("risk", or "-risk"
// for the highest first): the first limit features of the layer (in bbox)
// by that property, features without it last, then by ID. A sorted list is
// not paged; it is meant for a layer of people or vehicles, whose features
// are read whole to sort them.
func (s *Server) sortedFeatures(w http.ResponseWriter, r *http.Request, layer, by string, p layers.Page) {
	l, _ := s.world.Layer(layer)
	name, desc := strings.CutPrefix(by, "-")
	f, ok := l.Field(name)
	if !ok || f.Type == layers.Bool {
		s.writeError(w, r, badRequest("sort", fmt.Sprintf("%q is not a sortable property of %s", name, layer)))
		return
	}
	if p.After != "" {
		s.writeError(w, r, badRequest("cursor", "a sorted list is not paged"))
		return
	}
	var all []*layers.Feature
	who := principalOf(r)
	if err := s.world.Each(layer, p.Bound, func(f *layers.Feature) {
		if who.Sees(l, f) {
			all = append(all, f)
		}
	}); err != nil {
		s.writeError(w, r, err)
		return
	}
	slices.SortStableFunc(all, func(a, b *layers.Feature) int {
		c := compareProps(a.Props[name], b.Props[name])
		if desc && a.Props[name] != nil && b.Props[name] != nil {
			c = -c
		}
		return c
	})
	writeCollection(w, all[:min(p.Limit, len(all))], nil, "")
}

// compareProps orders two property values of one field; nil sorts last.
func compareProps(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	switch x := a.(type) {
	case float64:
		return cmp.Compare(x, b.(float64))
	case int64:
		return cmp.Compare(x, b.(int64))
	case string:
		return cmp.Compare(x, b.(string))
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	return 0
}

// writeCollection answers a FeatureCollection; dists, when given, adds each
// feature's distance in metres.
func writeCollection(w http.ResponseWriter, fs []*layers.Feature, dists []float64, next string) {
	buf := make([]byte, 0, 256*len(fs)+64)
	buf = append(buf, `{"type":"FeatureCollection","features":[`...)
	for i, f := range fs {
		if i > 0 {
			buf = append(buf, ',')
		}
		d := -1.0
		if dists != nil {
			d = dists[i]
		}
		buf = appendFeature(buf, f, d)
	}
	buf = append(buf, `],"count":`...)
	buf = strconv.AppendInt(buf, int64(len(fs)), 10)
	if next != "" {
		buf = append(buf, `,"next_cursor":`...)
		buf = strconv.AppendQuote(buf, encodeCursor(next))
	}
	buf = append(buf, "}\n"...)
	w.Header().Set("Content-Type", "application/geo+json")
	_, _ = w.Write(buf)
}

func (s *Server) getFeature(w http.ResponseWriter, r *http.Request) {
	f, err := s.feature(r, r.PathValue("layer"), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeFeature(w, http.StatusOK, f)
}

func writeFeature(w http.ResponseWriter, status int, f *layers.Feature) {
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("ETag", etag(f.Version))
	w.WriteHeader(status)
	_, _ = w.Write(append(appendFeature(nil, f, -1), '\n'))
}

func etag(version uint64) string { return `"` + strconv.FormatUint(version, 10) + `"` }

// ifMatch reads an If-Match header holding one ETag this server issued.
func ifMatch(r *http.Request) (uint64, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(strings.Trim(v, `"`), 10, 64)
	if err != nil || n == 0 {
		return 0, badRequest("If-Match", "want an ETag of this server, such as \"42\"")
	}
	return n, nil
}

// putFeature creates or replaces one feature from a GeoJSON Feature body.
func (s *Server) putFeature(w http.ResponseWriter, r *http.Request) {
	layer, id := r.PathValue("layer"), r.PathValue("id")
	if _, err := s.world.Layer(layer); err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	gf, err := geojson.DecodeFeature(body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if gf.ID != "" && gf.ID != id {
		s.writeError(w, r, badRequest("id", fmt.Sprintf("body id %q differs from the path's %q", gf.ID, id)))
		return
	}
	c := layers.Change{Op: layers.Upsert, Layer: layer, ID: id, Geometry: gf.Geometry, Props: gf.Properties}
	if c.IfVersion, err = ifMatch(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.applyOne(w, r, c)
}

// applyOne applies a single change and answers with the resulting feature.
func (s *Server) applyOne(w http.ResponseWriter, r *http.Request, c layers.Change) {
	if err := s.mayWrite(r, c); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.world.Apply(r.Context(), []layers.Change{c})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if c.Op == layers.Delete {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	f, err := s.world.Feature(c.Layer, c.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if res[0].Created {
		status = http.StatusCreated
	}
	writeFeature(w, status, f)
}

func (s *Server) deleteFeature(w http.ResponseWriter, r *http.Request) {
	c := layers.Change{Op: layers.Delete, Layer: r.PathValue("layer"), ID: r.PathValue("id")}
	var err error
	if c.IfVersion, err = ifMatch(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.applyOne(w, r, c)
}

// postFeatures creates features from a GeoJSON Feature or FeatureCollection
// body; features without an id get a generated one. A collection is all or
// nothing: if any feature is invalid, the answer names it and nothing is
// written.
func (s *Server) postFeatures(w http.ResponseWriter, r *http.Request) {
	layer := r.PathValue("layer")
	if _, err := s.world.Layer(layer); err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !bytes.Contains(body, []byte(`"FeatureCollection"`)) {
		gf, err := geojson.DecodeFeature(body)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.applyOne(w, r, upsert(layer, gf))
		return
	}
	gfs, err := geojson.DecodeCollection(body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(gfs) > s.opt.MaxItems {
		s.writeError(w, r, badRequest("features", fmt.Sprintf("more than %d features in one request", s.opt.MaxItems)))
		return
	}
	changes := make([]layers.Change, len(gfs))
	for i, gf := range gfs {
		changes[i] = upsert(layer, gf)
	}
	for i, err := range s.world.Validate(changes) {
		if err != nil {
			s.writeError(w, r, prefixField(err, fmt.Sprintf("features[%d].", i)))
			return
		}
	}
	s.applyBatch(w, r, changes)
}

func upsert(layer string, gf geojson.Feature) layers.Change {
	id := gf.ID
	if id == "" {
		id = newID()
	}
	return layers.Change{Op: layers.Upsert, Layer: layer, ID: id, Geometry: gf.Geometry, Props: gf.Properties}
}

// newID returns a random 16-hex-digit feature ID.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// prefixField puts prefix before the field a validation error names.
func prefixField(err error, prefix string) error {
	p := problem(err)
	if p.Field == "" {
		return err
	}
	return &requestError{Field: prefix + p.Field, Reason: p.Reason}
}

// nearest answers the k features nearest to lon/lat, with distances.
func (s *Server) nearest(w http.ResponseWriter, r *http.Request) {
	var q layers.Near
	var err error
	var lon, lat float64
	if lon, err = floatParam(r, "lon", math.NaN(), -180, 180); err == nil {
		if lat, err = floatParam(r, "lat", math.NaN(), -90, 90); err == nil {
			if q.K, err = intParam(r, "k", 10, 1, 1000); err == nil {
				q.MaxDistance, err = floatParam(r, "max_distance", 0, 0, 2e7)
			}
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q.Point = orb.Point{lon, lat}
	hits, err := s.world.Nearest(r.PathValue("layer"), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fs := make([]*layers.Feature, len(hits))
	ds := make([]float64, len(hits))
	for i, h := range hits {
		fs[i], ds[i] = h.Feature, h.Distance
	}
	def, _ := s.world.Layer(r.PathValue("layer"))
	fs, ds = s.visible(r, def, fs, ds)
	writeCollection(w, fs, ds, "")
}
