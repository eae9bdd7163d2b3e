package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"sync"
	"testing"
	"time"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

type fuelCell struct {
	c        cells.Cell
	fuel     float64
	district string
}

// fuel42 is the fuel of seed 42, generated once for all tests.
var fuel42 = sync.OnceValues(func() ([]fuelCell, error) { return fuelOfSeed(42) })

func fuelOfSeed(seed uint64) ([]fuelCell, error) {
	var out []fuelCell
	err := Fuel(seed, func(c cells.Cell, f float64, d string) { out = append(out, fuelCell{c, f, d}) })
	return out, err
}

func mustFuel(t testing.TB) []fuelCell {
	t.Helper()
	fs, err := fuel42()
	if err != nil {
		t.Fatalf("Fuel(42): %v", err)
	}
	return fs
}

func TestFuel(t *testing.T) {
	start := time.Now()
	fs := mustFuel(t)
	t.Logf("Fuel(42): %d cells at resolution %d in %v (the first call covers the districts)", len(fs), FuelRes, time.Since(start))
	if len(fs) < 30_000 || len(fs) > 100_000 {
		t.Errorf("%d forest cells, want 30,000–100,000", len(fs))
	}
	lc, err := landCells()
	if err != nil {
		t.Fatal(err)
	}
	land := map[string]int{}
	total := 0
	for _, d := range lc {
		land[d.code] = len(d.cells)
		total += len(d.cells)
	}
	t.Logf("forest is %.1f %% of %d land cells", 100*float64(len(fs))/float64(total), total)
	per := map[string]int{}
	seen := map[cells.Cell]bool{}
	for _, f := range fs {
		if seen[f.c] {
			t.Fatalf("%v emitted twice", f.c)
		}
		seen[f.c] = true
		per[f.district]++
		if !(f.fuel >= 0.3 && f.fuel <= 0.95) || f.c.Res() != FuelRes {
			t.Fatalf("%v: fuel %v, resolution %d", f.c, f.fuel, f.c.Res())
		}
	}
	for code, cover := range forestCover {
		want := landShare * cover * float64(land[code])
		if math.Abs(float64(per[code])-want) > 0.5 {
			t.Errorf("%s: %d forest cells of %d, want %.1f (cover %v)", code, per[code], land[code], want, cover)
		}
	}
}

// TestFuelPatches checks that forest comes in patches: a forest cell's
// neighbours are mostly forest, far more often than the district's share
// of forest would make them by chance.
func TestFuelPatches(t *testing.T) {
	fs := mustFuel(t)
	forest := map[cells.Cell]bool{}
	for _, f := range fs {
		forest[f.c] = true
	}
	same, all := 0, 0
	for i := 0; i < len(fs); i += 20 {
		ring, err := cells.Disk(fs[i].c, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ring {
			if n != fs[i].c {
				all++
				if forest[n] {
					same++
				}
			}
		}
	}
	share := float64(same) / float64(all)
	t.Logf("%.1f %% of a forest cell's neighbours are forest", 100*share)
	if share < 0.85 {
		t.Errorf("only %.1f %% of a forest cell's neighbours are forest, want patches (≥ 85 %%)", 100*share)
	}
}

func TestFuelDeterministic(t *testing.T) {
	digest := func(fs []fuelCell) [32]byte {
		h := sha256.New()
		for _, f := range fs {
			binary.Write(h, binary.LittleEndian, uint64(f.c))
			binary.Write(h, binary.LittleEndian, f.fuel)
			h.Write([]byte(f.district))
		}
		return [32]byte(h.Sum(nil))
	}
	again, err := fuelOfSeed(42)
	if err != nil {
		t.Fatal(err)
	}
	other, err := fuelOfSeed(7)
	if err != nil {
		t.Fatal(err)
	}
	if digest(mustFuel(t)) != digest(again) {
		t.Error("Fuel(42) differs between two calls")
	}
	if digest(mustFuel(t)) == digest(other) {
		t.Error("Fuel(7) is Fuel(42)")
	}
}

// demoGrid returns the fire-risk grid of seed 42's fuel and weather,
// recomputed at Epoch.
func demoGrid(t testing.TB) *heat.Grid {
	t.Helper()
	g := heat.New(heat.Options{})
	for _, f := range mustFuel(t) {
		if err := g.SetFuel(f.c, f.fuel, f.district); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := Weather(42)
	if err != nil {
		t.Fatal(err)
	}
	for code, w := range ws {
		if _, err := g.SetWeather(code, w, Epoch); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := g.Recompute(Epoch); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestWeatherLevels checks that the demo's weather puts the districts at
// several levels of the national rating, most at 2–4, and that the forest
// spreads over several classes under it.
func TestWeatherLevels(t *testing.T) {
	ws, err := Weather(42)
	if err != nil {
		t.Fatal(err)
	}
	var levels [6]int
	for _, w := range ws {
		levels[levelOf(heat.FireWeather(w))]++
	}
	t.Logf("districts per level 1–5: %v", levels[1:])
	if levels[2]+levels[3]+levels[4] < len(ws)*2/3 || levels[2] == 0 || levels[3] == 0 || levels[4] == 0 {
		t.Errorf("districts per level 1–5: %v, want most at 2–4", levels[1:])
	}
	g := demoGrid(t)
	var classes [6]int
	for _, d := range g.Districts() {
		for k, s := range d.Shares {
			classes[k+1] += int(math.Round(s * float64(d.Cells)))
		}
	}
	t.Logf("forest cells per class 1–5 from fuel and weather alone: %v", classes[1:])
	for k := 1; k <= 3; k++ {
		if classes[k] < len(mustFuel(t))/50 {
			t.Errorf("class %d holds %d cells of %d", k, classes[k], len(mustFuel(t)))
		}
	}
}

func levelOf(index float64) int {
	for k, b := range []float64{0.25, 0.50, 0.72, 0.90} {
		if index <= b {
			return k + 1
		}
	}
	return 5
}

// BenchmarkFuel is the fuel of one seed, the districts' cover already made.
func BenchmarkFuel(b *testing.B) {
	mustFuel(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := Fuel(42, func(cells.Cell, float64, string) { n++ }); err != nil || n == 0 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkHeatRecompute is the full recompute of the fire-risk grid over
// the demo's forest, once a minute.
func BenchmarkHeatRecompute(b *testing.B) {
	g := demoGrid(b)
	b.ReportMetric(float64(len(mustFuel(b))), "cells")
	b.ReportAllocs()
	now := Epoch
	for b.Loop() {
		now = now.Add(time.Minute)
		if _, err := g.Recompute(now); err != nil {
			b.Fatal(err)
		}
	}
}
