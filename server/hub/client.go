package hub

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Subscription is what a client asks to see: layers inside a bounding box
// at a zoom. Since, when non-zero, is the last sequence number the client
// has (from a frame's "seq"); the hub then replays what came after instead
// of a snapshot, if its ring still holds it.
type Subscription struct {
	Layers []string
	Bound  orb.Bound
	Zoom   float64
	Since  uint64
	// Where, when set, keeps only features whose properties equal each of
	// its values (in their old or new state): a responder's device
	// subscribes to the assignments layer where responder = its own ID.
	Where map[string]string
	// Sees, when set, says whether the client may see a feature (its
	// token's district scope, an incident's domain). A change to a feature
	// it may not see is not sent; a feature that leaves its sight (moved to
	// another district) is sent as a delete, never in its new state.
	Sees func(layer string, f *layers.Feature) bool
}

// MaxWhere caps the terms of a subscription's Where.
const MaxWhere = 8

// matches reports whether e's feature, before or after, has every
// property of where.
func matches(where map[string]string, e *layers.Event) bool {
	return len(where) == 0 || has(e.Old, where) || has(e.Feature, where)
}

func has(f *layers.Feature, where map[string]string) bool {
	if f == nil {
		return false
	}
	for k, v := range where {
		if s, _ := f.Props[k].(string); s != v {
			return false
		}
	}
	return true
}

// Client is one subscriber. Publish offers it events under its own lock;
// Next, called by the one goroutine that writes to the client's socket,
// turns what is pending into frames.
type Client struct {
	hub *Hub
	id  string

	mu        sync.Mutex
	layers    map[string]bool // subscribed layers whose zoom range holds the zoom
	where     map[string]string
	sees      func(layer string, f *layers.Feature) bool
	pending   map[key]delta // latest undelivered change per object
	control   [][]byte      // snapshot or resume frames, sent before deltas
	dropped   bool
	closed    bool
	shutdown  bool
	lastFrame time.Time
	wake      chan struct{}
}

type key struct{ layer, id string }

type delta struct {
	seq  uint64
	kind layers.EventKind
	f    *encoded // nil for a delete
}

// encoded is a feature encoded once, on first need, and shared by every
// client it is sent to: with a thousand clients watching one vehicle, its
// GeoJSON is written once, not a thousand times.
type encoded struct {
	once sync.Once
	f    *layers.Feature
	b    []byte
}

func (e *encoded) bytes(enc func([]byte, *layers.Feature) []byte) []byte {
	e.once.Do(func() { e.b = enc(nil, e.f) })
	return e.b
}

// encodedOf wraps an event's new state for sharing; nil for a delete.
func encodedOf(e *layers.Event) *encoded {
	if e.Feature == nil {
		return nil
	}
	return &encoded{f: e.Feature}
}

func newClient(h *Hub, id string) *Client {
	return &Client{hub: h, id: id, pending: map[key]delta{}, wake: make(chan struct{}, 1)}
}

func (c *Client) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// wants reports whether the client sees e's layer at its zoom and e's
// feature passes its Where. The caller holds the hub's mutex, which
// subscription changes also take.
func (c *Client) wants(e *layers.Event) bool {
	return c.layers[e.Layer] && matches(c.where, e) && (c.sees == nil || c.seen(e.Layer, e.Old) || c.seen(e.Layer, e.Feature))
}

// seen reports whether the client may see f (nil: no).
func (c *Client) seen(layer string, f *layers.Feature) bool {
	return f != nil && (c.sees == nil || c.sees(layer, f))
}

// offer keeps e as the latest pending change of its object. Past
// MaxPending objects the client is marked dropped: its writer is told by
// Next, and the hub spends nothing more on it.
func (c *Client) offer(e *layers.Event, enc *encoded) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped || c.closed {
		return
	}
	if e.Feature != nil && !c.seen(e.Layer, e.Feature) {
		// It was in sight and is no longer: gone, as far as this client is
		// concerned.
		c.pending[key{e.Layer, e.ID}] = delta{seq: e.Seq, kind: layers.EventDelete}
	} else {
		c.pending[key{e.Layer, e.ID}] = delta{seq: e.Seq, kind: e.Kind, f: enc}
	}
	if len(c.pending) > c.hub.opt.MaxPending {
		c.dropped = true
		c.pending = nil
		c.hub.stats.dropped.Add(1)
	}
	c.signal()
}

