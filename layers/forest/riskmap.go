package forest

import (
	"math"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/heat"
)

// Dangers are the names of the five forest-fire danger classes, 1 to 5.
var Dangers = []string{"low", "moderate", "high", "very_high", "extreme"}

// Risk is the fire-risk map: one hexagon per H3 cell of the grid, from the
// resolution that fits the zoom (RiskRes), with its danger class and score.
// The server computes it (Derived): its tiles come from a RiskSource, and
// they are invalidated where a cell's class changes.
var Risk = &layers.Layer{
	Name:     "risk",
	Title:    layers.Title{Zh: "火险等级", En: "Fire danger"},
	Domain:   layers.Forest,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		{Name: "danger", Type: layers.String, Title: layers.Title{Zh: "火险", En: "Danger"}, Tile: true, Enum: Dangers},
		{Name: "class", Type: layers.Int, Title: layers.Title{Zh: "等级", En: "Class"}, Tile: true},
		{Name: "score", Type: layers.Float, Title: layers.Title{Zh: "风险值", En: "Score"}, Tile: true},
		{Name: "res", Type: layers.Int, Title: layers.Title{Zh: "H3 分辨率", En: "H3 resolution"}, Tile: true},
		layers.DistrictField,
	},
	MinZoom: 5, MaxZoom: 22,
	Roles:   forestRoles,
	Live:    true,
	Hidden:  true,
	Derived: true,
}

// RiskRes is the H3 resolution the risk map draws at zoom z: about a
// dozen pixels or more across a hexagon, from resolution 5 (252 km²) at
// z7 and below to 8 (0.74 km²) from z11.
func RiskRes(z int) int {
	switch {
	case z <= 7:
		return 5
	case z <= 8:
		return 6
	case z <= 10:
		return 7
	default:
		return 8
	}
}

// RiskSource supplies the risk map's features from a fire-risk grid; it
// is a tiles.Source. It reads the grid under the grid's own read lock and
// holds no state of its own.
type RiskSource struct{ Grid *heat.Grid }

// Features returns the hexagons at the resolution of zoom z that may
// touch b.
func (s RiskSource) Features(z int, b orb.Bound) []*layers.Feature {
	scores := s.Grid.Cells(b, RiskRes(z))
	out := make([]*layers.Feature, 0, len(scores))
	for _, sc := range scores {
		if f := RiskFeature(sc); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// RiskFeature is the risk map's feature of one cell's score: its hexagon,
// named by the cell's H3 index; nil for an invalid cell.
func RiskFeature(sc heat.Score) *layers.Feature {
	hexagon := sc.Cell.Boundary()
	if hexagon == nil {
		return nil
	}
	class := min(max(sc.Class, 1), len(Dangers))
	return &layers.Feature{
		ID: sc.Cell.String(), Layer: Risk.Name, Geometry: hexagon,
		Props: map[string]any{
			"danger": Dangers[class-1], "class": int64(class), "score": math.Round(sc.Score*1000) / 1000,
			"res": int64(sc.Cell.Res()), "district": sc.District,
		},
		Updated: sc.At,
	}
}
