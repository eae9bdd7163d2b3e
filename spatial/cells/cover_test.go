package cells_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/cells"
)

// square returns the polygon of the box from (x0, y0) to (x1, y1).
func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// boxAreaKm2 is the exact area of a longitude/latitude box on the sphere:
// R² Δλ (sin φ₂ − sin φ₁).
func boxAreaKm2(b orb.Bound) float64 {
	const rad = math.Pi / 180
	r := spatial.EarthRadius / 1000
	return r * r * (b.Max[0] - b.Min[0]) * rad * (math.Sin(b.Max[1]*rad) - math.Sin(b.Min[1]*rad))
}

func mustCover(t testing.TB, g orb.Geometry, res int, mode cells.Mode) []cells.Cell {
	t.Helper()
	cs, err := cells.Cover(g, res, mode)
	if err != nil {
		t.Fatalf("Cover(%v, %d, %v): %v", g, res, mode, err)
	}
	return cs
}

func set(cs []cells.Cell) map[cells.Cell]bool {
	m := make(map[cells.Cell]bool, len(cs))
	for _, c := range cs {
		m[c] = true
	}
	return m
}

func sorted(cs []cells.Cell) []cells.Cell {
	cs = slices.Clone(cs)
	slices.Sort(cs)
	return cs
}

// A 0.1° square in Yuzhong, about 107 km²: ~145 cells at res 8.
var yuzhong = square(106.5, 29.5, 106.6, 29.6)

func TestCoverCentre(t *testing.T) {
	for _, res := range []int{8, 9} {
		cs := mustCover(t, yuzhong, res, cells.Centre)
		area := 0.0
		for _, c := range cs {
			if c.Res() != res {
				t.Errorf("res %d: cell %s has res %d", res, c, c.Res())
			}
			if !spatial.Contains(yuzhong, c.Center()) {
				t.Errorf("res %d: the centre of %s is outside the polygon", res, c)
			}
			area += c.AreaKm2()
		}
		if want := boxAreaKm2(yuzhong.Bound()); math.Abs(area-want) > 0.05*want {
			t.Errorf("res %d: %d cells of %.1f km² in all, the polygon is %.1f km²", res, len(cs), area, want)
		}
		if len(set(cs)) != len(cs) {
			t.Errorf("res %d: duplicates in the cover", res)
		}
		// And none is missing: the brute-force cover is every cell near
		// the polygon whose centre is inside it.
		if want := coverByScan(t, yuzhong, res); !slices.Equal(sorted(cs), want) {
			t.Errorf("res %d: %d cells, brute force finds %d", res, len(cs), len(want))
		}
	}
}

// coverByScan is the Centre cover by brute force: every cell of a disk big
// enough to hold the polygon, kept if its centre is inside.
func coverByScan(t testing.TB, poly orb.Polygon, res int) []cells.Cell {
	t.Helper()
	b := poly.Bound()
	centre := mustOf(t, b.Center(), res)
	// The circumradius of the bound over the spacing of cells at res, with
	// margin; cells are at least 0.8 × the average apart.
	spacing := math.Sqrt(centre.AreaKm2()*2/math.Sqrt(3)) * 1000
	k := int(spatial.Distance(b.Min, b.Max)/2/spacing/0.8) + 2
	disk, err := cells.Disk(centre, k)
	if err != nil {
		t.Fatal(err)
	}
	var out []cells.Cell
	for _, c := range disk {
		if spatial.Contains(poly, c.Center()) {
			out = append(out, c)
		}
	}
	return sorted(out)
}

func TestCoverOverlap(t *testing.T) {
	const res = 8
	centre := set(mustCover(t, yuzhong, res, cells.Centre))
	overlap := set(mustCover(t, yuzhong, res, cells.Overlap))
	for c := range centre {
		if !overlap[c] {
			t.Errorf("Centre cell %s is missing from the Overlap cover", c)
		}
	}
	if len(overlap) <= len(centre) {
		t.Errorf("Overlap has %d cells, Centre %d: want more", len(overlap), len(centre))
	}
	r := newRand(2)
	for range 5000 {
		p := pointIn(r, yuzhong.Bound())
		if c := mustOf(t, p, res); !overlap[c] {
			t.Fatalf("%v is in the polygon but its cell %s is not in the Overlap cover", p, c)
		}
	}
	// Every Overlap cell touches the polygon: here, its bound meets the
	// square's.
	for c := range overlap {
		if !c.Boundary().Bound().Intersects(yuzhong.Bound()) {
			t.Errorf("Overlap cell %s does not touch the polygon", c)
		}
	}
}

func TestCoverShapes(t *testing.T) {
	const res = 8
	west, east := square(106.3, 29.5, 106.4, 29.6), square(106.6, 29.5, 106.7, 29.6)
	withHole := orb.Polygon{yuzhong[0], square(106.53, 29.53, 106.57, 29.57)[0]}
	lShape := orb.Polygon{{{106.5, 29.5}, {106.6, 29.5}, {106.6, 29.55}, {106.55, 29.55}, {106.55, 29.6}, {106.5, 29.6}, {106.5, 29.5}}}

	tests := []struct {
		name string
		g    orb.Geometry
		want []cells.Cell
	}{
		{"bound: as its polygon", yuzhong.Bound(), mustCover(t, yuzhong, res, cells.Centre)},
		{"multipolygon: the union of its parts", orb.MultiPolygon{west, east},
			append(mustCover(t, west, res, cells.Centre), mustCover(t, east, res, cells.Centre)...)},
		{"multipolygon: overlapping parts, no duplicates", orb.MultiPolygon{yuzhong, square(106.55, 29.5, 106.65, 29.6)},
			coverByScan(t, square(106.5, 29.5, 106.65, 29.6), res)},
		{"polygon with a hole", withHole, coverByScan(t, withHole, res)},
		{"concave polygon", lShape, coverByScan(t, lShape, res)},
		{"polygon without rings", orb.Polygon{}, nil},
		{"empty multipolygon", orb.MultiPolygon{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCover(t, tt.g, res, cells.Centre)
			if !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("Cover = %d cells, want %d", len(got), len(tt.want))
			}
		})
	}
}

func TestCoverRejects(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		res  int
	}{
		{"point", orb.Point{106.5, 29.5}, 8},
		{"line", orb.LineString{{106.5, 29.5}, {106.6, 29.6}}, 8},
		{"ring", yuzhong[0], 8},
		{"collection", orb.Collection{yuzhong}, 8},
		{"nil", nil, 8},
		{"resolution 16", yuzhong, 16},
		{"resolution -1", yuzhong, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if cs, err := cells.Cover(tt.g, tt.res, cells.Centre); !errors.Is(err, cells.ErrCell) {
				t.Errorf("Cover = %d cells, %v; want ErrCell", len(cs), err)
			}
		})
	}
}
