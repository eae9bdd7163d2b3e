package tiles

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/demo"
	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
)

// allLayers is the composite the wall style requests: every layer.
func allLayers() []string {
	var names []string
	for _, l := range catalog.All() {
		names = append(names, l.Name)
	}
	return names
}

var (
	worlds   = map[string]*layers.World{}
	worldsMu sync.Mutex
)

// benchWorld returns the demo world, plus n extra vehicles spread over
// Chongqing when n > 0, built once per test process on a GeoPackage in a
// temp dir.
func benchWorld(tb testing.TB, n int) *layers.World {
	worldsMu.Lock()
	defer worldsMu.Unlock()
	key := fmt.Sprint(n)
	if w := worlds[key]; w != nil {
		return w
	}
	dir, err := os.MkdirTemp("", "lookout-tiles-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(dir, "bench.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	var batch []layers.Change
	flush := func() error {
		res, err := w.Apply(context.Background(), batch)
		if err == nil {
			for _, r := range res {
				if r.Err != nil {
					return r.Err
				}
			}
		}
		batch = batch[:0]
		return err
	}
	emit := func(c layers.Change) error {
		if batch = append(batch, c); len(batch) == 50_000 {
			return flush()
		}
		return nil
	}
	if err := demo.Generate(42, emit); err != nil {
		tb.Fatal(err)
	}
	if n > 0 {
		if err := demo.Large(42, n, emit); err != nil {
			tb.Fatal(err)
		}
	}
	if err := flush(); err != nil {
		tb.Fatal(err)
	}
	worlds[key] = w
	return w
}

// busiest are, per zoom, the tiles over Jiangbei, where the demo world is
// densest (vehicles, markets, pharmacies, kitchens, custody nearby).
var busiest = []struct {
	z int
	p orb.Point
}{{6, orb.Point{106.57, 29.60}}, {10, orb.Point{106.57, 29.60}}, {14, orb.Point{106.5705, 29.5605}}}

// BenchmarkRender renders the all-layer composite tile over the busiest
// spot at z6, z10 and z14 (uncached), over the demo world and over the demo
// world plus 1,000,000 vehicles, reporting the tile's size.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{0, 1_000_000} {
		w := benchWorld(b, n)
		for _, bz := range busiest {
			a := addrAt(allLayers(), bz.p, bz.z)
			b.Run(fmt.Sprintf("extra=%d/z%d", n, bz.z), func(b *testing.B) {
				b.ReportAllocs()
				var size int
				for b.Loop() {
					t, err := Render(w, a)
					if err != nil {
						b.Fatal(err)
					}
					size = len(t)
				}
				b.ReportMetric(float64(size), "bytes/tile")
			})
		}
	}
}

// BenchmarkCache compares a cache hit with the render it saves (a miss),
// for the busiest z10 composite tile of the demo world.
func BenchmarkCache(b *testing.B) {
	w := benchWorld(b, 0)
	a := addrAt(allLayers(), busiest[1].p, 10)
	b.Run("hit", func(b *testing.B) {
		c := NewCache(w, 64<<20)
		c.Get(a)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Get(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c := NewCache(w, 64<<20) // empty every time: render, gzip, insert
			if _, err := c.Get(a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestLargestTile renders the all-layer composite pyramid of the demo world
// over Chongqing from z0 to z12 and checks that no tile is absurdly heavy
// (over 500 KB, the usual ceiling for MVT); it logs the largest per zoom.
func TestLargestTile(t *testing.T) {
	if testing.Short() {
		t.Skip("renders about 1,500 tiles")
	}
	w := benchWorld(t, 0)
	bound := orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.2, 32.21}}
	for z := 0; z <= 12; z++ {
		x0, y0, x1, y1 := Range(bound, z, 0)
		largest, where := 0, ""
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				a := Address{Layers: allLayers(), Z: z, X: x, Y: y}
				tile, err := Render(w, a)
				if err != nil {
					t.Fatal(err)
				}
				if len(tile) > largest {
					largest, where = len(tile), a.String()
				}
			}
		}
		t.Logf("z%-2d largest tile %7d bytes at %s", z, largest, where[len(where)-12:])
		if largest > 500_000 {
			t.Errorf("z%d: tile %s is %d bytes", z, where, largest)
		}
	}
	// Deeper, the pyramid is too big to walk: check the densest place, the
	// centre of 渝中区 (custody, markets, pharmacies, elevators).
	for z := 13; z <= 18; z++ {
		a := addrAt(allLayers(), orb.Point{106.5705, 29.5590}, z)
		tile, err := Render(w, a)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("z%-2d 渝中 centre tile %7d bytes", z, len(tile))
		if len(tile) > 500_000 {
			t.Errorf("z%d: tile %s is %d bytes", z, a, len(tile))
		}
	}
}