// Subscribe replaces the client's subscription. The new viewport is
// registered first, so that no event published meanwhile is missed; then
// the client gets either a replay of what it missed since s.Since (when the
// ring still holds it) or a snapshot of what is inside. Changes already in
// the snapshot are not sent again as deltas.
func (c *Client) Subscribe(s Subscription) error {
	want, err := c.hub.check(s)
	if err != nil {
		return err
	}
	h := c.hub
	h.mu.Lock()
	h.viewports.Put(c.id, s.Bound, c)
	upTo := h.published.Load()
	replay := s.Since > 0 && s.Since <= upTo && h.ring.covers(s.Since)
	c.mu.Lock()
	c.layers = want
	c.where = s.Where
	c.sees = s.Sees
	// The quiet clock starts now: no heartbeat overtakes the snapshot
	// being built below.
	c.lastFrame = h.opt.Now()
	c.pending = map[key]delta{}
	if replay {
		h.ring.after(s.Since, func(e *layers.Event) {
			if touches(e, s.Bound) && c.wants(e) {
				if e.Feature != nil && !c.seen(e.Layer, e.Feature) {
					c.pending[key{e.Layer, e.ID}] = delta{seq: e.Seq, kind: layers.EventDelete}
				} else {
					c.pending[key{e.Layer, e.ID}] = delta{seq: e.Seq, kind: e.Kind, f: encodedOf(e)}
				}
			}
		})
		// The frame's seq stays the client's own: it advances only with the
		// replayed deltas that follow, so a drop in between loses nothing.
		c.control = append(c.control, fmt.Appendf(nil, `{"type":"resume","seq":%d,"from":%d,"upto":%d}`, s.Since, s.Since, upTo))
	}
	c.mu.Unlock()
	h.mu.Unlock()
	if !replay {
		c.snapshot(s, want, upTo)
	}
	c.signal()
	return nil
}

// check validates a subscription and returns the layers it may see at its
// zoom.
func (h *Hub) check(s Subscription) (map[string]bool, error) {
	b := s.Bound
	if !(b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90 && b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]) {
		return nil, fmt.Errorf("%w: bbox must be [minLon,minLat,maxLon,maxLat] within range", ErrBadRequest)
	}
	if math.IsNaN(s.Zoom) || s.Zoom < 0 || s.Zoom > 24 {
		return nil, fmt.Errorf("%w: zoom must be from 0 to 24", ErrBadRequest)
	}
	if len(s.Layers) == 0 || len(s.Layers) > 64 {
		return nil, fmt.Errorf("%w: layers must list 1 to 64 layers", ErrBadRequest)
	}
	if len(s.Where) > MaxWhere {
		return nil, fmt.Errorf("%w: where must have at most %d terms", ErrBadRequest, MaxWhere)
	}
	for k, v := range s.Where {
		if k == "" || len(k) > 64 || len(v) > layers.MaxIDLen {
			return nil, fmt.Errorf("%w: where terms are property names up to 64 bytes with values up to %d", ErrBadRequest, layers.MaxIDLen)
		}
	}
	want := map[string]bool{}
	for _, name := range s.Layers {
		def, err := h.world.Layer(name)
		if err != nil {
			return nil, fmt.Errorf("%w: unknown layer %q", ErrBadRequest, name)
		}
		if s.Zoom >= float64(def.MinZoom) && s.Zoom <= float64(def.MaxZoom)+1 {
			want[name] = true
		}
	}
	return want, nil
}

func touches(e *layers.Event, b orb.Bound) bool {
	for _, f := range [2]*layers.Feature{e.Old, e.Feature} {
		if f != nil && f.Bound().Intersects(b) {
			return true
		}
	}
	return false
}

// snapshot queues a frame with every feature of the subscribed layers
// inside the viewport, and drops pending deltas it already covers.
func (c *Client) snapshot(s Subscription, want map[string]bool, seq uint64) {
	var feats []*layers.Feature
	truncated := false
	for _, name := range s.Layers {
		if !want[name] {
			continue
		}
		fs, _ := c.hub.world.Search(name, s.Bound)
		if len(s.Where) > 0 {
			fs = slices.DeleteFunc(fs, func(f *layers.Feature) bool { return !has(f, s.Where) })
		}
		if s.Sees != nil {
			fs = slices.DeleteFunc(fs, func(f *layers.Feature) bool { return !s.Sees(name, f) })
		}
		if room := c.hub.opt.MaxSnapshot - len(feats); len(fs) > room {
			fs, truncated = fs[:room], true
		}
		feats = append(feats, fs...)
	}
	frame := fmt.Appendf(nil, `{"type":"snapshot","seq":%d,"reset":%t,"truncated":%t,"features":[`, seq, s.Since > 0, truncated)
	for i, f := range feats {
		if i > 0 {
			frame = append(frame, ',')
		}
		frame = c.hub.opt.Encode(frame, f)
	}
	frame = append(frame, "]}"...)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range feats {
		k := key{f.Layer, f.ID}
		if d, ok := c.pending[k]; ok && d.seq <= f.Version {
			delete(c.pending, k)
		}
	}
	c.control = append(c.control, frame)
}

