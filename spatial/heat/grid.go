package heat

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// ErrInput is wrapped by every error of this package: a cell at the wrong
// resolution, an empty district or subject, a NaN, a time out of range. An
// error from spatial/cells (a point it cannot place) wraps cells.ErrCell
// as well.
var ErrInput = errors.New("heat: invalid input")

// Grid is the fire-risk grid: the forest cells at Options.Res with their
// inputs and materialised scores, their parents, and the districts.
//
// A Grid is safe for concurrent use. The methods that change it (SetFuel,
// SetWeather, Presence, Alarm, Recompute, Changes) take its write lock, so
// there is one writer at a time; the readers (Score, Cells, Districts,
// Stats) share its read lock, run concurrently with each other, and see
// each write wholly or not at all. The cgo calls that find the cell of a
// point are made before the lock is taken. The longest holds are
// Recompute's, about 2 ms for the 65,000 cells of the demo's forest
// (BenchmarkRecompute), and SetWeather's for a large district (0.3 ms for
// the 5,600 forest cells of 酉阳); every other write holds it for a
// microsecond or less, and a read for at most half a millisecond
// (Districts).
type Grid struct {
	mu        sync.RWMutex
	o         Options
	leaves    []leaf
	centres   []orb.Point          // of the leaves, apart for fast scans
	index     map[cells.Cell]int32 // leaves by cell
	levels    []level              // parent resolutions, finest first
	districts []district
	byCode    map[string]int32
	subjects  map[string]fix
	dirty     []ref // nodes whose class changed since they were last reported
	late      uint64
	asOf      int64 // the last Recompute's time, Unix ns
}

// leaf is a forest cell at Res: its inputs and its materialised
// evaluation.
type leaf struct {
	cell     cells.Cell
	district int32
	parent   int32 // in levels[0], -1 without parents
	fuel     float64
	presence decayed // seconds of presence, decayed
	alarms   decayed // alarm weight, decayed
	ev       eval
	mark
}

// level is one parent resolution.
type level struct {
	res     int
	nodes   []agg
	centres []orb.Point // of the nodes, apart for fast scans
	index   map[cells.Cell]int32
}

// agg is a parent cell: sums and counts over the forest cells it holds.
type agg struct {
	cell     cells.Cell
	parent   int32   // in the next coarser level, -1 at the coarsest
	children []int32 // leaves (levels[0]) or nodes of the finer level
	n        int32   // forest cells held
	score    float64 // sum of their scores
	sum      parts   // sums of their parts
	max      float64
	counts   [5]int32 // cells per class
	class    int8
	at       int64
	dist     []distCount // cells per district
	mark
}

type distCount struct{ district, n int32 }

// mark records what Changes last told of a node.
type mark struct {
	reported int8 // the class last reported, 0 for none
	queued   bool // in Grid.dirty
}

// ref names a node: level -1 for a leaf.
type ref struct{ level, i int32 }

// district is one district's weather and forest cells.
type district struct {
	code    string
	weather float64 // FireWeather of its latest Weather
	leaves  []int32
}

// New returns an empty grid; SetFuel fills it.
func New(opt Options) *Grid {
	o := opt.withDefaults()
	g := &Grid{o: o, index: map[cells.Cell]int32{}, byCode: map[string]int32{}, subjects: map[string]fix{}}
	for _, r := range o.Parents {
		g.levels = append(g.levels, level{res: r, index: map[cells.Cell]int32{}})
	}
	return g
}

// Options returns the grid's options, defaults filled in.
func (g *Grid) Options() Options {
	o := g.o
	o.Parents = append([]int(nil), o.Parents...)
	return o
}

// SetFuel adds the forest cell c (at Options.Res) of the given district
// with its fuel in [0, 1] (clamped), or changes the fuel or district of a
// cell already added. The cell and its parents are evaluated again at its
// last evaluation time.
func (g *Grid) SetFuel(c cells.Cell, fuel float64, district string) error {
	if district == "" || fuel != fuel {
		return fmt.Errorf("set fuel of %v: district %q, fuel %v: %w", c, district, fuel, ErrInput)
	}
	g.mu.RLock()
	_, known := g.index[c]
	g.mu.RUnlock()
	var chain []cells.Cell
	var centre orb.Point
	if !known {
		if !c.Valid() || c.Res() != g.o.Res {
			return fmt.Errorf("set fuel of %v: not a cell at resolution %d: %w", c, g.o.Res, ErrInput)
		}
		for _, r := range g.o.Parents {
			p, err := c.Parent(r)
			if err != nil {
				return fmt.Errorf("set fuel: %w: %w", ErrInput, err)
			}
			chain = append(chain, p)
		}
		centre = c.Center()
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	i, ok := g.index[c]
	if !ok {
		i = g.addLeaf(c, centre, chain)
	}
	g.moveLeaf(i, g.districtOf(district))
	l := &g.leaves[i]
	l.fuel = math.Max(0, math.Min(1, fuel))
	g.evaluate(i, l.ev.at)
	return nil
}

// SetWeather sets the weather of a district, observed at at: every forest
// cell of the district and their parents are evaluated again, at at or at
// their own later evaluation time. It returns the district's new
// fire-weather index. A district without forest cells keeps its weather
// for cells added later.
func (g *Grid) SetWeather(district string, w Weather, at time.Time) (float64, error) {
	if district == "" {
		return 0, fmt.Errorf("set weather: empty district: %w", ErrInput)
	}
	t, err := unixNano(at)
	if err != nil {
		return 0, fmt.Errorf("set weather of %s: %w", district, err)
	}
	fw := FireWeather(w)
	g.mu.Lock()
	defer g.mu.Unlock()
	d := &g.districts[g.districtOf(district)]
	d.weather = fw
	for _, i := range d.leaves {
		g.evaluate(i, max(t, g.leaves[i].ev.at))
	}
	return fw, nil
}

// districtOf returns the index of a district, adding it if new.
func (g *Grid) districtOf(code string) int32 {
	if i, ok := g.byCode[code]; ok {
		return i
	}
	i := int32(len(g.districts))
	g.districts = append(g.districts, district{code: code})
	g.byCode[code] = i
	return i
}

// unixNano returns t in Unix nanoseconds, refusing times that do not fit
// or that fall before 1971 (0 means "never" inside the grid).
func unixNano(t time.Time) (int64, error) {
	if t.Year() < 1971 || t.Year() > 2261 {
		return 0, fmt.Errorf("time %v out of range: %w", t, ErrInput)
	}
	return t.UnixNano(), nil
}
