package spatial

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestFrame(t *testing.T) {
	tests := []struct {
		name   string
		origin orb.Point
		x, y   float64
	}{
		{"解放碑, 1 km east", orb.Point{106.577, 29.557}, 1000, 0},
		{"解放碑, 3 km north-west", orb.Point{106.577, 29.557}, -2121, 2121},
		{"城口, 500 m south", orb.Point{108.66, 31.95}, 0, -500},
	}
	for _, tt := range tests {
		f := NewFrame(tt.origin)
		p := f.LonLat(tt.x, tt.y)
		x, y := f.XY(p)
		if math.Abs(x-tt.x) > 1e-6 || math.Abs(y-tt.y) > 1e-6 {
			t.Errorf("%s: XY(LonLat) = %.6f, %.6f", tt.name, x, y)
		}
		// Against the great-circle distance: within 0.1% at a few km.
		want := math.Hypot(tt.x, tt.y)
		if d := Distance(tt.origin, p); math.Abs(d-want) > want/1000 {
			t.Errorf("%s: %.1f m from the origin, want %.1f", tt.name, d, want)
		}
	}
}

func TestCircle(t *testing.T) {
	c := orb.Point{106.577, 29.557}
	poly := Circle(c, 200, 24)
	ring := poly[0]
	if len(ring) != 25 || ring[0] != ring[24] {
		t.Fatalf("ring of %d points, closed %v", len(ring), ring[0] == ring[len(ring)-1])
	}
	if ring.Orientation() != orb.CCW {
		t.Errorf("orientation %v, want counter-clockwise", ring.Orientation())
	}
	for i, p := range ring {
		if d := Distance(c, p); math.Abs(d-200) > 0.5 {
			t.Errorf("vertex %d at %.2f m, want 200", i, d)
		}
	}
	if !planar.PolygonContains(poly, c) {
		t.Errorf("the circle does not hold its centre")
	}
}