// Next returns the next frame to write: a queued snapshot or resume frame,
// else the pending deltas, no sooner than 1/MaxRate after the previous
// frame so that fast objects coalesce, else — after Heartbeat of quiet — a
// heartbeat {"type":"heartbeat","seq":…} that page code can see (unlike
// protocol pings) and that keeps a quiet client's resume point fresh. It
// blocks until there is something to send or ctx ends; it returns
// ErrTooSlow once the client was dropped and ErrShutdown when the server is
// stopping.
func (c *Client) Next(ctx context.Context) ([]byte, error) {
	interval := time.Duration(float64(time.Second) / c.hub.opt.MaxRate)
	for {
		c.mu.Lock()
		switch {
		case c.shutdown:
			c.mu.Unlock()
			return nil, ErrShutdown
		case c.closed:
			c.mu.Unlock()
			return nil, ErrClosed
		case c.dropped:
			c.mu.Unlock()
			return nil, ErrTooSlow
		case len(c.control) > 0:
			frame := c.control[0]
			c.control = c.control[1:]
			c.lastFrame = c.hub.opt.Now()
			c.mu.Unlock()
			return frame, nil
		case len(c.pending) > 0:
			if wait := interval - c.hub.opt.Now().Sub(c.lastFrame); wait > 0 {
				c.mu.Unlock()
				if err := sleep(ctx, wait); err != nil {
					return nil, err
				}
				continue
			}
			// Every event up to mark was offered before the swap, so the
			// client may resume from mark without a gap.
			mark := c.hub.published.Load()
			pending := c.pending
			c.pending = make(map[key]delta, len(pending))
			c.lastFrame = c.hub.opt.Now()
			c.mu.Unlock()
			return c.deltas(mark, pending), nil
		}
		subscribed := c.layers != nil
		quiet := c.hub.opt.Heartbeat - c.hub.opt.Now().Sub(c.lastFrame)
		c.mu.Unlock()
		if subscribed && quiet <= 0 {
			// Nothing is pending, so every event up to mark reached the
			// client or did not concern it.
			mark := c.hub.published.Load()
			c.mu.Lock()
			empty := len(c.pending) == 0 && len(c.control) == 0
			if empty {
				c.lastFrame = c.hub.opt.Now()
			}
			c.mu.Unlock()
			if empty {
				return fmt.Appendf(nil, `{"type":"heartbeat","seq":%d}`, mark), nil
			}
			continue
		}
		timer := time.NewTimer(max(quiet, 10*time.Millisecond))
		select {
		case <-c.wake:
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		}
		timer.Stop()
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// deltas encodes pending changes, oldest first, with the resume mark.
func (c *Client) deltas(mark uint64, pending map[key]delta) []byte {
	type item struct {
		k key
		d delta
	}
	items := make([]item, 0, len(pending))
	for k, d := range pending {
		items = append(items, item{k, d})
	}
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.d.seq, b.d.seq) })
	frame := fmt.Appendf(nil, `{"type":"deltas","seq":%d,"deltas":[`, mark)
	for i, it := range items {
		if i > 0 {
			frame = append(frame, ',')
		}
		op := "upsert"
		switch it.k.layer {
		case "incidents":
			op = "incident"
		case "alerts":
			op = "alert"
		}
		if it.d.kind == layers.EventDelete {
			frame = fmt.Appendf(frame, `{"op":"delete","seq":%d,"layer":%q,"id":%q}`, it.d.seq, it.k.layer, it.k.id)
			continue
		}
		frame = fmt.Appendf(frame, `{"op":%q,"seq":%d,"feature":`, op, it.d.seq)
		frame = append(frame, it.d.f.bytes(c.hub.opt.Encode)...)
		frame = append(frame, '}')
	}
	return append(frame, "]}"...)
}

// Close unregisters the client; its Next returns ErrClosed.
func (c *Client) Close() {
	c.hub.disconnect(c)
	c.mu.Lock()
	c.closed = true
	c.pending = nil
	c.control = nil
	c.mu.Unlock()
	c.signal()
}
