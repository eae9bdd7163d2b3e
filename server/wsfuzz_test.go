package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
)

// FuzzWebSocketMessage feeds arbitrary client messages to the /ws message
// handler: none may panic, and each is either a valid subscription or an
// error the client is told.
func FuzzWebSocketMessage(f *testing.F) {
	for _, s := range []string{
		`{"type":"subscribe","layers":["vehicles","incidents"],"bbox":[106.5,29.57,106.65,29.66],"zoom":13}`,
		`{"type":"subscribe","layers":["vehicles"],"bbox":[106.5,29.57,106.65,29.66],"zoom":13,"since":12}`,
		`{"type":"subscribe","layers":[],"bbox":[1,2,3,4],"zoom":-1}`,
		`{"type":"subscribe","layers":["cameras"],"bbox":[-181,0,0,0],"zoom":1e308}`,
		`{"type":"ping"}`, `[]`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(f.TempDir(), "fuzz.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { w.Close(); store.Close() })
	s := New(w, Options{Logger: quiet})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := s.hub.Connect()
		defer c.Close()
		_ = s.wsHandle(data, c, asOpen)
	})
}

// asOpen is a /ws request of the open principal (every layer, no scope).
var asOpen = func() *http.Request {
	r := httptest.NewRequest("GET", "/ws", nil)
	return r.WithContext(context.WithValue(r.Context(), principalKey{}, open))
}()
