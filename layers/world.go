package layers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
	"github.com/tidwall/btree"

	"lookout/spatial"
)

// World is every layer live in memory, each with its R-tree index, and the
// one writer path (Apply) that validates, sequences, indexes, commits to the
// Store and publishes events.
//
// Locking: w.mu serialises writers while they check a change against the
// current state, assign its sequence number and update memory; each layer's
// RWMutex guards its features and index, held for writing only for the
// moment a feature is swapped in, so readers (tiles, queries, snapshots) run
// while writes go on. Features are immutable, so a reader may keep one after
// releasing the lock.
type World struct {
	store  Store
	defs   []*Layer
	layers map[string]*layer
	log    *slog.Logger
	now    func() time.Time
	tries  int

	mu      sync.Mutex // writers; guards seq, pending, closed
	seq     uint64
	pending []*batch
	closed  bool
	wake    chan struct{} // signals the committer that pending is non-empty

	committed atomic.Uint64         // last committed sequence number
	commitErr atomic.Pointer[error] // error of the last commit; nil after a success
	pubMu     sync.Mutex            // guards pubs
	pubs      []Publisher
	done      chan struct{} // closed when the committer exits
}

// layer is one layer's live state.
type layer struct {
	def      *Layer
	mu       sync.RWMutex
	features btree.Map[string, *Feature] // ordered by ID, for stable paging
	index    *spatial.Index[indexed]     // the same features, by bound
	version  uint64                      // sequence number of the layer's last change
}

// indexed is what a layer's R-tree holds per feature: the feature and what
// hot paths (clustering a million points) need without chasing the pointer.
type indexed struct {
	f         *Feature
	attention bool
}

func index(f *Feature) indexed { return indexed{f: f, attention: Attention(f.Props)} }

// Options configure a World.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
	// CommitAttempts is how many times a failing commit is tried, with
	// doubling pauses from 50 ms, before its writers are failed; writers wait
	// meanwhile rather than lose their writes. 0 means 7 (about 3 s in all).
	CommitAttempts int
}

// Open builds a World of the given layers on store: it prepares the store,
// loads every stored feature into memory and indexes it, and starts the
// commit goroutine. Close stops it.
func Open(ctx context.Context, store Store, defs []*Layer, opt Options) (*World, error) {
	w := &World{
		store:  store,
		defs:   defs,
		layers: make(map[string]*layer, len(defs)),
		log:    opt.Logger,
		now:    opt.Now,
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	if w.log == nil {
		w.log = slog.Default()
	}
	if w.now == nil {
		w.now = time.Now
	}
	if w.tries = opt.CommitAttempts; w.tries <= 0 {
		w.tries = 7
	}
	for _, d := range defs {
		if _, dup := w.layers[d.Name]; dup {
			return nil, fmt.Errorf("open world: layer %q defined twice: %w", d.Name, ErrInvalid)
		}
		w.layers[d.Name] = &layer{def: d, index: spatial.NewIndex[indexed]()}
	}
	if err := store.Prepare(ctx, defs); err != nil {
		return nil, fmt.Errorf("open world: prepare store: %w", err)
	}
	seq, err := store.Load(ctx, w.load)
	if err != nil {
		return nil, fmt.Errorf("open world: load: %w", err)
	}
	w.seq = seq
	w.committed.Store(seq)
	go w.commitLoop()
	return w, nil
}

// load puts a stored feature into memory; used only by Open.
func (w *World) load(f *Feature) error {
	l, ok := w.layers[f.Layer]
	if !ok {
		w.log.Warn("store holds a feature of an unknown layer; ignored", "layer", f.Layer, "id", f.ID)
		return nil
	}
	if err := validStored(f); err != nil {
		// Edited outside Lookout (QGIS) into something the indexes and
		// the tiles cannot hold: left in the store, not served.
		w.log.Warn("store holds a feature with an invalid geometry; not loaded", "layer", f.Layer, "id", f.ID, "err", err)
		return nil
	}
	l.features.Set(f.ID, f)
	l.index.Put(f.ID, f.Bound(), index(f))
	l.version = max(l.version, f.Version)
	return nil
}

// validStored checks a stored feature's geometry as a write would.
func validStored(f *Feature) error {
	if f.Geometry == nil {
		return errors.New("no geometry")
	}
	return spatial.Validate(f.Geometry, Limits)
}

// Subscribe adds a publisher that receives every event committed from now on.
func (w *World) Subscribe(p Publisher) {
	w.pubMu.Lock()
	defer w.pubMu.Unlock()
	w.pubs = append(w.pubs, p)
}

// Close stops accepting writes, waits for pending commits and stops the
// commit goroutine. It does not close the store.
func (w *World) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	w.signal()
	<-w.done
	return nil
}

// Health returns nil while the world accepts writes: it is open and its last
// commit succeeded. Otherwise it says why not.
func (w *World) Health() error {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if err := w.commitErr.Load(); err != nil {
		return *err
	}
	return nil
}

// Seq returns the sequence number of the last committed change.
func (w *World) Seq() uint64 { return w.committed.Load() }

// Layers returns the layer definitions in their defined order.
func (w *World) Layers() []*Layer { return w.defs }

// Layer returns the definition of the named layer.
func (w *World) Layer(name string) (*Layer, error) {
	l, err := w.layer(name)
	if err != nil {
		return nil, err
	}
	return l.def, nil
}

func (w *World) layer(name string) (*layer, error) {
	l, ok := w.layers[name]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownLayer, name)
	}
	return l, nil
}

// Stats is a layer's size, extent and version.
type Stats struct {
	Count   int
	Bound   orb.Bound
	Empty   bool
	Version uint64
}

// Stats returns the named layer's count, bounds and version.
func (w *World) Stats(name string) (Stats, error) {
	l, err := w.layer(name)
	if err != nil {
		return Stats{}, err
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	b, ok := l.index.Extent()
	return Stats{Count: l.features.Len(), Bound: b, Empty: !ok, Version: l.version}, nil
}

// History returns the journalled changes of one feature, oldest first, the
// newest limit of them (0: all). See Store.History.
func (w *World) History(ctx context.Context, layerName, id string, limit int) ([]Record, error) {
	if _, err := w.layer(layerName); err != nil {
		return nil, err
	}
	recs, err := w.store.History(ctx, layerName, id, limit)
	if err != nil {
		return nil, fmt.Errorf("history of %s/%s: %w", layerName, id, err)
	}
	return recs, nil
}

// Feature returns the current state of one feature.
func (w *World) Feature(layerName, id string) (*Feature, error) {
	l, err := w.layer(layerName)
	if err != nil {
		return nil, err
	}
	l.mu.RLock()
	x, ok := l.index.Get(id)
	l.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%s/%s: %w", layerName, id, ErrNotFound)
	}
	return x.f, nil
}
