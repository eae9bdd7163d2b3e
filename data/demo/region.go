package demo

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
)

// region is one district with a grid over its bound that makes point tests
// and uniform sampling cheap. A cell wholly inside the district (and no
// other) needs no test; a cell crossed by the district's own boundary needs
// an even-odd test against the few edges of its row; only where another
// district's boundary or polygon reaches the cell does the locator decide.
// So a point accepted by contains is always located to this district.
type region struct {
	d     *chongqing.District
	loc   *chongqing.Locator
	min   orb.Point
	step  float64
	nx    int
	ny    int
	state []uint8  // cellOut, cellIn, cellEdge or cellShared
	rows  [][]edge // the district's edges that reach each row of cells
	cand  []int32  // cells that are not cellOut, for sampling
	// neighbours are the regions of the districts whose bounds meet this
	// one's, set by newLand.
	neighbours []*region
}

type edge struct{ a, b orb.Point }

const (
	cellOut    uint8 = iota
	cellIn           // inside this district only
	cellEdge         // crossed by this district's boundary only
	cellShared       // reached by another district: ask the locator
)

// newRegion builds the grid of d among all the districts.
func newRegion(d *chongqing.District, all []chongqing.District, loc *chongqing.Locator) *region {
	b := d.Bound
	step := math.Max(math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1])/120, 0.0015)
	r := &region{d: d, loc: loc, min: b.Min, step: step,
		nx: int((b.Max[0]-b.Min[0])/step) + 1, ny: int((b.Max[1]-b.Min[1])/step) + 1}
	n := r.nx * r.ny
	in, other := make([]bool, n), make([]bool, n)
	ownEdge, otherEdge := make([]bool, n), make([]bool, n)
	r.rows = make([][]edge, r.ny)
	for i := range all {
		o := &all[i]
		if !o.Bound.Intersects(b) {
			continue
		}
		own := o.Code == d.Code
		fill, marks := other, otherEdge
		if own {
			fill, marks = in, ownEdge
		}
		r.fill(o.Geometry, fill)
		for _, poly := range o.Geometry {
			for _, ring := range poly {
				for k := 0; k+1 < len(ring); k++ {
					r.markEdge(ring[k], ring[k+1], marks, own)
				}
			}
		}
	}
	r.state = make([]uint8, n)
	for c := 0; c < n; c++ {
		switch {
		case !in[c] && !ownEdge[c]:
			continue
		case other[c] || otherEdge[c]:
			r.state[c] = cellShared
		case ownEdge[c]:
			r.state[c] = cellEdge
		default:
			r.state[c] = cellIn
		}
		r.cand = append(r.cand, int32(c))
	}
	return r
}

