package tiles

import (
	"fmt"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/demo"
	"lookout/layers"
	"lookout/layers/forest"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// riskGrid builds the demo's fire-risk grid (65,456 forest cells from seed
// 1 and the day's weather), re-scored once.
func riskGrid(b *testing.B) *heat.Grid {
	g := heat.New(heat.Options{})
	err := demo.Fuel(1, func(c cells.Cell, fuel float64, district string) {
		if err := g.SetFuel(c, fuel, district); err != nil {
			b.Fatal(err)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	weather, err := demo.Weather(1)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	for code, w := range weather {
		if _, err := g.SetWeather(code, w, now); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := g.Recompute(now); err != nil {
		b.Fatal(err)
	}
	return g
}

// everyCell is the naive source: every hexagon of the zoom's resolution,
// left for the tile clipper to throw away.
type everyCell struct{ g *heat.Grid }

func (s everyCell) Features(z int, _ orb.Bound) []*layers.Feature {
	return forest.RiskSource{Grid: s.g}.Features(z, orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}})
}

// BenchmarkRiskTile renders the risk layer's tile over the forest of 缙云山
// at z7 (resolution 5 hexagons) and z11 (resolution 8), uncached, from the
// grid's cells in the tile (index) and from every cell of the resolution
// (naive), and serves the same tile from the cache (hit).
func BenchmarkRiskTile(b *testing.B) {
	w := benchWorld(b, 0)
	g := riskGrid(b)
	p := orb.Point{106.385, 29.835}
	for _, z := range []int{7, 11} {
		a := addrAt([]string{forest.Risk.Name}, p, z)
		for _, v := range []struct {
			name string
			src  Source
		}{{"index", forest.RiskSource{Grid: g}}, {"naive", everyCell{g}}} {
			b.Run(fmt.Sprintf("z%d/%s", z, v.name), func(b *testing.B) {
				b.ReportAllocs()
				var size int
				for b.Loop() {
					t, err := Sources{forest.Risk.Name: v.src}.Render(w, a)
					if err != nil {
						b.Fatal(err)
					}
					size = len(t)
				}
				b.ReportMetric(float64(size), "bytes/tile")
			})
		}
		b.Run(fmt.Sprintf("z%d/hit", z), func(b *testing.B) {
			c := NewCache(w, 64<<20)
			c.Source(forest.Risk.Name, forest.RiskSource{Grid: g})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Get(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
