package tiles

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestProjection checks tile maths against orb/maptile as an independent
// reference: the tile Range finds for a point is the one maptile finds, the
// point lies inside that tile's Bound, and projects inside 0..Extent.
func TestProjection(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		p := orb.Point{105.3 + r.Float64()*4.9, 28.2 + r.Float64()*4}
		z := r.IntN(MaxZoom + 1)
		want := maptile.At(p, maptile.Zoom(z))
		x0, y0, x1, y1 := Range(orb.Bound{Min: p, Max: p}, z, 0)
		if x0 != x1 || y0 != y1 || x0 != int(want.X) || y0 != int(want.Y) {
			t.Fatalf("%v at z%d: Range %d,%d..%d,%d, maptile %d,%d", p, z, x0, y0, x1, y1, want.X, want.Y)
		}
		if !Bound(z, x0, y0, 0).Contains(p) {
			t.Fatalf("%v at z%d: not inside the bound of its tile", p, z)
		}
		q := newProjector(z, x0, y0).point(p)
		if q[0] < 0 || q[1] < 0 || q[0] >= Extent || q[1] >= Extent {
			t.Fatalf("%v at z%d/%d/%d projects to %v", p, z, x0, y0, q)
		}
	}
}

func TestBoundBuffer(t *testing.T) {
	inner, outer := Bound(10, 820, 420, 0), Bound(10, 820, 420, Buffer)
	if !outer.Contains(inner.Min) || !outer.Contains(inner.Max) || outer == inner {
		t.Fatalf("buffered %v does not contain %v", outer, inner)
	}
	// The buffer is Buffer/Extent of the tile's width on each side.
	want := (inner.Max[0] - inner.Min[0]) * Buffer / Extent
	if got := inner.Min[0] - outer.Min[0]; math.Abs(got-want) > 1e-12 {
		t.Fatalf("buffer %g°, want %g°", got, want)
	}
}
