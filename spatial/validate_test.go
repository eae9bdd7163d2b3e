package spatial_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// pt returns a position on a grid of 1/8° south-west of 解放碑, so that
// the tests' shapes are exact in binary and collinearity is exact too.
func pt(x, y float64) orb.Point { return orb.Point{106 + x/8, 29 + y/8} }

// ring closes the positions into a ring.
func ring(ps ...orb.Point) orb.Ring { return append(orb.Ring(ps), ps[0]) }

func TestValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	shell := ring(pt(0, 0), pt(4, 0), pt(4, 4), pt(0, 4))
	hole := ring(pt(1, 1), pt(1, 3), pt(3, 3), pt(3, 1))
	tooMany := make(orb.LineString, 11)
	for i := range tooMany {
		tooMany[i] = pt(float64(i), 0)
	}

	tests := []struct {
		name   string
		g      orb.Geometry
		lim    spatial.Limits
		path   string // want; "" with reason "" means valid
		reason string // a substring of the wanted reason
	}{
		// Valid geometries.
		{name: "point", g: jiefangbei},
		{name: "point on the antimeridian and a pole", g: orb.MultiPoint{{180, 90}, {-180, -90}}},
		{name: "line", g: orb.LineString{jiefangbei, wanzhou}},
		{name: "polygon", g: orb.Polygon{shell}},
		{name: "polygon with a hole", g: orb.Polygon{shell, hole}},
		{name: "clockwise shell", g: orb.Polygon{ring(pt(0, 0), pt(0, 4), pt(4, 4), pt(4, 0))}},
		{name: "hole touching the shell at a vertex", g: orb.Polygon{shell, ring(pt(0, 0), pt(2, 1), pt(1, 2))}},
		{name: "hole touching a shell edge at one point", g: orb.Polygon{shell, ring(pt(0, 2), pt(2, 1), pt(2, 3))}},
		{name: "repeated consecutive positions", g: orb.Polygon{ring(pt(0, 0), pt(4, 0), pt(4, 0), pt(4, 4), pt(0, 4), pt(0, 4))}},
		{name: "multipolygon", g: orb.MultiPolygon{{shell, hole}, {ring(pt(5, 5), pt(6, 5), pt(6, 6))}}},
		{name: "exactly MaxVertices", g: tooMany[:10], lim: spatial.Limits{MaxVertices: 10}},
		{name: "collection", g: orb.Collection{jiefangbei, orb.Polygon{shell}}},

		// Bad coordinates.
		{"NaN longitude", orb.Point{nan, 29}, spatial.Limits{}, "coordinates", "not a finite number"},
		{"+Inf latitude", orb.Point{106, inf}, spatial.Limits{}, "coordinates", "not a finite number"},
		{"-Inf in a line", orb.LineString{jiefangbei, {-inf, 29}}, spatial.Limits{}, "coordinates[1]", "not a finite number"},
		{"longitude 181", orb.Point{181, 29}, spatial.Limits{}, "coordinates", "longitude 181 out of range"},
		{"latitude -91", orb.Point{106, -91}, spatial.Limits{}, "coordinates", "latitude -91 out of range"},
		{"NaN in a hole", orb.Polygon{shell, {pt(1, 1), pt(1, 3), {nan, nan}, pt(1, 1)}}, spatial.Limits{}, "coordinates[1][2]", "not a finite number"},
		{"bad position in the second polygon", orb.MultiPolygon{{shell}, {ring(pt(5, 5), orb.Point{106, 95}, pt(6, 6))}}, spatial.Limits{}, "coordinates[1][0][1]", "latitude 95"},

		// Bad structure.
		{"nil", nil, spatial.Limits{}, "", "missing geometry"},
		{"line of 1 position", orb.LineString{jiefangbei}, spatial.Limits{}, "coordinates", "at least 2 positions"},
		{"unclosed ring", orb.Polygon{{pt(0, 0), pt(4, 0), pt(4, 4), pt(0, 4)}}, spatial.Limits{}, "coordinates[0]", "not closed"},
		{"ring of 3 positions", orb.Polygon{ring(pt(0, 0), pt(4, 0))}, spatial.Limits{}, "coordinates[0]", "at least 4 positions"},
		{"ring of one position repeated", orb.Polygon{ring(pt(1, 1), pt(1, 1), pt(1, 1))}, spatial.Limits{}, "coordinates[0]", "3 distinct positions"},
		{"polygon without rings", orb.Polygon{}, spatial.Limits{}, "coordinates", "exterior ring"},
		{"empty multipolygon", orb.MultiPolygon{}, spatial.Limits{}, "coordinates", "empty geometry"},
		{"empty multipoint", orb.MultiPoint{}, spatial.Limits{}, "coordinates", "empty geometry"},
		{"more than MaxVertices", tooMany, spatial.Limits{MaxVertices: 10}, "coordinates[10]", "more than 10 positions"},
		{"MaxVertices counts across rings", orb.Polygon{shell, hole}, spatial.Limits{MaxVertices: 7}, "coordinates[1][2]", "more than 7 positions"},

		// Crossings.
		{"bow-tie", orb.Polygon{ring(pt(0, 0), pt(4, 4), pt(4, 0), pt(0, 4))}, spatial.Limits{}, "coordinates[0][0]", "crosses edge 2 of ring 0"},
		{"ring touching itself at a vertex", orb.Polygon{ring(pt(0, 0), pt(4, 0), pt(2, 2), pt(4, 4), pt(0, 4), pt(2, 2))}, spatial.Limits{}, "coordinates[0][", "crosses edge"},
		{"spike folding back on its neighbour", orb.Polygon{ring(pt(0, 0), pt(4, 0), pt(2, 0), pt(2, 4))}, spatial.Limits{}, "coordinates[0][", "crosses edge"},
		{"collinear ring (all spike)", orb.Polygon{ring(pt(0, 0), pt(2, 0), pt(4, 0))}, spatial.Limits{}, "coordinates[0][", "crosses edge"},
		{"hole crossing the shell", orb.Polygon{shell, ring(pt(1, 1), pt(5, 1), pt(5, 2), pt(1, 2))}, spatial.Limits{}, "coordinates[0][1]", "of ring 1"},
		{"hole sharing a stretch of the shell's edge", orb.Polygon{shell, ring(pt(1, 0), pt(3, 0), pt(2, 1))}, spatial.Limits{}, "coordinates[0][0]", "crosses edge 0 of ring 1"},
		{"crossing in the second polygon", orb.MultiPolygon{{shell}, {ring(pt(5, 5), pt(6, 6), pt(6, 5), pt(5, 6))}}, spatial.Limits{}, "coordinates[1][0][0]", "crosses edge 2 of ring 0"},

		// Types.
		{"a ring is not a GeoJSON geometry", shell, spatial.Limits{}, "", "unsupported geometry type orb.Ring"},
		{"nor is a bound", shell.Bound(), spatial.Limits{}, "", "unsupported geometry type orb.Bound"},
		{"collection: a bad member", orb.Collection{jiefangbei, orb.Polygon{{pt(0, 0), pt(1, 0), pt(1, 1)}}},
			spatial.Limits{}, "geometries[1].coordinates[0]", "at least 4 positions"},
		{"collection: a nil member", orb.Collection{jiefangbei, nil}, spatial.Limits{}, "geometries[1]", "missing geometry"},
		{"collection: nested", orb.Collection{orb.Collection{orb.Point{200, 0}}},
			spatial.Limits{}, "geometries[0].geometries[0].coordinates", "longitude 200"},
		{"collection: empty", orb.Collection{}, spatial.Limits{}, "geometries", "empty geometry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := spatial.Validate(tt.g, tt.lim)
			if tt.path == "" && tt.reason == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want valid", err)
				}
				return
			}
			var ge *spatial.GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("Validate = %v, want a *GeometryError", err)
			}
			if !errors.Is(err, spatial.ErrInvalidGeometry) {
				t.Errorf("errors.Is(%v, ErrInvalidGeometry) = false", err)
			}
			// A path ending in "[" names the ring: which of its edges is
			// reported depends on the order the sweep meets them.
			if pathOK := ge.Path == tt.path || strings.HasSuffix(tt.path, "[") && strings.HasPrefix(ge.Path, tt.path); !pathOK {
				t.Errorf("Path = %q, want %q", ge.Path, tt.path)
			}
			if !strings.Contains(ge.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", ge.Reason, tt.reason)
			}
		})
	}
}

func TestGeometryErrorMessage(t *testing.T) {
	tests := []struct {
		err  *spatial.GeometryError
		want string
	}{
		{&spatial.GeometryError{Path: "coordinates[0][3]", Reason: "ring is not closed"}, "invalid geometry at coordinates[0][3]: ring is not closed"},
		{&spatial.GeometryError{Reason: "missing geometry"}, "invalid geometry: missing geometry"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
