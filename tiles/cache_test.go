package tiles

import (
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func addrAt(layers []string, p orb.Point, z int) Address {
	t := maptile.At(p, maptile.Zoom(z))
	return Address{Layers: layers, Z: z, X: int(t.X), Y: int(t.Y)}
}

func holds(t *testing.T, tile *Tile, layer, id string) bool {
	t.Helper()
	if tile.Empty {
		return false
	}
	l := decode(t, tile.MVT)[layer]
	if l == nil {
		return false
	}
	for _, f := range l.Features {
		if f.Properties["id"] == id {
			return true
		}
	}
	return false
}

// TestCacheInvalidation moves a vehicle from one z16 tile to another and
// checks that exactly the tiles it touched are dropped: the old and new
// tiles, alone and in composites, while an untouched tile and another layer's
// tile at the same place stay cached.
func TestCacheInvalidation(t *testing.T) {
	w := testWorld(t, 0)
	c := NewCache(w, 64<<20)
	w.Subscribe(c)
	from, to := orb.Point{106.5712, 29.6012}, orb.Point{106.5802, 29.6102}
	oldTile := addrAt([]string{"vehicles"}, from, 16)
	newTile := addrAt([]string{"vehicles"}, to, 16)
	composite := addrAt([]string{"districts", "vehicles"}, from, 16)
	otherLayer := addrAt([]string{"districts"}, from, 16)
	far := addrAt([]string{"vehicles"}, orb.Point{106.5402, 29.6205}, 16)
	for _, a := range []Address{oldTile, newTile, composite, otherLayer, far} {
		if _, err := c.Get(a); err != nil {
			t.Fatal(err)
		}
	}
	if st := c.Stats(); st.Misses != 5 || st.Tiles != 5 {
		t.Fatalf("after first fetches: %+v", st)
	}
	if tile, _ := c.Get(oldTile); !holds(t, tile, "vehicles", "veh-0") {
		t.Fatal("veh-0 not in its tile")
	}
	if st := c.Stats(); st.Hits != 1 {
		t.Fatalf("second fetch was not a hit: %+v", st)
	}

	move(t, w, "vehicles", "veh-0", to)
	w.Close() // flush: Close returns after the commit and its events

	cases := []struct {
		name   string
		a      Address
		cached bool
	}{
		{"old tile", oldTile, false},
		{"new tile", newTile, false},
		{"composite with the layer", composite, false},
		{"other layer at the same place", otherLayer, true},
		{"untouched tile", far, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.mu.Lock()
			_, cached := c.entries[tc.a.String()]
			c.mu.Unlock()
			if cached != tc.cached {
				t.Fatalf("cached = %v, want %v", cached, tc.cached)
			}
		})
	}
	if tile, _ := c.Get(oldTile); holds(t, tile, "vehicles", "veh-0") {
		t.Fatal("veh-0 still in its old tile after the move")
	}
	if tile, _ := c.Get(newTile); !holds(t, tile, "vehicles", "veh-0") {
		t.Fatal("veh-0 not in its new tile after the move")
	}
}

// TestCacheBounded fills a small cache and checks it stays within budget.
func TestCacheBounded(t *testing.T) {
	w := testWorld(t, 2000)
	c := NewCache(w, 40<<10)
	for x := 48; x <= 53; x++ {
		for y := 24; y <= 28; y++ {
			if _, err := c.Get(Address{Layers: []string{"districts", "cameras"}, Z: 6, X: x, Y: y}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := c.Stats(); st.Bytes > 40<<10 && st.Tiles > 1 {
		t.Fatalf("cache holds %d bytes in %d tiles, budget 40 KiB", st.Bytes, st.Tiles)
	}
}

// TestCacheSharesRenders checks that concurrent requests for one missing
// tile get the same rendered tile.
func TestCacheSharesRenders(t *testing.T) {
	w := testWorld(t, 2000)
	c := NewCache(w, 64<<20)
	a := Address{Layers: []string{"districts", "cameras"}, Z: 6, X: 51, Y: 26}
	var wg sync.WaitGroup
	got := make([]*Tile, 16)
	for i := range got {
		wg.Go(func() {
			tile, err := c.Get(a)
			if err != nil {
				t.Error(err)
			}
			got[i] = tile
		})
	}
	wg.Wait()
	for _, tile := range got[1:] {
		if tile.ETag != got[0].ETag {
			t.Fatalf("ETags differ: %s and %s", tile.ETag, got[0].ETag)
		}
	}
	if st := c.Stats(); st.Tiles != 1 || st.Hits+st.Misses > 16 {
		t.Fatalf("stats %+v", st)
	}
}
