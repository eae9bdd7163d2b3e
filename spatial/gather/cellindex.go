package gather

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/cells"
)

// cellIndex files every person with a group under (group, H3 cell of their
// newest fix). Finding the members of one's own group near a point is then
// a k-ring of lookups whose cost grows with how many of one's co-defendants
// are close by — not with the number of people, nor even with the size of
// the case.
type cellIndex struct {
	res    int
	reach  float64 // metres the k-ring of every cell must cover
	info   map[cells.Cell]*cellInfo
	bucket map[cellKey][]*person
}

// cellKey is one bucket: the members of group g whose newest fix is in c.
type cellKey struct {
	g *group
	c cells.Cell
}

// cellInfo caches what the index needs of one cell.
type cellInfo struct {
	disk   []cells.Cell // the cell's k-ring, k chosen to cover reach
	centre orb.Point
	inner  float64 // metres: a point this close to centre is in the cell
}

// maxCellInfo bounds the cell cache; past it the cache starts again.
const maxCellInfo = 1 << 16

func newCellIndex(res int, reach float64) cellIndex {
	return cellIndex{res: res, reach: reach, info: map[cells.Cell]*cellInfo{}, bucket: map[cellKey][]*person{}}
}

// cellOf returns the cell of p for person ps, reusing the person's current
// cell when p is well inside it: a haversine instead of an H3 call for
// people who stay put, which supervised people mostly do. It caches the
// facts of the cell for the next call; 0 means p has no cell.
func (ix *cellIndex) cellOf(ps *person, p orb.Point) cells.Cell {
	if ps.cell != 0 {
		if in := ix.info[ps.cell]; in != nil && spatial.Distance(p, in.centre) < in.inner {
			return ps.cell
		}
	}
	c, err := cells.Of(p, ix.res)
	if err != nil {
		return 0
	}
	ix.infoOf(c)
	return c
}

// infoOf returns the cached facts of cell c, computing them on first use.
//
// The k-ring of a hexagonal grid of edge e reaches, from the worst place in
// the centre cell (a vertex) towards the notch between two outer cells,
// (1.5k - 0.5)·e. H3's hexagons are not quite regular, so the cell's
// shortest edge is used and 10% kept in hand; a test checks the reach on
// random pairs of points in Chongqing.
func (ix *cellIndex) infoOf(c cells.Cell) *cellInfo {
	if in := ix.info[c]; in != nil {
		return in
	}
	if len(ix.info) >= maxCellInfo {
		clear(ix.info)
	}
	in := &cellInfo{centre: c.Center(), inner: math.Inf(1)}
	edge := math.Inf(1)
	if b := c.Boundary(); len(b) > 0 {
		ring := b[0]
		for i := 0; i+1 < len(ring); i++ {
			edge = math.Min(edge, spatial.Distance(ring[i], ring[i+1]))
			mid := orb.Point{(ring[i][0] + ring[i+1][0]) / 2, (ring[i][1] + ring[i+1][1]) / 2}
			in.inner = math.Min(in.inner, 0.95*spatial.Distance(in.centre, mid))
		}
	}
	k := 1
	for (1.5*float64(k)-0.5)*0.9*edge < ix.reach && k < 64 {
		k++
	}
	in.disk, _ = cells.Disk(c, k)
	ix.info[c] = in
	return in
}

// place files ps under group g and cell c, moving it from where it was.
func (ix *cellIndex) place(ps *person, g *group, c cells.Cell) {
	if ps.indexed == g && ps.cell == c {
		return
	}
	if ps.indexed != nil {
		k := cellKey{ps.indexed, ps.cell}
		list := ix.bucket[k]
		for i, q := range list {
			if q == ps {
				list[i] = list[len(list)-1]
				list = list[:len(list)-1]
				break
			}
		}
		if len(list) == 0 {
			delete(ix.bucket, k)
		} else {
			ix.bucket[k] = list
		}
	}
	ps.cell, ps.indexed = c, nil
	if g != nil && c != 0 {
		k := cellKey{g, c}
		ix.bucket[k] = append(ix.bucket[k], ps)
		ps.indexed = g
	}
}

// Ways of finding candidates; all but viaCells exist for the tests and the
// cost comparison in the benchmarks.
const (
	viaCells = iota // the H3 index
	viaScan         // every person, filtered by group: the naive O(N) way
	viaCase         // every member of the person's group
)

// hasNeighbour reports whether ps, at p at instant t (its newest fix), may
// have a member of its group within Radius with a fix younger than MaxAge:
// one whose newest fix is, or one whose newest fix is after t (then where
// they were at t is not looked up, and the group is evaluated in full). It
// counts the people it examines in d.examined.
func (d *Detector) hasNeighbour(ps *person, p orb.Point, t time.Time) bool {
	near := func(q *person) bool {
		d.examined++
		if q == ps || q.group != ps.group || len(q.hist) == 0 {
			return false
		}
		f := q.hist[len(q.hist)-1]
		return f.T.After(t) || t.Sub(f.T) < d.o.MaxAge && spatial.Distance(p, f.P) <= d.o.Radius
	}
	switch d.find {
	case viaScan:
		for _, q := range d.persons {
			if near(q) {
				return true
			}
		}
	case viaCase:
		for _, id := range ps.group.ids {
			if near(d.persons[id]) {
				return true
			}
		}
	default:
		if ps.cell == 0 {
			return false
		}
		for _, c := range d.index.infoOf(ps.cell).disk {
			for _, q := range d.index.bucket[cellKey{ps.group, c}] {
				if near(q) {
					return true
				}
			}
		}
	}
	return false
}
