package demo

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// landShare is the share of a district's land that is forest where
// forestCover is 1: even the most forested county has its villages, fields,
// rivers and bare rock. With it the municipality comes out at about 55 %
// forest, its official cover (2022).
const landShare = 0.8

// FuelRes is the H3 resolution of the fuel cells: the resolution of the
// fire-risk grid (heat.Options.Res).
const FuelRes = 8

// Fuel covers the forested land of Chongqing with resolution-8 cells and
// hands each to emit with its fuel in [0, 1] and its district code, by
// district code and then cell. Every district keeps the share of its cells
// that its forest cover says (landShare × forestCover, to the nearest
// cell), chosen by
// a smooth "forestness" over the cell centre so that forest comes in
// patches, not salt and pepper: the pseudo-elevation (forest on the
// ridges and mountains, farmland in the valleys — in the basin districts
// that is the parallel fold ridges), seeded value noise at 8 and 3 km,
// and a bonus near the forest areas where the IR detectors cluster
// (realForestAreas and the generated ones). Fuel is the forest type —
// another noise field at 10 km, from broadleaf and bamboo (0.45) to Masson
// pine and cypress (0.95) — thinned towards the edge of the forest.
//
// It is deterministic per seed. The cover of the districts by cells does
// not depend on the seed and is computed once per process (about half a
// second: 118,925 cells of 0.69 km² on average, 82,500 km²); a seed then
// takes about 65 ms (BenchmarkFuel). Seed 42 gives 65,456 forest cells,
// 55 % of the land (TestFuel).
func Fuel(seed uint64, emit func(c cells.Cell, fuel float64, district string)) error {
	lc, err := landCells()
	if err != nil {
		return err
	}
	g, err := newGen(seed, func(layers.Change) error { return nil })
	if err != nil {
		return err
	}
	areas := g.forestAreas(g.rng("ir_detectors")) // the stream irDetectors draws them from
	noise := NewTerrain(seed ^ 0xf0e1)
	for _, d := range lc {
		keep := int(math.Round(landShare * forestCover[d.code] * float64(len(d.cells))))
		if keep == 0 {
			continue
		}
		near := slices.DeleteFunc(slices.Clone(areas), func(a forestArea) bool { return a.code != d.code })
		v := make([]float64, len(d.cells))
		for i, c := range d.cells {
			v[i] = forestness(g.terrain, noise, near, c.centre)
		}
		order := make([]int, len(d.cells))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(v[b], v[a]), cmp.Compare(a, b)) })
		kept := make([]int, keep)
		depth := make([]float64, len(d.cells))
		for r, i := range order[:keep] {
			kept[r] = i
			depth[i] = 1 - float64(r)/float64(keep) // 1 deep in the forest, near 0 at its edge
		}
		slices.Sort(kept) // cells are sorted: emit in cell order
		for _, i := range kept {
			c := d.cells[i]
			emit(c.cell, fuelOf(noise, c.centre, depth[i]), d.code)
		}
	}
	return nil
}

// forestness is how likely p is forest: higher ground, two octaves of
// noise, and the nearness of a forest area. Only its order within a
// district matters.
func forestness(t, noise *Terrain, areas []forestArea, p orb.Point) float64 {
	v := t.Elevation(p) + 260*noise.valueNoise(101, p[0]/0.08, p[1]/0.08) + 120*noise.valueNoise(102, p[0]/0.03, p[1]/0.03)
	for _, a := range areas {
		s := 0.02 + 0.01*a.weight // 3–6 km, by the area's size
		dx, dy := (p[0]-a.p[0])*0.87, p[1]-a.p[1]
		v += 500 * math.Exp(-(dx*dx+dy*dy)/(2*s*s))
	}
	return v
}

// fuelOf returns the fuel of a forest cell at p whose depth into the
// forest is depth (0 at the edge, 1 in the middle): the forest type from
// noise, 0.45 to 0.95, times 0.7 at the edge up to 1 in the middle.
func fuelOf(noise *Terrain, p orb.Point, depth float64) float64 {
	u := (noise.valueNoise(103, p[0]/0.1, p[1]/0.1) + 1) / 2
	u = u * u * (3 - 2*u)
	return round((0.45+0.5*u)*(0.7+0.3*depth), 3)
}

// districtCells are the resolution-8 cells of one district.
type districtCells struct {
	code  string
	cells []landCell
}

type landCell struct {
	cell   cells.Cell
	centre orb.Point
}

// landCells covers every district with the cells whose centre is inside it,
// once per process. Where the boundaries overlap and two districts claim a
// cell, the locator's district keeps it.
var landCells = sync.OnceValues(func() ([]districtCells, error) {
	l, err := sharedLand()
	if err != nil {
		return nil, err
	}
	owner := map[cells.Cell]string{}
	covers := make([][]cells.Cell, len(l.ds))
	for i := range l.ds {
		cs, err := cells.Cover(l.ds[i].Geometry, FuelRes, cells.Centre)
		if err != nil {
			return nil, fmt.Errorf("demo: cover of %s: %w", l.ds[i].Code, err)
		}
		for _, c := range cs {
			if _, dup := owner[c]; dup {
				owner[c] = l.locate(c.Center())
			} else {
				owner[c] = l.ds[i].Code
			}
		}
		covers[i] = cs
	}
	out := make([]districtCells, len(l.ds))
	for i := range l.ds {
		d := districtCells{code: l.ds[i].Code}
		for _, c := range covers[i] {
			if owner[c] == d.code {
				d.cells = append(d.cells, landCell{c, c.Center()})
			}
		}
		slices.SortFunc(d.cells, func(a, b landCell) int { return cmp.Compare(a.cell, b.cell) })
		out[i] = d
	}
	return out, nil
})

// Weather returns the fire weather of every district on the demo's day: a
// dry, sunny spell of late autumn, warmer and drier in the west and along
// the rivers, cooler and damper in the mountains of the north-east and
// south-east, with seeded variation. It is meant to put most districts at
// levels 2–4 of the national rating, so that the risk map shows all its
// classes.
func Weather(seed uint64) (map[string]heat.Weather, error) {
	l, err := sharedLand()
	if err != nil {
		return nil, err
	}
	t := NewTerrain(seed)
	g := &gen{seed: seed}
	r := g.rng("weather")
	out := make(map[string]heat.Weather, len(l.ds))
	for _, d := range l.ds {
		c := d.Bound.Center()
		h := t.Elevation(c)
		west := math.Max(0, math.Min(1, (109.5-c[0])/4))
		out[d.Code] = heat.Weather{
			TempC:         round(15+6*west-(h-400)/250+uniform(r, -2, 2), 1),
			RH:            round(math.Max(20, 62-22*west+(h-400)/60+uniform(r, -8, 8)), 0),
			WindKmh:       round(uniform(r, 6, 26), 0),
			DaysSinceRain: 2 + int(6*west) + r.IntN(4),
		}
	}
	return out, nil
}