// fill sets flags of the cells whose centres lie inside mp, by an even-odd
// scan of each row of cell centres.
func (r *region) fill(mp orb.MultiPolygon, flags []bool) {
	xs := make([][]float64, r.ny)
	for _, poly := range mp {
		for _, ring := range poly {
			for k := 0; k+1 < len(ring); k++ {
				a, b := ring[k], ring[k+1]
				if a[1] == b[1] {
					continue
				}
				lo, hi := math.Min(a[1], b[1]), math.Max(a[1], b[1])
				j0 := int(math.Ceil((lo-r.min[1])/r.step - 0.5))
				for j := max(j0, 0); j < r.ny; j++ {
					y := r.min[1] + (float64(j)+0.5)*r.step
					if y >= hi {
						break
					}
					if y >= lo {
						xs[j] = append(xs[j], a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
					}
				}
			}
		}
	}
	for j, row := range xs {
		sort.Float64s(row)
		for k := 0; k+1 < len(row); k += 2 {
			i0 := int(math.Ceil((row[k]-r.min[0])/r.step - 0.5))
			for i := max(i0, 0); i < r.nx && r.min[0]+(float64(i)+0.5)*r.step <= row[k+1]; i++ {
				flags[j*r.nx+i] = true
			}
		}
	}
}

// markEdge flags every cell the bound of segment a–b touches; an edge of
// the region's own district is also listed in the rows it reaches.
func (r *region) markEdge(a, b orb.Point, flags []bool, own bool) {
	i0, j0 := r.cell(orb.Point{math.Min(a[0], b[0]), math.Min(a[1], b[1])})
	i1, j1 := r.cell(orb.Point{math.Max(a[0], b[0]), math.Max(a[1], b[1])})
	for j := max(j0, 0); j <= min(j1, r.ny-1); j++ {
		if own {
			r.rows[j] = append(r.rows[j], edge{a, b})
		}
		for i := max(i0, 0); i <= min(i1, r.nx-1); i++ {
			flags[j*r.nx+i] = true
		}
	}
}

func (r *region) cell(p orb.Point) (i, j int) {
	return int(math.Floor((p[0] - r.min[0]) / r.step)), int(math.Floor((p[1] - r.min[1]) / r.step))
}

// contains reports whether p is inside the district and the locator agrees.
func (r *region) contains(p orb.Point) bool {
	i, j := r.cell(p)
	if i < 0 || j < 0 || i >= r.nx || j >= r.ny {
		return false
	}
	switch r.state[j*r.nx+i] {
	case cellIn:
		return true
	case cellEdge:
		return r.inRow(j, p)
	case cellShared:
		if !r.inRow(j, p) {
			return false
		}
		// Inside this district alone, the locator can only answer this one;
		// where districts overlap it decides.
		for _, o := range r.neighbours {
			if o.own(p) {
				got, exact := r.loc.Locate(p)
				return exact && got != nil && got.Code == r.d.Code
			}
		}
		return true
	}
	return false
}

// own reports whether p is inside the district's own polygon, whatever
// other districts say.
func (r *region) own(p orb.Point) bool {
	i, j := r.cell(p)
	if i < 0 || j < 0 || i >= r.nx || j >= r.ny {
		return false
	}
	switch r.state[j*r.nx+i] {
	case cellOut:
		return false
	case cellIn:
		return true
	}
	return r.inRow(j, p)
}

// inRow is the even-odd test of p against the district's edges of row j:
// every edge a rightward ray from p can cross reaches p's row.
func (r *region) inRow(j int, p orb.Point) bool {
	inside := false
	for _, e := range r.rows[j] {
		a, b := e.a, e.b
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			inside = !inside
		}
	}
	return inside
}

// sample returns a point uniformly distributed over the district's land.
func (r *region) sample(rng *rand.Rand) orb.Point {
	for {
		c := int(r.cand[rng.IntN(len(r.cand))])
		i, j := c%r.nx, c/r.nx
		p := orb.Point{r.min[0] + (float64(i)+rng.Float64())*r.step, r.min[1] + (float64(j)+rng.Float64())*r.step}
		if r.state[c] == cellIn || r.contains(p) {
			return p
		}
	}
}

// near returns a point inside the district scattered around c with a normal
// spread of sigma metres; after many misses (c near the edge) it widens the
// spread, and in the end it falls back to a uniform sample.
func (r *region) near(rng *rand.Rand, c orb.Point, sigma float64) orb.Point {
	f := newFrame(c)
	for try := 0; try < 200; try++ {
		s := sigma * (1 + float64(try/20))
		if p := f.LonLat(rng.NormFloat64()*s, rng.NormFloat64()*s); r.contains(p) {
			return p
		}
	}
	return r.sample(rng)
}

// nearest returns p itself when the district contains it, else the closest
// of a few hundred points sampled around it: a real place whose rough
// coordinates fall just over a boundary is moved onto the district's land.
func (r *region) nearest(rng *rand.Rand, p orb.Point) orb.Point {
	if r.contains(p) {
		return p
	}
	best, bestD := r.sample(rng), math.Inf(1)
	f := newFrame(p)
	for k, s := 0, 500.0; k < 8; k, s = k+1, s*2 {
		for n := 0; n < 60; n++ {
			q := f.LonLat(rng.NormFloat64()*s, rng.NormFloat64()*s)
			if x, y := f.XY(q); math.Hypot(x, y) < bestD && r.contains(q) {
				best, bestD = q, math.Hypot(x, y)
			}
		}
		if !math.IsInf(bestD, 1) {
			break
		}
	}
	return best
}
