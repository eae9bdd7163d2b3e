package tiles

import (
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"lookout/layers"
)

// clusterCell is the side of a clustering cell in MVT units: 256 units are
// 32 px of a 512-px tile, room for the largest cluster circle, so clusters
// do not overlap and a tile holds at most 16×16 of them per layer. At city
// zooms (z8 and out) cells are twice as wide, so that clusters summarise
// districts rather than tile the whole city.
func clusterCell(z int) int {
	if z <= 8 {
		return 512
	}
	return 256
}

// grid clusters the points of one layer in one tile by cell. The grid is
// aligned to the tile, hence to the whole zoom level, so clusters agree
// across tile edges. Sums are of integer tile units, so the result does not
// depend on the order points arrive in.
type grid struct {
	pr    projector
	size  int // cell side, MVT units
	cells map[[2]int]*cell
}

type cell struct {
	n, alerts int
	sx, sy    int64
	first     *layers.Feature // shown alone when it stays the only one
	at        orb.Point
}

func newGrid(pr projector, z int) *grid {
	return &grid{pr: pr, size: clusterCell(z), cells: map[[2]int]*cell{}}
}

// add puts a point feature, whose bound is its position, in its cell. It is
// a World.Scan callback over up to millions of points, so it reads only
// what the index holds (the bound and the attention flag), never the
// feature itself, and does arithmetic and one map update.
func (g *grid) add(f *layers.Feature, b orb.Bound, attention bool) bool {
	q := g.pr.point(b.Min)
	if q[0] < 0 || q[1] < 0 || q[0] >= Extent || q[1] >= Extent {
		return true
	}
	k := [2]int{int(q[0]) / g.size, int(q[1]) / g.size}
	c := g.cells[k]
	if c == nil {
		c = &cell{first: f, at: q}
		g.cells[k] = c
	}
	c.n++
	c.sx += int64(q[0])
	c.sy += int64(q[1])
	if attention {
		c.alerts++
	}
	return true
}

// features returns, in cell order, each lone point as itself and each
// group as one feature at its members' mean position with "cluster": true,
// "point_count" and "alert_count" (members that need attention).
func (g *grid) features(layer string, fields []layers.Field) []*geojson.Feature {
	keys := make([][2]int, 0, len(g.cells))
	for k := range g.cells {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][1] < keys[j][1] || keys[i][1] == keys[j][1] && keys[i][0] < keys[j][0]
	})
	out := make([]*geojson.Feature, 0, len(keys))
	for _, k := range keys {
		c := g.cells[k]
		if c.n == 1 {
			out = append(out, feature(layer, c.first, c.at, fields))
			continue
		}
		n := int64(c.n)
		gf := geojson.NewFeature(orb.Point{float64(c.sx / n), float64(c.sy / n)})
		gf.Properties = geojson.Properties{"cluster": true, "point_count": c.n, "alert_count": c.alerts}
		out = append(out, gf)
	}
	return out
}
