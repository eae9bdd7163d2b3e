package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lookout/data/demo"
	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server"
)

// worldSeed is the seed of the demo world the tests run on.
const worldSeed = 20261123

// fixture is a real World on a GeoPackage in a temp dir, seeded with the
// demo world, behind a real server whose requests are recorded.
type fixture struct {
	t     testing.TB
	world *layers.World
	srv   *httptest.Server
	rec   *recorder
}

func newFixture(t testing.TB, wrap func(http.Handler) http.Handler) *fixture {
	t.Helper()
	src, err := seeded()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lookout.gpkg")
	data, err := os.ReadFile(src)
	if err == nil {
		err = os.WriteFile(path, data, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(path, gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := w.Stats("vehicles"); err != nil || st.Count != demo.NumVehicles {
		t.Fatalf("the copied world holds %d vehicles (%v), want %d", st.Count, err, demo.NumVehicles)
	}
	rec := &recorder{}
	var h http.Handler = server.New(w, server.Options{Logger: quiet})
	h = rec.wrap(h)
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		w.Close()
		store.Close()
	})
	return &fixture{t: t, world: w, srv: srv, rec: rec}
}

// seedDir holds the GeoPackage of the demo world that every fixture starts
// from a copy of, so that the world is generated and written only once.
var seedDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if seedDir != "" {
		os.RemoveAll(seedDir)
	}
	os.Exit(code)
}

// seeded returns the path of the seeded GeoPackage, making it on first use.
var seeded = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "lookout-sim-")
	if err != nil {
		return "", err
	}
	seedDir = dir
	path := filepath.Join(dir, "lookout.gpkg")
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(path, gpkg.Options{Logger: quiet})
	if err != nil {
		return "", err
	}
	defer store.Close()
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		return "", err
	}
	defer w.Close()
	changes, err := demo.Changes(worldSeed)
	if err != nil {
		return "", err
	}
	res, err := w.Apply(context.Background(), changes)
	if err != nil {
		return "", err
	}
	for i, r := range res {
		if r.Err != nil {
			return "", fmt.Errorf("seed %s/%s: %w", changes[i].Layer, changes[i].ID, r.Err)
		}
	}
	return path, nil
})

// sent is an item the simulator sent, as the server received it.
type sent struct {
	Type       string         `json:"type"`
	Layer      string         `json:"layer"`
	ID         string         `json:"id"`
	Lon        *float64       `json:"lon"`
	Lat        *float64       `json:"lat"`
	Event      string         `json:"event"`
	Accuracy   *float64       `json:"accuracy"`
	Properties map[string]any `json:"properties"`
}

func (s sent) kind() string {
	if s.Type == "position" {
		return "position"
	}
	return s.Event
}

// recorder keeps every ingest item and created feature, in order.
type recorder struct {
	mu    sync.Mutex
	items []sent
}

func (rc *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/ingest":
			var batch struct{ Items []sent }
			if json.Unmarshal(body, &batch) == nil {
				rc.mu.Lock()
				rc.items = append(rc.items, batch.Items...)
				rc.mu.Unlock()
			}
		case r.Method == http.MethodPut:
			parts := strings.Split(r.URL.Path, "/")
			rc.mu.Lock()
			rc.items = append(rc.items, sent{Type: "create", Layer: parts[4], ID: parts[6], Event: "create"})
			rc.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

func (rc *recorder) all() []sent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]sent(nil), rc.items...)
}

// logs collects the simulator's log records.
type logs struct {
	mu   sync.Mutex
	recs []map[string]any
}

func (l *logs) Enabled(context.Context, slog.Level) bool { return true }
func (l *logs) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logs) WithGroup(string) slog.Handler            { return l }
func (l *logs) Handle(_ context.Context, r slog.Record) error {
	m := map[string]any{"msg": r.Message, "level": r.Level}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.Any()
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, m)
	l.mu.Unlock()
	return nil
}

// with returns the records of a message.
func (l *logs) with(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, r := range l.recs {
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// ticks returns a channel of n ticks of dt each, closed after them.
func ticks(n int, dt time.Duration) <-chan time.Duration {
	ch := make(chan time.Duration, n)
	for range n {
		ch <- dt
	}
	close(ch)
	return ch
}

// steadyClock returns a clock that starts at now and moves on by step at
// each call, the same in every run made with the same start.
func steadyClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	t := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(step)
		return t
	}
}

// pageAll asks World.Page for a whole layer.
var pageAll = layers.Page{Limit: 1 << 20}
