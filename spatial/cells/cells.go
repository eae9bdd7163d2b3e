// Package cells is Lookout's view of the H3 hexagonal grid: the cell of a
// point, polygon covers, k-rings, parents and children. It is the only
// package that imports github.com/uber/h3-go (cgo), so everything else stays
// pure Go and sees cells as the plain Cell integer type.
package cells

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// MaxRes is the finest H3 resolution.
const MaxRes = 15

// ErrCell is wrapped by every error of this package: an invalid cell,
// resolution or input geometry.
var ErrCell = errors.New("cells: invalid input")

// Cell is an H3 cell index.
type Cell uint64

// Of returns the cell at resolution res that contains p (lon, lat).
func Of(p orb.Point, res int) (Cell, error) {
	if res < 0 || res > MaxRes {
		return 0, fmt.Errorf("cell of point: resolution %d: %w", res, ErrCell)
	}
	c, err := h3.LatLngToCell(h3.LatLng{Lat: p[1], Lng: p[0]}, res)
	if err != nil {
		return 0, fmt.Errorf("cell of point %v: %v: %w", p, err, ErrCell)
	}
	return Cell(c), nil
}

// Parse reads a cell from its hexadecimal string form.
func Parse(s string) (Cell, error) {
	c := h3.Cell(h3.IndexFromString(s))
	if !c.IsValid() {
		return 0, fmt.Errorf("parse cell %q: %w", s, ErrCell)
	}
	return Cell(c), nil
}

// Valid reports whether c is a valid H3 cell.
func (c Cell) Valid() bool { return h3.Cell(c).IsValid() }

// String returns the cell's hexadecimal form, as H3 tools print it.
func (c Cell) String() string { return h3.Cell(c).String() }

// Res returns the cell's resolution.
func (c Cell) Res() int { return h3.Cell(c).Resolution() }

// Parent returns the cell's ancestor at the coarser resolution res.
func (c Cell) Parent(res int) (Cell, error) {
	if !c.Valid() {
		return 0, fmt.Errorf("parent of %s: %w", c, ErrCell)
	}
	p, err := h3.Cell(c).Parent(res)
	if err != nil {
		return 0, fmt.Errorf("parent of %s at %d: %v: %w", c, res, err, ErrCell)
	}
	return Cell(p), nil
}

// Children returns the cell's descendants at the finer resolution res.
func (c Cell) Children(res int) ([]Cell, error) {
	// H3 does not check: the "children" of an arbitrary integer can number
	// tens of millions, or none.
	if !c.Valid() {
		return nil, fmt.Errorf("children of %s: %w", c, ErrCell)
	}
	cs, err := h3.Cell(c).Children(res)
	if err != nil {
		return nil, fmt.Errorf("children of %s at %d: %v: %w", c, res, err, ErrCell)
	}
	return fromH3(cs), nil
}

// Center returns the cell's centre as (lon, lat), or the zero point for an
// invalid cell.
func (c Cell) Center() orb.Point {
	if !c.Valid() {
		return orb.Point{}
	}
	ll, err := h3.Cell(c).LatLng()
	if err != nil {
		return orb.Point{}
	}
	return orb.Point{ll.Lng, ll.Lat}
}

// Boundary returns the cell's hexagon (or pentagon) as a closed polygon, or
// nil for an invalid cell.
func (c Cell) Boundary() orb.Polygon {
	if !c.Valid() {
		return nil
	}
	b, err := h3.Cell(c).Boundary()
	if err != nil {
		return nil
	}
	ring := make(orb.Ring, 0, len(b)+1)
	for _, ll := range b {
		ring = append(ring, orb.Point{ll.Lng, ll.Lat})
	}
	return orb.Polygon{append(ring, ring[0])}
}

// AreaKm2 returns the cell's exact area in square kilometres, or 0 for an
// invalid cell.
func (c Cell) AreaKm2() float64 {
	if !c.Valid() {
		return 0
	}
	a, _ := h3.CellAreaKm2(h3.Cell(c))
	return a
}

// Disk returns every cell within k grid steps of c, c included.
func Disk(c Cell, k int) ([]Cell, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("disk of %s: %w", c, ErrCell)
	}
	cs, err := h3.Cell(c).GridDisk(k)
	if err != nil {
		return nil, fmt.Errorf("disk of %s k=%d: %v: %w", c, k, err, ErrCell)
	}
	return fromH3(cs), nil
}

func fromH3(cs []h3.Cell) []Cell {
	out := make([]Cell, 0, len(cs))
	for _, c := range cs {
		if c != 0 {
			out = append(out, Cell(c))
		}
	}
	return out
}
