package tiles

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"lookout/layers"
)

// clusterCell is the side of a clustering cell in MVT units: 256 units are
// 32 px of a 512-px tile, room for the largest cluster circle, so clusters
// do not overlap and a tile holds at most 16×16 of them per layer.
const clusterCell = 256

// attention are statuses a cluster counts apart, so that a map can show
// that a cluster of 300 cameras holds one in alarm.
var attention = map[string]bool{
	"alarm": true, "fault": true, "violation": true, "entrapment": true, "missing_checkin": true,
}

// cluster groups the points that fall inside the tile (not its buffer, so
// that every point is counted in exactly one tile) by grid cell: a cell
// with one point yields that point; a cell with several yields one feature
// at their mean position with "cluster": true, "point_count" and
// "alert_count" (members whose status asks for attention). The grid is
// aligned to the tile, hence to the whole zoom level, so clusters agree
// across tile edges.
func cluster(layer string, pr projector, feats []*layers.Feature, fields []layers.Field) []*geojson.Feature {
	type cell struct {
		members []*layers.Feature
		points  []orb.Point
	}
	cells := map[[2]int]*cell{}
	var keys [][2]int
	for _, f := range feats {
		p, ok := f.Geometry.(orb.Point)
		if !ok {
			continue
		}
		q := pr.point(p)
		if q[0] < 0 || q[1] < 0 || q[0] >= Extent || q[1] >= Extent {
			continue
		}
		k := [2]int{int(q[0]) / clusterCell, int(q[1]) / clusterCell}
		c := cells[k]
		if c == nil {
			c = &cell{}
			cells[k] = c
			keys = append(keys, k)
		}
		c.members = append(c.members, f)
		c.points = append(c.points, q)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][1] < keys[j][1] || keys[i][1] == keys[j][1] && keys[i][0] < keys[j][0]
	})
	out := make([]*geojson.Feature, 0, len(keys))
	for _, k := range keys {
		c := cells[k]
		if len(c.members) == 1 {
			out = append(out, feature(layer, c.members[0], c.points[0], fields))
			continue
		}
		var sx, sy float64
		alerts := 0
		for i, q := range c.points {
			sx, sy = sx+q[0], sy+q[1]
			if s, _ := c.members[i].Props["status"].(string); attention[s] {
				alerts++
			}
		}
		n := float64(len(c.points))
		gf := geojson.NewFeature(orb.Point{math.Floor(sx / n), math.Floor(sy / n)})
		gf.Properties = geojson.Properties{"cluster": true, "point_count": len(c.members), "alert_count": alerts}
		out = append(out, gf)
	}
	return out
}
