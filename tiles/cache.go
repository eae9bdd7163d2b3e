package tiles

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Tile is an encoded tile as the cache holds it.
type Tile struct {
	MVT   []byte // raw Mapbox Vector Tile; nil when Empty
	Gzip  []byte // the same, gzipped once for clients that accept it
	ETag  string // quoted strong validator derived from the tile's bytes
	Empty bool   // no feature of any requested layer is in the tile
	Live  bool   // a requested layer is live: clients should revalidate soon
}

// Cache renders tiles once and serves them from memory until a change
// touches them. It is a layers.Publisher: the World hands it every committed
// event, and it drops exactly the cached tiles of that layer that the
// feature's old or new bounds (grown by the tile buffer) touch, at every
// zoom. Memory is bounded by an LRU over the encoded bytes.
//
// Locking: mu guards everything but the counters; it is held only for map
// and list updates, never while rendering, so a slow render does not stall
// the World's publisher or other readers. Concurrent requests for one
// missing tile share one render. A render that a change overtakes (the
// change touched its tile while it ran) is served but not cached.
type Cache struct {
	world   *layers.World
	max     int64
	sources Sources // set by Source before the first Get

	mu       sync.Mutex
	lru      list.List // of *entry, most recently used first
	entries  map[string]*list.Element
	index    map[layerZoom]map[[2]int][]string // cached keys by layer, zoom, tile
	inflight map[string]*flight
	size     int64

	hits, misses, dropped atomic.Int64
}

type layerZoom struct {
	layer string
	z     int
}

type entry struct {
	key  string
	addr Address
	tile *Tile
	size int64
}

type flight struct {
	addr  Address
	done  chan struct{}
	tile  *Tile
	err   error
	dirty bool // a change touched the tile while it rendered
}

// NewCache returns a cache over w holding at most maxBytes of tiles.
func NewCache(w *layers.World, maxBytes int64) *Cache {
	return &Cache{world: w, max: maxBytes, entries: map[string]*list.Element{},
		index: map[layerZoom]map[[2]int][]string{}, inflight: map[string]*flight{}}
}

// CacheStats counts the cache's work since it started.
type CacheStats struct {
	Hits, Misses, Invalidated int64
	Tiles                     int
	Bytes                     int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Invalidated: c.dropped.Load(),
		Tiles: len(c.entries), Bytes: c.size}
}

// Get returns tile a, rendering it if it is not cached.
func (c *Cache) Get(a Address) (*Tile, error) {
	key := a.String()
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		c.mu.Unlock()
		c.hits.Add(1)
		return el.Value.(*entry).tile, nil
	}
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.tile, f.err
	}
	f := &flight{addr: a, done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()
	c.misses.Add(1)

	f.tile, f.err = c.render(a)
	c.mu.Lock()
	delete(c.inflight, key)
	if f.err == nil && !f.dirty {
		c.insert(key, a, f.tile)
	}
	c.mu.Unlock()
	close(f.done)
	return f.tile, f.err
}

func (c *Cache) render(a Address) (*Tile, error) {
	raw, err := c.sources.Render(c.world, a)
	if err != nil {
		return nil, err
	}
	t := &Tile{MVT: raw, Empty: raw == nil, ETag: `"empty"`}
	for _, name := range a.Layers {
		if def, err := c.world.Layer(name); err == nil && def.Live {
			t.Live = true
		}
	}
	if t.Empty {
		return t, nil
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip tile %s: %w", a, err)
	}
	t.Gzip = buf.Bytes()
	h := fnv.New64a()
	h.Write(raw)
	t.ETag = fmt.Sprintf(`"%016x"`, h.Sum64())
	return t, nil
}

// insert adds a rendered tile and evicts the least recently used beyond the
// budget. The caller holds c.mu.
func (c *Cache) insert(key string, a Address, t *Tile) {
	e := &entry{key: key, addr: a, tile: t, size: int64(len(t.MVT)+len(t.Gzip)+len(key)) + 256}
	c.entries[key] = c.lru.PushFront(e)
	c.size += e.size
	for _, name := range a.Layers {
		lz := layerZoom{name, a.Z}
		if c.index[lz] == nil {
			c.index[lz] = map[[2]int][]string{}
		}
		xy := [2]int{a.X, a.Y}
		c.index[lz][xy] = append(c.index[lz][xy], key)
	}
	for c.size > c.max && c.lru.Len() > 1 {
		c.remove(c.lru.Back().Value.(*entry))
	}
}

// remove drops a cached tile. The caller holds c.mu.
func (c *Cache) remove(e *entry) {
	el, ok := c.entries[e.key]
	if !ok {
		return
	}
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.size -= e.size
	xy := [2]int{e.addr.X, e.addr.Y}
	for _, name := range e.addr.Layers {
		lz := layerZoom{name, e.addr.Z}
		keys := slices.DeleteFunc(c.index[lz][xy], func(k string) bool { return k == e.key })
		if len(keys) == 0 {
			delete(c.index[lz], xy)
		} else {
			c.index[lz][xy] = keys
		}
		if len(c.index[lz]) == 0 {
			delete(c.index, lz)
		}
	}
}

// Source makes src the source of the derived layer name. Call it before
// the first Get; the derived layer's tiles are then dropped by Invalidate.
func (c *Cache) Source(name string, src Source) {
	if c.sources == nil {
		c.sources = Sources{}
	}
	c.sources[name] = src
}

// Invalidate drops the cached tiles of layer that b touches, at every
// zoom: what a derived layer's owner calls when its features change.
func (c *Cache) Invalidate(layer string, b orb.Bound) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.invalidate(layer, b)
}

// Publish invalidates the tiles that committed events touch. It is called
// by the World's committer and only takes c.mu for map updates.
func (c *Cache) Publish(events []layers.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range events {
		for _, f := range []*layers.Feature{e.Old, e.Feature} {
			if f != nil {
				c.invalidate(e.Layer, f.Bound())
			}
		}
	}
}

// invalidate drops the cached tiles of layer that b touches and marks
// renders in flight over them. The caller holds c.mu.
func (c *Cache) invalidate(layer string, b orb.Bound) {
	for z := 0; z <= MaxZoom; z++ {
		tiles := c.index[layerZoom{layer, z}]
		if len(tiles) == 0 {
			continue
		}
		x0, y0, x1, y1 := Range(b, z, Buffer)
		// Walk whichever is smaller: the tiles b touches (one to four for a
		// point) or the cached tiles of this layer and zoom (a polygon
		// spanning thousands of z14 tiles).
		var hit [][2]int
		if (x1-x0+1)*(y1-y0+1) <= len(tiles) {
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					if _, ok := tiles[[2]int{x, y}]; ok {
						hit = append(hit, [2]int{x, y})
					}
				}
			}
		} else {
			for xy := range tiles {
				if xy[0] >= x0 && xy[0] <= x1 && xy[1] >= y0 && xy[1] <= y1 {
					hit = append(hit, xy)
				}
			}
		}
		for _, xy := range hit {
			for _, k := range slices.Clone(tiles[xy]) {
				if el, ok := c.entries[k]; ok {
					c.remove(el.Value.(*entry))
					c.dropped.Add(1)
				}
			}
		}
	}
	for _, f := range c.inflight {
		if slices.Contains(f.addr.Layers, layer) {
			x0, y0, x1, y1 := Range(b, f.addr.Z, Buffer)
			if f.addr.X >= x0 && f.addr.X <= x1 && f.addr.Y >= y0 && f.addr.Y <= y1 {
				f.dirty = true
			}
		}
	}
}
