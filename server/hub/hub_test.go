package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/fleet"
	"lookout/layers/forest"
	"lookout/layers/market"
)

// jiangbei is a viewport over 江北区; yuzhong one over 渝中区, south of it.
var (
	jiangbei = orb.Bound{Min: orb.Point{106.50, 29.57}, Max: orb.Point{106.65, 29.66}}
	outside  = orb.Point{106.90, 29.30}
	world    = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
)

func encode(dst []byte, f *layers.Feature) []byte {
	return fmt.Appendf(dst, `{"id":%q,"layer":%q,"version":%d,"lon":%g}`, f.ID, f.Layer, f.Version, f.Geometry.(orb.Point)[0])
}

func testHub(t *testing.T, opt Options) (*layers.World, *Hub) {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "hub.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, []*layers.Layer{fleet.Vehicles, forest.Cameras, market.Pharmacies}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); store.Close() })
	opt.Encode = encode
	h := New(w, opt)
	w.Subscribe(h)
	return w, h
}

func put(t *testing.T, w *layers.World, layer, id string, p orb.Point) {
	t.Helper()
	props := map[string]any{"plate": id, "status": "parked"}
	switch layer {
	case "cameras":
		props = map[string]any{"name": id, "status": "online"}
	case "pharmacies":
		props = map[string]any{"name": id}
	}
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Upsert, Layer: layer, ID: id, Geometry: p, Props: props}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
}

// frame is a decoded frame.
type frame struct {
	Type      string `json:"type"`
	Seq       uint64 `json:"seq"`
	Reset     bool   `json:"reset"`
	Truncated bool   `json:"truncated"`
	Features  []struct {
		ID      string `json:"id"`
		Layer   string `json:"layer"`
		Version uint64 `json:"version"`
	} `json:"features"`
	Deltas []struct {
		Op      string `json:"op"`
		Seq     uint64 `json:"seq"`
		Feature struct {
			ID  string  `json:"id"`
			Lon float64 `json:"lon"`
		} `json:"feature"`
		ID string `json:"id"`
	} `json:"deltas"`
}

func next(t *testing.T, c *Client) frame {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	b, err := c.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("frame %s: %v", b, err)
	}
	return f
}

// nothing checks that no frame is ready within a short while.
func nothing(t *testing.T, c *Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if b, err := c.Next(ctx); err == nil {
		t.Fatalf("unexpected frame %s", b)
	}
}

func ids(f frame) map[string]bool {
	out := map[string]bool{}
	for _, x := range f.Features {
		out[x.ID] = true
	}
	for _, d := range f.Deltas {
		out[d.Feature.ID+d.ID] = true
	}
	return out
}

func TestSnapshotFilters(t *testing.T) {
	w, h := testHub(t, Options{})
	put(t, w, "vehicles", "in", orb.Point{106.57, 29.60})
	put(t, w, "vehicles", "out", outside)
	put(t, w, "cameras", "cam", orb.Point{106.58, 29.61})
	put(t, w, "pharmacies", "ph", orb.Point{106.56, 29.60})
	cases := []struct {
		name   string
		sub    Subscription
		want   []string
		errish bool
	}{
		{"viewport and layers", Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12}, []string{"in"}, false},
		{"two layers", Subscription{Layers: []string{"vehicles", "cameras"}, Bound: jiangbei, Zoom: 12}, []string{"in", "cam"}, false},
		{"below the layer's zoom range", Subscription{Layers: []string{"pharmacies"}, Bound: jiangbei, Zoom: 6}, nil, false},
		{"unknown layer", Subscription{Layers: []string{"ufo"}, Bound: jiangbei, Zoom: 12}, nil, true},
		{"inverted bbox", Subscription{Layers: []string{"vehicles"}, Bound: orb.Bound{Min: jiangbei.Max, Max: jiangbei.Min}, Zoom: 12}, nil, true},
		{"where plate", Subscription{Layers: []string{"vehicles", "cameras"}, Bound: world, Zoom: 12, Where: map[string]string{"plate": "out"}}, []string{"out"}, false},
		{"where nothing has", Subscription{Layers: []string{"vehicles"}, Bound: world, Zoom: 12, Where: map[string]string{"plate": "nope"}}, nil, false},
		{"where too long", Subscription{Layers: []string{"vehicles"}, Bound: world, Zoom: 12, Where: map[string]string{"": "x"}}, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := h.Connect()
			defer c.Close()
			err := c.Subscribe(tc.sub)
			if tc.errish {
				if err == nil {
					t.Fatal("accepted a bad subscription")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f := next(t, c)
			got := ids(f)
			if f.Type != "snapshot" || len(got) != len(tc.want) {
				t.Fatalf("got %s with %v, want %v", f.Type, got, tc.want)
			}
			for _, id := range tc.want {
				if !got[id] {
					t.Fatalf("snapshot lacks %s: %v", id, got)
				}
			}
		})
	}
}

