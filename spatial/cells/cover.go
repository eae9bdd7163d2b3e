package cells

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// Mode says which cells a cover includes.
type Mode int

const (
	// Centre covers with the cells whose centre lies inside the polygon: the
	// cells partition the plane, so neighbouring polygons share none.
	Centre Mode = iota
	// Overlap covers with every cell that touches the polygon, so that no
	// point of the polygon is outside the cover (for candidate lookups).
	Overlap
)

// Cover returns the cells at resolution res that cover the polygonal
// geometry g (Polygon, MultiPolygon or Bound) in the given mode, without
// duplicates.
func Cover(g orb.Geometry, res int, mode Mode) ([]Cell, error) {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	case orb.Bound:
		polys = []orb.Polygon{g.ToPolygon()}
	default:
		// %T, not GeoJSONType: g may be nil, and a Ring calls itself a Polygon.
		return nil, fmt.Errorf("cover %T: not polygonal: %w", g, ErrCell)
	}
	if res < 0 || res > MaxRes {
		return nil, fmt.Errorf("cover: resolution %d: %w", res, ErrCell)
	}
	hmode := h3.ContainmentCenter
	if mode == Overlap {
		hmode = h3.ContainmentOverlapping
	}
	seen := make(map[Cell]struct{})
	var out []Cell
	for _, p := range polys {
		cs, err := h3.PolygonToCellsExperimental(geoPolygon(p), res, hmode)
		if err != nil {
			return nil, fmt.Errorf("cover at res %d: %v: %w", res, err, ErrCell)
		}
		for _, c := range cs {
			if _, dup := seen[Cell(c)]; !dup && c != 0 {
				seen[Cell(c)] = struct{}{}
				out = append(out, Cell(c))
			}
		}
	}
	return out, nil
}

func geoPolygon(p orb.Polygon) h3.GeoPolygon {
	var gp h3.GeoPolygon
	for i, r := range p {
		loop := make(h3.GeoLoop, 0, len(r))
		for j, pt := range r {
			if j == len(r)-1 && len(r) > 1 && pt == r[0] {
				break // H3 loops are implicitly closed
			}
			loop = append(loop, h3.LatLng{Lat: pt[1], Lng: pt[0]})
		}
		if i == 0 {
			gp.GeoLoop = loop
		} else {
			gp.Holes = append(gp.Holes, loop)
		}
	}
	return gp
}
