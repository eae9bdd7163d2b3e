package spatial

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestProbeBoxIsALowerBound checks that the walk's box key never exceeds
// the key of any point inside the box, anywhere on the globe (the walk is
// exact only if it does not), and that point keys give Distance back.
func TestProbeBoxIsALowerBound(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 20000; i++ {
		p := orb.Point{r.Float64()*360 - 180, r.Float64()*180 - 90}
		if i%2 == 0 { // half of them at city scale around Chongqing
			p = orb.Point{106 + r.Float64()*4, 28 + r.Float64()*4}
		}
		w, h := math.Pow(10, r.Float64()*4-3), math.Pow(10, r.Float64()*4-3)
		h = math.Min(h, 180)
		min := orb.Point{math.Max(-180, math.Min(180-w, p[0]+(r.Float64()-0.5)*40*w)),
			math.Max(-90, math.Min(90-h, p[1]+(r.Float64()-0.5)*20*h))}
		b := orb.Bound{Min: min, Max: orb.Point{min[0] + w, min[1] + h}}
		pr := newProbe(p)
		lower := pr.box(b)
		for j := 0; j < 20; j++ {
			q := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
			if got := pr.point(q); got < lower-1e-15 {
				t.Fatalf("box %v from %v: lower bound %g above the point %v at %g", b, p, lower, q, got)
			}
			if d, want := metres(pr.point(q)), Distance(p, q); math.Abs(d-want) > 1e-6*want+1e-6 {
				t.Fatalf("metres(point) = %g, Distance = %g", d, want)
			}
		}
	}
}