func TestDeltasReachOnlyThoseWhoSee(t *testing.T) {
	w, h := testHub(t, Options{MaxRate: 1000})
	put(t, w, "vehicles", "v1", orb.Point{106.57, 29.60})
	put(t, w, "vehicles", "far", outside)
	watcher, elsewhere, otherLayer := h.Connect(), h.Connect(), h.Connect()
	for _, c := range []*Client{watcher, elsewhere, otherLayer} {
		defer c.Close()
	}
	watcher.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
	elsewhere.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: orb.Bound{Min: orb.Point{107, 30}, Max: orb.Point{108, 31}}, Zoom: 12})
	otherLayer.Subscribe(Subscription{Layers: []string{"cameras"}, Bound: jiangbei, Zoom: 12})
	for _, c := range []*Client{watcher, elsewhere, otherLayer} {
		if f := next(t, c); f.Type != "snapshot" {
			t.Fatalf("first frame %s", f.Type)
		}
	}
	put(t, w, "vehicles", "v1", orb.Point{106.58, 29.61}) // moves inside
	put(t, w, "vehicles", "far", orb.Point{106.91, 29.31})
	f := next(t, watcher)
	if len(f.Deltas) != 1 || f.Deltas[0].Feature.ID != "v1" || f.Deltas[0].Feature.Lon != 106.58 {
		t.Fatalf("watcher got %+v", f)
	}
	nothing(t, elsewhere)
	nothing(t, otherLayer)
	put(t, w, "vehicles", "v1", outside) // leaves: the watcher sees it go
	if f := next(t, watcher); len(f.Deltas) != 1 || f.Deltas[0].Feature.Lon != outside[0] {
		t.Fatalf("leaving: %+v", f)
	}
}

// TestWhereChannel is the responder channel: a client that asks for one
// object's changes anywhere gets those and nothing else.
func TestWhereChannel(t *testing.T) {
	w, h := testHub(t, Options{MaxRate: 1000})
	put(t, w, "vehicles", "mine", orb.Point{106.57, 29.60})
	c := h.Connect()
	defer c.Close()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: world, Zoom: 12, Where: map[string]string{"plate": "mine"}})
	if f := next(t, c); f.Type != "snapshot" || len(f.Features) != 1 {
		t.Fatalf("snapshot %+v", f)
	}
	put(t, w, "vehicles", "other", orb.Point{106.58, 29.61})
	nothing(t, c)
	put(t, w, "vehicles", "mine", outside)
	if f := next(t, c); len(f.Deltas) != 1 || f.Deltas[0].Feature.ID != "mine" {
		t.Fatalf("got %+v", f)
	}
}

func TestCoalescing(t *testing.T) {
	w, h := testHub(t, Options{MaxRate: 2}) // a frame every 500 ms
	put(t, w, "vehicles", "v1", orb.Point{106.57, 29.60})
	c := h.Connect()
	defer c.Close()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
	next(t, c)
	put(t, w, "vehicles", "v1", orb.Point{106.571, 29.60})
	first := next(t, c) // the first change after a quiet spell goes at once
	for i := 2; i <= 10; i++ {
		put(t, w, "vehicles", "v1", orb.Point{106.57 + float64(i)/1000, 29.60})
	}
	f := next(t, c)
	if len(first.Deltas) != 1 || len(f.Deltas) != 1 || f.Deltas[0].Feature.Lon != 106.58 {
		t.Fatalf("want one delta with the latest position, got %+v then %+v", first, f)
	}
}

