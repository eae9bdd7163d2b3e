package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"net/http"
	"sync"

	"lookout/tiles/glyphs"
)

// fontCache keeps each glyph range gzipped once; glyph PBFs never change
// for a build, so clients may keep them a day.
type fontCache struct {
	set  *glyphs.Set
	mu   sync.Mutex
	gzip map[string][]byte
}

// font answers GET /fonts/{fontstack}/{range}.pbf with the glyph PBF that
// MapLibre asks for labels: Latin letters, digits and punctuation. CJK
// ideographs are drawn by the client from a local font.
func (s *Server) font(w http.ResponseWriter, r *http.Request) {
	start, end, err := glyphs.ParseRange(r.PathValue("range"))
	if err != nil {
		s.writeError(w, r, &requestError{Field: "range", Reason: err.Error()})
		return
	}
	stack := r.PathValue("fontstack") // the mux has already unescaped it
	pbf, err := s.fonts.set.Range(stack, start, end)
	switch {
	case errors.Is(err, glyphs.ErrUnknownFont):
		s.writeError(w, r, &requestError{Field: "fontstack", Reason: err.Error(), Kind: errNotFound})
		return
	case err != nil:
		s.writeError(w, r, &requestError{Field: "range", Reason: err.Error()})
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-protobuf")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		pbf = s.fonts.gzipped(r.PathValue("fontstack")+"/"+r.PathValue("range"), pbf)
	}
	_, _ = w.Write(pbf)
}

func (c *fontCache) gzipped(key string, raw []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if z, ok := c.gzip[key]; ok {
		return z
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	if len(c.gzip) < 4096 { // bounded: unknown stacks were refused above
		c.gzip[key] = buf.Bytes()
	}
	return buf.Bytes()
}
