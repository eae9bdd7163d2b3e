package glyphs

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestSDFByte(t *testing.T) {
	tests := []struct {
		name string
		d    float64
		want byte
	}{
		{"on the edge", 0, 191},
		{"one px inside", -1, 223},
		{"cutoff inside", -2, 255},
		{"deep inside", -5, 255},
		{"one px outside", 1, 159},
		{"radius minus cutoff outside", 6, 0},
		{"far outside", 1e10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sdfByte(tt.d); got != tt.want {
				t.Errorf("sdfByte(%v) = %d, want %d", tt.d, got, tt.want)
			}
		})
	}
}

// TestDistanceTransformLine compares the linear-time transform with the
// quadratic definition on random lines of seeds.
func TestDistanceTransformLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var dt distanceTransform
	for _, n := range []int{1, 2, 3, 17, 64} {
		dt.resize(n)
		for range 50 {
			grid := make([]float64, n)
			for i := range grid {
				switch rng.IntN(3) {
				case 0:
					grid[i] = 0
				case 1:
					grid[i] = rng.Float64() * 0.25
				default:
					grid[i] = inf
				}
			}
			want := make([]float64, n)
			for q := range n {
				want[q] = math.Inf(1)
				for r := range n {
					want[q] = min(want[q], grid[r]+float64((q-r)*(q-r)))
				}
			}
			dt.line(grid, 0, 1, n)
			for q := range n {
				if math.Abs(grid[q]-want[q]) > 1e-9*max(1, want[q]) {
					t.Fatalf("n=%d: cell %d = %v, want %v", n, q, grid[q], want[q])
				}
			}
		}
	}
}

// TestSDFSquare renders a 10×10 px square whose edges sit off the pixel grid
// and checks every byte against the exact signed distance.
func TestSDFSquare(t *testing.T) {
	const x0, y0 = 0.3, -9.6 // top-left corner, px; y down as in sfnt
	const side = 10.0
	p := func(x, y float64) fixed.Point26_6 {
		return fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	}
	segs := sfnt.Segments{
		{Op: sfnt.SegmentOpMoveTo, Args: [3]fixed.Point26_6{p(x0, y0)}},
		{Op: sfnt.SegmentOpLineTo, Args: [3]fixed.Point26_6{p(x0+side, y0)}},
		{Op: sfnt.SegmentOpLineTo, Args: [3]fixed.Point26_6{p(x0+side, y0+side)}},
		{Op: sfnt.SegmentOpLineTo, Args: [3]fixed.Point26_6{p(x0, y0+side)}},
	}
	bx, by, w, h := 0, -10, 11, 11 // the whole pixels the square touches
	var r sdfRenderer
	got := r.render(segs, bx, by, w, h)
	bw := w + 2*buffer
	worst := 0
	for j := range h + 2*buffer {
		for i := range bw {
			cx := float64(bx-buffer+i) + 0.5
			cy := float64(by-buffer+j) + 0.5
			dx := max(x0-cx, cx-(x0+side))
			dy := max(y0-cy, cy-(y0+side))
			d := math.Hypot(max(dx, 0), max(dy, 0)) + min(max(dx, dy), 0)
			diff := int(got[j*bw+i]) - int(sdfByte(d))
			worst = max(worst, diff, -diff)
		}
	}
	// 0.1 px of distance is 3.2 byte levels.
	t.Logf("worst byte error %d", worst)
	if worst > 4 {
		t.Errorf("worst byte error %d, want ≤ 4", worst)
	}
}

// TestSDFStem checks the field of 'l' on a scanline through its stem: inside
// above the inside threshold, the buffer's corners well outside, and values
// rising monotonically towards the stem's centre from both sides.
func TestSDFStem(t *testing.T) {
	_, byID := decodeRange(t, shared, "Go Regular", 0)
	g := byID['l']
	w, h := int(g.width)+6, int(g.height)+6
	row := 3 + int(g.height)/3 // upper third: the stem, clear of the tail
	line := g.bitmap[row*w : (row+1)*w]
	peak := 0
	for x, v := range line {
		if v > line[peak] {
			peak = x
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"stem centre inside the ink box", peak >= 3 && peak < 3+int(g.width)},
		{"stem centre > 191", line[peak] > 191},
		{"top-left corner < 64", g.bitmap[0] < 64},
		{"top-right corner < 64", g.bitmap[w-1] < 64},
		{"bottom-left corner < 64", g.bitmap[(h-1)*w] < 64},
		{"bottom-right corner < 64", g.bitmap[h*w-1] < 64},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("%s: row %v", tt.name, line)
		}
	}
	for x := 1; x <= peak; x++ {
		if line[x] < line[x-1] {
			t.Errorf("not rising towards the stem at x=%d: %v", x, line)
		}
	}
	for x := peak + 1; x < w; x++ {
		if line[x] > line[x-1] {
			t.Errorf("not falling away from the stem at x=%d: %v", x, line)
		}
	}
}
