// Package demo generates Lookout's demo world over Chongqing from a fixed
// seed: the 38 real districts and the rivers, then forest cameras and
// infrared detectors on high ground, official vehicles in Jiangbei, farmers'
// markets with their stalls, pharmacies, kitchens, elevators, people under
// non-custodial supervision in Yuzhong with their zones and listed places,
// the responders who can be sent to an incident, and a month of closed
// incidents before Epoch for the response-time statistics.
//
// Everything is drawn from math/rand/v2 PCG streams keyed by the seed and a
// per-layer name, and every time is an offset from Epoch, so the same seed
// always gives exactly the same changes in the same order. Counts follow the
// source material (3,460 cameras, 3,464 detectors, 663 vehicles, ...); the
// names, places and figures are invented but meant to look right to someone
// who knows the city.
package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/layers"
)

// Epoch is the demo world's "now": every time in it is at or before Epoch.
// A World whose clock runs more than layers.MaxFuture behind Epoch refuses
// the changes, since their times would be in its future.
var Epoch = time.Date(2026, 11, 23, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Counts of the demo world, from the source material where it gives them.
const (
	NumCameras         = 3460
	NumIRDetectors     = 3464
	NumVehicles        = 663
	NumMarkets         = 5
	NumSchoolCanteens  = 229 // school and kindergarten canteens together
	NumFoodProducers   = 43
	NumElderlyCare     = 12
	NumRestaurants     = 287
	NumCustodyPersons  = 2300
	NumPharmacies      = 180
	NumElevators       = 1500
	NumListedPlaces    = 150
	NumRangers         = 600
	NumPatrolCars      = 120
	NumInspectors      = 40
	NumCustodyOfficers = 30
)

// District codes the generators refer to by name.
const (
	codeYuzhong  = "500103"
	codeJiangbei = "500105"
)

// Generate produces the demo world for seed and hands each change to emit,
// in a fixed order: basemap, forest, fleet, market, custody, responders,
// then the incident history (history.go), which is about features the
// earlier steps made.
// Every change is an Upsert that passes its layer's schema. It stops at the
// first error emit returns and returns it.
func Generate(seed uint64, emit func(layers.Change) error) error {
	g, err := newGen(seed, emit)
	if err != nil {
		return err
	}
	steps := []func(){
		g.basemap, g.cameras, g.irDetectors, g.hotspots, g.vehicles, g.venues,
		g.markets, g.pharmacies, g.kitchens, g.elevators,
		g.custody, g.listedPlaces, g.responders, g.history,
	}
	for _, step := range steps {
		step()
		if g.err != nil {
			return g.err
		}
	}
	return nil
}

// Changes returns the whole demo world for seed as one slice (about 18,000
// changes); Generate streams it instead.
func Changes(seed uint64) ([]layers.Change, error) {
	var out []layers.Change
	err := Generate(seed, func(c layers.Change) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// gen holds the state of one generation: the districts, the sink, and what
// earlier steps made that later ones build on.
type gen struct {
	seed    uint64
	emit    func(layers.Change) error
	err     error
	land    *land
	ds      []chongqing.District
	byCode  map[string]*chongqing.District
	loc     *chongqing.Locator
	terrain *Terrain

	cams     []site               // camera positions, for rangers and hot spots
	irs      []site               // detector positions, likewise
	officers []string             // custody officers, who are also responders
	subjects map[string][]subject // features the incident history may be about, by layer (note)
}

// site is a generated device position and its district.
type site struct {
	p    orb.Point
	code string
}

func newGen(seed uint64, emit func(layers.Change) error) (*gen, error) {
	l, err := sharedLand()
	if err != nil {
		return nil, err
	}
	ds := l.ds
	g := &gen{seed: seed, emit: emit, land: l, ds: ds, byCode: make(map[string]*chongqing.District, len(ds)),
		loc: l.loc, terrain: NewTerrain(seed)}
	for i := range ds {
		g.byCode[ds[i].Code] = &ds[i]
	}
	for _, c := range []string{codeYuzhong, codeJiangbei} {
		if g.byCode[c] == nil {
			return nil, fmt.Errorf("demo: district %s missing from the boundaries", c)
		}
	}
	return g, nil
}

// region returns the sampling grid of a district.
func (g *gen) region(code string) *region { return g.land.byCode[code] }

// rng returns the random stream called name: streams are independent, so a
// change to one layer's generator leaves the others' output alone.
func (g *gen) rng(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(g.seed, h.Sum64()))
}

// district returns the code of the district the locator puts p in (""
// outside them all).
func (g *gen) district(p orb.Point) string { return g.land.locate(p) }

// put emits one Upsert unless an earlier emit failed. at is when the
// feature was last reported, the change's source time.
func (g *gen) put(layer, id string, geom orb.Geometry, at time.Time, props map[string]any) {
	if g.err != nil {
		return
	}
	g.err = g.emit(layers.Change{Op: layers.Upsert, Layer: layer, ID: id, Geometry: geom, Props: props, Time: at})
	g.note(layer, id, geom, props)
}

// apportion splits total into integer shares proportional to weights by the
// largest-remainder method (ties go to the earlier index).
func apportion(total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum <= 0 {
		return out
	}
	rem := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(total) * w / sum
		out[i] = int(x)
		rem[i] = x - float64(out[i])
		given += out[i]
	}
	for ; given < total; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index drawn with probability proportional to weights.
func weighted(r *rand.Rand, weights []float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// uniform returns a float in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// round returns x rounded to the given number of decimals.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

// ago returns the time d before Epoch.
func ago(d time.Duration) time.Time { return Epoch.Add(-d) }

// minutes returns a random duration between lo and hi minutes, to the second.
func minutes(r *rand.Rand, lo, hi float64) time.Duration {
	return time.Duration(uniform(r, lo, hi)*60) * time.Second
}

// Shift moves every time of change c (its own and its time properties) by
// d. The demo server seeds the world shifted so that Epoch falls at its
// start: devices reported seconds ago rather than hours, and the 30 days of
// closed incidents are the last 30 days, whenever the demo is started.
func Shift(c layers.Change, d time.Duration) layers.Change {
	if !c.Time.IsZero() {
		c.Time = c.Time.Add(d)
	}
	for k, v := range c.Props {
		if t, ok := v.(time.Time); ok {
			c.Props[k] = t.Add(d)
		}
	}
	return c
}
