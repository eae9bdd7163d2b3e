package spatial_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// square returns the closed ring of the box from (x0, y0) to (x1, y1),
// counter-clockwise.
func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// A district-sized square with a square hole in the middle.
var (
	withHole = orb.Polygon{square(106, 29, 107, 30), square(106.4, 29.4, 106.6, 29.6)}
	farSide  = orb.Polygon{square(108, 30, 108.5, 30.5)}
)

func TestContains(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want bool
	}{
		{"polygon: inside", withHole, orb.Point{106.2, 29.2}, true},
		{"polygon: in the hole", withHole, orb.Point{106.5, 29.5}, false},
		{"polygon: outside", withHole, orb.Point{105.5, 29.5}, false},
		{"polygon: inside the bound, outside the shape", orb.Polygon{{{106, 29}, {107, 29}, {106, 30}, {106, 29}}}, orb.Point{106.9, 29.9}, false},
		{"polygon: empty", orb.Polygon{}, orb.Point{106.5, 29.5}, false},
		{"multipolygon: in the first", orb.MultiPolygon{withHole, farSide}, orb.Point{106.2, 29.2}, true},
		{"multipolygon: in the second", orb.MultiPolygon{withHole, farSide}, orb.Point{108.2, 30.2}, true},
		{"multipolygon: in the first's hole", orb.MultiPolygon{withHole, farSide}, orb.Point{106.5, 29.5}, false},
		{"multipolygon: between", orb.MultiPolygon{withHole, farSide}, orb.Point{107.5, 29.5}, false},
		{"multipolygon: empty", orb.MultiPolygon{}, orb.Point{106.5, 29.5}, false},
		{"bound: inside", withHole.Bound(), orb.Point{106.5, 29.5}, true},
		{"bound: on its edge", withHole.Bound(), orb.Point{107, 29.5}, true},
		{"bound: outside", withHole.Bound(), orb.Point{107.01, 29.5}, false},
		{"ring: inside (a ring has no holes)", withHole[0], orb.Point{106.5, 29.5}, true},
		{"ring: outside", withHole[0], orb.Point{105.5, 29.5}, false},
		{"collection: in a member", orb.Collection{orb.Point{0, 0}, farSide}, orb.Point{108.2, 30.2}, true},
		{"collection: in none", orb.Collection{orb.Point{0, 0}, farSide}, orb.Point{106.2, 29.2}, false},
		{"point contains nothing, not even itself", jiefangbei, jiefangbei, false},
		{"line contains nothing", orb.LineString{{106, 29}, {107, 30}}, orb.Point{106.5, 29.5}, false},
		{"nil contains nothing", nil, jiefangbei, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spatial.Contains(tt.g, tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestDistanceTo(t *testing.T) {
	segment := orb.LineString{{106.5, 29.5}, {106.6, 29.5}}
	tests := []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want float64
		tol  float64 // relative
	}{
		{"point", wanzhou, jiefangbei, spatial.Distance(jiefangbei, wanzhou), 0},
		{"multipoint: the nearest", orb.MultiPoint{wanzhou, {106.6, 29.6}}, jiefangbei, spatial.Distance(jiefangbei, orb.Point{106.6, 29.6}), 0},
		{"line: 1 km north of the middle", segment, spatial.Destination(orb.Point{106.55, 29.5}, 0, 1000), 1000, 0.005},
		{"line: 1 km south of the middle", segment, spatial.Destination(orb.Point{106.55, 29.5}, 180, 1000), 1000, 0.005},
		{"line: 2 km beyond its end", segment, spatial.Destination(orb.Point{106.6, 29.5}, 90, 2000), 2000, 0.005},
		{"line: on it", segment, orb.Point{106.55, 29.5}, 0, 0},
		{"line: 50 km north", segment, spatial.Destination(orb.Point{106.55, 29.5}, 0, 50e3), 50e3, 0.005},
		{"line of one position", orb.LineString{wanzhou}, jiefangbei, spatial.Distance(jiefangbei, wanzhou), 0},
		{"multiline: the nearer", orb.MultiLineString{{{108, 31}, {108.1, 31}}, segment}, spatial.Destination(orb.Point{106.55, 29.5}, 0, 1000), 1000, 0.005},
		{"polygon: inside", withHole, orb.Point{106.2, 29.2}, 0, 0},
		{"polygon: 1 km south of it", withHole, spatial.Destination(orb.Point{106.5, 29}, 180, 1000), 1000, 0.005},
		{"polygon: in the hole, nearest its west edge", withHole, orb.Point{106.45, 29.5}, spatial.Distance(orb.Point{106.45, 29.5}, orb.Point{106.4, 29.5}), 0.005},
		{"multipolygon: the nearer part", orb.MultiPolygon{withHole, farSide}, spatial.Destination(orb.Point{108.2, 30.5}, 0, 3000), 3000, 0.005},
		{"ring: inside", withHole[0], orb.Point{106.5, 29.5}, 0, 0},
		{"ring: outside", withHole[0], spatial.Destination(orb.Point{107, 29.5}, 90, 1000), 1000, 0.005},
		{"bound: inside", withHole.Bound(), orb.Point{106.5, 29.5}, 0, 0},
		{"bound: outside", withHole.Bound(), orb.Point{106.5, 28.5}, spatial.Distance(orb.Point{106.5, 28.5}, orb.Point{106.5, 29}), 1e-12},
		{"collection: the nearest member", orb.Collection{wanzhou, segment}, spatial.Destination(orb.Point{106.55, 29.5}, 0, 1000), 1000, 0.005},
		{"empty polygon: infinitely far", orb.Polygon{}, jiefangbei, math.Inf(1), 0},
		{"nil: infinitely far", nil, jiefangbei, math.Inf(1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spatial.DistanceTo(tt.p, tt.g)
			if got != tt.want && !near(got, tt.want, tt.tol*tt.want) {
				t.Errorf("DistanceTo(%v) = %.3f m, want %.3f ± %g%%", tt.p, got, tt.want, tt.tol*100)
			}
		})
	}
}

// TestDistanceToAgreesWithSampling measures lines against a dense sample of
// great-circle distances to points along them.
func TestDistanceToAgreesWithSampling(t *testing.T) {
	r := newRand(50)
	for range 300 {
		line := orb.LineString{pointIn(r, chongqing), pointIn(r, chongqing), pointIn(r, chongqing)}
		p := pointIn(r, chongqing)
		want := math.Inf(1)
		for i := 1; i < len(line); i++ {
			a, b := line[i-1], line[i]
			for k := range 2001 {
				f := float64(k) / 2000
				want = min(want, spatial.Distance(p, orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}))
			}
		}
		// Sampling overestimates by up to half a sample step (~250 m over
		// 500 km) when p is close to the line, so allow for it as well.
		if got := spatial.DistanceTo(p, line); !near(got, want, 0.005*want+300) {
			t.Fatalf("DistanceTo(%v, %v) = %.1f, sampling says %.1f", p, line, got, want)
		}
	}
}

// TestDistanceToIsNeverLessThanBoundDistance checks the contract of
// Near.Exact, for which layers pass DistanceTo: the nearest search orders
// tree nodes by BoundDistance, so an exact distance below it could come out
// of order.
func TestDistanceToIsNeverLessThanBoundDistance(t *testing.T) {
	r := newRand(51)
	around := chongqing.Pad(3)
	for range 3000 {
		a, b, c := pointIn(r, around), pointIn(r, around), pointIn(r, around)
		p := pointIn(r, around)
		for _, g := range []orb.Geometry{
			orb.LineString{a, b},
			orb.Polygon{{a, b, c, a}},
		} {
			exact, bound := spatial.DistanceTo(p, g), spatial.BoundDistance(p, g.Bound())
			if exact < bound-1e-6 {
				t.Fatalf("DistanceTo(%v, %v) = %.3f < BoundDistance %.3f", p, g, exact, bound)
			}
		}
	}
}

func TestInteriorPoint(t *testing.T) {
	// A U shape: its centroid and bound centre fall in the notch.
	u := orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}
	holed := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}}}
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"square", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{"u shape", u},
		{"holed", holed},
		{"multipolygon picks the largest", orb.MultiPolygon{{{{10, 10}, {10.1, 10}, {10.1, 10.1}, {10, 10}}}, u}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := spatial.InteriorPoint(tc.g)
			if !spatial.Contains(tc.g, p) {
				t.Fatalf("InteriorPoint = %v, not inside", p)
			}
		})
	}
	if got := spatial.InteriorPoint(orb.Point{3, 4}); got != (orb.Point{3, 4}) {
		t.Fatalf("point: got %v", got)
	}
}