func TestResume(t *testing.T) {
	w, h := testHub(t, Options{MaxRate: 1000})
	put(t, w, "vehicles", "v1", orb.Point{106.57, 29.60})
	put(t, w, "vehicles", "v2", orb.Point{106.60, 29.62})
	c := h.Connect()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
	mark := next(t, c).Seq
	c.Close()
	// While the client is away: v1 moves twice, v2 once, one vehicle far off.
	put(t, w, "vehicles", "v1", orb.Point{106.571, 29.60})
	put(t, w, "vehicles", "v1", orb.Point{106.572, 29.60})
	put(t, w, "vehicles", "v2", orb.Point{106.601, 29.62})
	put(t, w, "vehicles", "far", outside)

	c = h.Connect()
	defer c.Close()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12, Since: mark})
	if f := next(t, c); f.Type != "resume" {
		t.Fatalf("want a resume frame, got %s", f.Type)
	}
	f := next(t, c)
	got := ids(f)
	if len(f.Deltas) != 2 || !got["v1"] || !got["v2"] {
		t.Fatalf("replayed %+v, want the latest v1 and v2 only", f)
	}
	for _, d := range f.Deltas {
		if d.Feature.ID == "v1" && d.Feature.Lon != 106.572 {
			t.Fatalf("v1 replayed at %v, want its latest position", d.Feature.Lon)
		}
	}
}

func TestResumeTooOldGetsSnapshot(t *testing.T) {
	w, h := testHub(t, Options{RingSize: 3})
	put(t, w, "vehicles", "v1", orb.Point{106.57, 29.60})
	mark := w.Seq()
	for i := 0; i < 5; i++ {
		put(t, w, "vehicles", "v"+strconv.Itoa(i+2), orb.Point{106.57 + float64(i)/100, 29.60})
	}
	c := h.Connect()
	defer c.Close()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12, Since: mark})
	if f := next(t, c); f.Type != "snapshot" || !f.Reset || len(f.Features) != 6 {
		t.Fatalf("want a reset snapshot of 6, got %s reset=%v with %d", f.Type, f.Reset, len(f.Features))
	}
}

// TestSlowClientDropped checks that a client that stops reading is dropped
// past its budget while another keeps getting its deltas.
func TestSlowClientDropped(t *testing.T) {
	w, h := testHub(t, Options{MaxPending: 50, MaxRate: 1000})
	slow, fast := h.Connect(), h.Connect()
	defer slow.Close()
	defer fast.Close()
	for _, c := range []*Client{slow, fast} {
		c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
		next(t, c)
	}
	for i := 0; i < 60; i++ {
		put(t, w, "vehicles", fmt.Sprintf("v%02d", i), orb.Point{106.57 + float64(i)/1000, 29.60})
		if i%10 == 0 {
			next(t, fast) // the fast client keeps up
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := slow.Next(ctx); err != ErrTooSlow {
		t.Fatalf("slow client: %v, want ErrTooSlow", err)
	}
	next(t, fast)
	if st := h.Stats(); st.Dropped != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestCloseForgetsClient(t *testing.T) {
	_, h := testHub(t, Options{})
	for i := 0; i < 10; i++ {
		c := h.Connect()
		c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
		c.Close()
	}
	if st := h.Stats(); st.Clients != 0 || h.viewports.Len() != 0 {
		t.Fatalf("after closing every client: %+v, %d viewports", st, h.viewports.Len())
	}
}

// TestHeartbeat checks that a quiet subscribed client gets heartbeats with
// a fresh resume point, and that Shutdown ends every client's Next.
func TestHeartbeat(t *testing.T) {
	w, h := testHub(t, Options{Heartbeat: 100 * time.Millisecond})
	c := h.Connect()
	defer c.Close()
	c.Subscribe(Subscription{Layers: []string{"vehicles"}, Bound: jiangbei, Zoom: 12})
	next(t, c)
	put(t, w, "vehicles", "far", outside) // not in view: no delta, but the mark moves
	f := next(t, c)
	if f.Type != "heartbeat" || f.Seq != w.Seq() {
		t.Fatalf("got %s seq %d, want a heartbeat at %d", f.Type, f.Seq, w.Seq())
	}
	h.Shutdown()
	if _, err := c.Next(context.Background()); err != ErrShutdown {
		t.Fatalf("after Shutdown: %v", err)
	}
}
