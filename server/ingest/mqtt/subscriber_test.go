package mqtt

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server/ingest"
)

// newWorld opens a World on a GeoPackage in a temp dir with one vehicle,
// v1, at 106.57,29.60.
func newWorld(t *testing.T) *layers.World {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "lookout.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		w.Close()
		store.Close()
	})
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Upsert, Layer: "vehicles", ID: "v1",
		Geometry: orb.Point{106.57, 29.60}, Props: map[string]any{"plate": "渝A·D1234", "status": "parked"}}})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// subscribe starts a subscriber on the broker; replace, when not nil,
// stands in for ingest.Apply.
func subscribe(t *testing.T, w *layers.World, b *broker, clientID string,
	replace func(context.Context, *layers.World, []ingest.Draft) ([]ingest.Outcome, error)) *Subscriber {
	t.Helper()
	s, err := newSubscriber(w, Options{URL: b.url, ClientID: clientID, Logger: slog.New(slog.DiscardHandler),
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if replace != nil {
		s.apply = replace
	}
	s.start(context.Background())
	t.Cleanup(s.Stop)
	eventually(t, "subscribed", func() bool { return s.Stats().Connects > 0 })
	return s
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
	}
}

// at reports whether the feature is at lon, lat.
func at(w *layers.World, layer, id string, lon, lat float64) bool {
	f, err := w.Feature(layer, id)
	return err == nil && f.Geometry.(orb.Point) == orb.Point{lon, lat}
}

func TestPositionMovesFeature(t *testing.T) {
	b := startBroker(t)
	w := newWorld(t)
	s := subscribe(t, w, b, "lookout-test-move", nil)
	pub := b.publisher(t)
	pub("lookout/vehicles/v1/position", `{"lon":106.58,"lat":29.61,"speed":42.5,"heading":90}`)
	eventually(t, "v1 moved", func() bool { return at(w, "vehicles", "v1", 106.58, 29.61) })
	if f, _ := w.Feature("vehicles", "v1"); f.Props["speed"] != 42.5 {
		t.Errorf("speed %v, want 42.5", f.Props["speed"])
	}
	pub("lookout/vehicles/v1/event", `{"event":"ignition","properties":{"ignition":true,"status":"moving"}}`)
	// The feature changes in memory before the commit; the counters after.
	eventually(t, "both applied", func() bool { return s.Stats().Applied == 2 })
	if f, _ := w.Feature("vehicles", "v1"); f.Props["ignition"] != true || f.Props["status"] != "moving" {
		t.Errorf("after the event: %v", f.Props)
	}
	if st := s.Stats(); st.Bad != 0 {
		t.Errorf("stats %+v, want none bad", st)
	}
}

func TestBadMessagesCountedAndSkipped(t *testing.T) {
	b := startBroker(t)
	w := newWorld(t)
	s := subscribe(t, w, b, "lookout-test-bad", nil)
	pub := b.publisher(t)
	bad := []struct{ name, topic, payload string }{
		{"not JSON", "lookout/vehicles/v1/position", `lon=106`},
		{"unknown member", "lookout/vehicles/v1/position", `{"lng":106.5,"lat":29.6}`},
		{"unknown feature", "lookout/vehicles/ghost/position", `{"lon":106.5,"lat":29.6}`},
		{"unknown layer", "lookout/ufos/v1/position", `{"lon":106.5,"lat":29.6}`},
		{"latitude out of range", "lookout/vehicles/v1/position", `{"lon":106.5,"lat":96}`},
		{"payload contradicts topic", "lookout/vehicles/v1/position", `{"id":"v2","lon":106.5,"lat":29.6}`},
		{"event without a name", "lookout/vehicles/v1/event", `{"properties":{"ignition":true}}`},
	}
	for _, m := range bad {
		pub(m.topic, m.payload)
	}
	pub("lookout/vehicles/v1/position", `{"lon":106.59,"lat":29.62}`)
	eventually(t, "v1 moved after the bad messages", func() bool { return at(w, "vehicles", "v1", 106.59, 29.62) })
	eventually(t, "the good one counted", func() bool { return s.Stats().Applied == 1 })
	if st := s.Stats(); st.Bad != uint64(len(bad)) || st.Applied != 1 || st.Received != uint64(len(bad))+1 {
		t.Errorf("stats %+v, want %d bad, 1 applied", st, len(bad))
	}
}

func TestDeliveredAfterReconnect(t *testing.T) {
	b := startBroker(t)
	w := newWorld(t)
	first := subscribe(t, w, b, "lookout-test-persist", nil)
	first.Stop() // Lookout is down; the broker keeps its session
	pub := b.publisher(t)
	pub("lookout/vehicles/v1/position", `{"lon":106.60,"lat":29.63}`)
	time.Sleep(50 * time.Millisecond)
	if at(w, "vehicles", "v1", 106.60, 29.63) {
		t.Fatal("applied while no subscriber ran")
	}
	second := subscribe(t, w, b, "lookout-test-persist", nil)
	eventually(t, "the message queued while down was applied", func() bool { return at(w, "vehicles", "v1", 106.60, 29.63) })
	eventually(t, "and counted", func() bool { return second.Stats().Applied == 1 })
}

// TestUnacknowledgedUntilCommitted fails the first commit, as a crash
// before the commit would: the message is not acknowledged, the subscriber
// reconnects, and the broker delivers it again.
func TestUnacknowledgedUntilCommitted(t *testing.T) {
	b := startBroker(t)
	w := newWorld(t)
	var calls atomic.Int32
	failFirst := func(ctx context.Context, w *layers.World, d []ingest.Draft) ([]ingest.Outcome, error) {
		if calls.Add(1) == 1 {
			out := make([]ingest.Outcome, len(d))
			for i := range out {
				out[i].Err = fmt.Errorf("disk gone: %w", layers.ErrCommit)
			}
			return out, nil
		}
		return ingest.Apply(ctx, w, d)
	}
	s := subscribe(t, w, b, "lookout-test-redeliver", failFirst)
	b.publisher(t)("lookout/vehicles/v1/position", `{"lon":106.61,"lat":29.64}`)
	eventually(t, "redelivered and applied", func() bool { return s.Stats().Applied == 1 })
	if !at(w, "vehicles", "v1", 106.61, 29.64) {
		t.Error("v1 did not move")
	}
	st := s.Stats()
	if st.Redelivered < 1 || st.Connects < 2 || st.Applied != 1 || calls.Load() < 2 {
		t.Errorf("stats %+v after %d applies, want a redelivery on a second session", st, calls.Load())
	}
}

func TestOptions(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
		ok   bool
	}{
		{"plain", Options{URL: "tcp://127.0.0.1:1883"}, true},
		{"credentials and a nested prefix", Options{URL: "mqtt://u:p@broker:1883", Topic: "city/cq/"}, true},
		{"no scheme", Options{URL: "127.0.0.1:1883"}, false},
		{"http", Options{URL: "http://127.0.0.1:1883"}, false},
		{"wildcard prefix", Options{URL: "tcp://b:1883", Topic: "lookout/#"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newSubscriber(nil, tc.opt)
			if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrConfig)) {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
