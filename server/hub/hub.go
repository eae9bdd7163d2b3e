// Package hub fans committed changes out to live map clients. Each client
// subscribes to layers inside a viewport at a zoom; the hub indexes the
// viewports in an R-tree, so an update costs the clients that can see it,
// not all clients. Per client it keeps only the latest state of each
// object it has yet to send (coalescing), bounded; a client that falls too
// far behind is dropped and resumes by sequence number from a ring of recent
// events, or from a fresh snapshot when it is too far behind for the ring.
//
// The hub knows nothing of WebSockets: the server reads subscriptions from
// the socket and writes the frames Client.Next returns.
package hub

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
)

// Errors of the hub.
var (
	ErrTooSlow    = errors.New("hub: client fell too far behind")
	ErrClosed     = errors.New("hub: client closed")
	ErrShutdown   = errors.New("hub: server shutting down")
	ErrBadRequest = errors.New("hub: bad subscription")
)

// Options configure a Hub.
type Options struct {
	// Encode writes a feature as a GeoJSON Feature (the server's encoder).
	Encode func(dst []byte, f *layers.Feature) []byte
	// MaxRate caps frames per second per client, hence updates per second
	// per object: updates arriving faster coalesce, the latest wins
	// (default 20: a frame at most every 50 ms).
	MaxRate float64
	// MaxPending caps the objects waiting to be sent to one client; past it
	// the client is dropped (default 20,000).
	MaxPending int
	// MaxSnapshot caps the features of one snapshot (default 50,000).
	MaxSnapshot int
	// Heartbeat is how long a subscribed client may go without a frame
	// before it gets a heartbeat (default 15 s).
	Heartbeat time.Duration
	// RingSize and RingAge bound the ring of recent events kept for resume
	// (defaults 200,000 events and 5 minutes).
	RingSize int
	RingAge  time.Duration
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Hub is the fan-out. It is a layers.Publisher.
//
// Locking: mu guards the viewport index, the client set and the ring; it is
// held by Publish while it offers events to clients (each offer takes only
// that client's own lock, never blocks, never writes to a socket), and by
// subscription changes. Frames are built by Client.Next outside mu.
type Hub struct {
	world *layers.World
	opt   Options

	mu        sync.Mutex
	viewports *spatial.Index[*Client]
	clients   map[*Client]struct{}
	ring      ring
	nextID    uint64

	published atomic.Uint64 // every event up to this seq has been offered
	stats     struct{ offered, dropped atomic.Int64 }
}

// New returns a hub over w. Subscribe it to the world with w.Subscribe.
func New(w *layers.World, opt Options) *Hub {
	if opt.MaxRate <= 0 {
		opt.MaxRate = 20
	}
	if opt.MaxPending <= 0 {
		opt.MaxPending = 20_000
	}
	if opt.MaxSnapshot <= 0 {
		opt.MaxSnapshot = 50_000
	}
	if opt.RingSize <= 0 {
		opt.RingSize = 200_000
	}
	if opt.RingAge <= 0 {
		opt.RingAge = 5 * time.Minute
	}
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 15 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	h := &Hub{world: w, opt: opt, viewports: spatial.NewIndex[*Client](), clients: map[*Client]struct{}{}}
	h.ring.init(opt.RingSize, w.Seq())
	h.published.Store(w.Seq())
	return h
}

// Stats counts the hub's work.
type Stats struct {
	Clients          int
	Offered, Dropped int64
	RingOldest       uint64
}

// Stats returns the hub's counters.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Stats{Clients: len(h.clients), Offered: h.stats.offered.Load(), Dropped: h.stats.dropped.Load(), RingOldest: h.ring.lost + 1}
}

// Connect registers a new client. It receives nothing until it subscribes.
func (h *Hub) Connect() *Client {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	c := newClient(h, strconv.FormatUint(h.nextID, 10))
	h.clients[c] = struct{}{}
	return c
}

// Shutdown tells every client the server is stopping: their Next returns
// ErrShutdown, so the server can close their sockets with a restart code
// instead of dropping them.
func (h *Hub) Shutdown() {
	h.mu.Lock()
	clients := make([]*Client, 0, len(h.clients))
	for c := range h.clients {
		clients = append(clients, c)
	}
	h.mu.Unlock()
	for _, c := range clients {
		c.mu.Lock()
		c.shutdown = true
		c.mu.Unlock()
		c.signal()
	}
}

// disconnect forgets a client and its viewport.
func (h *Hub) disconnect(c *Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
	h.viewports.Delete(c.id)
}

// Publish offers committed events to the clients whose subscription can see
// them (the feature's old or new bound intersects the viewport, the layer
// is subscribed, the zoom is in the layer's range) and keeps them in the
// ring for resume. It never blocks on a client.
func (h *Hub) Publish(events []layers.Event) {
	if len(events) == 0 {
		return
	}
	now := h.opt.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[*Client]bool{}
	for i := range events {
		e := &events[i]
		h.ring.push(e, now, h.opt.RingAge)
		h.fanOut(e, seen)
	}
	h.published.Store(events[len(events)-1].Seq)
}

// fanOut offers e to every client whose viewport its old or new state
// touches and whose subscription wants it, once each (seen is scratch
// space, cleared here). The caller holds h.mu.
func (h *Hub) fanOut(e *layers.Event, seen map[*Client]bool) {
	clear(seen)
	enc := encodedOf(e)
	for _, f := range [2]*layers.Feature{e.Old, e.Feature} {
		if f == nil {
			continue
		}
		h.viewports.Search(f.Bound(), func(_ string, _ orb.Bound, c *Client) bool {
			if !seen[c] {
				seen[c] = true
				if c.wants(e) {
					c.offer(e, enc)
					h.stats.offered.Add(1)
				}
			}
			return true
		})
	}
}

// Offer hands clients events of a derived layer (layers.Layer.Derived):
// changes the server computes and does not journal, such as fire-risk
// cells changing class. They reach the clients whose subscription sees
// them like any event, coalesced per object, but they are not kept in the
// ring and do not move the resume mark: their Seq is the mark at the time
// they are offered, and a client that reconnects gets the derived layer's
// current state from its tiles, not by replay.
func (h *Hub) Offer(events []layers.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	seq := h.published.Load()
	seen := map[*Client]bool{}
	for i := range events {
		events[i].Seq = seq
		h.fanOut(&events[i], seen)
	}
}
