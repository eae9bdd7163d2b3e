package cells_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/cells"
)

var jiefangbei = orb.Point{106.5771, 29.5576} // 解放碑, Yuzhong

// chongqing is the bounding box of the municipality.
var chongqing = orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.19, 32.20}}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x10c0a7)) }

func pointIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{
		b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
		b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
	}
}

func mustOf(t testing.TB, p orb.Point, res int) cells.Cell {
	t.Helper()
	c, err := cells.Of(p, res)
	if err != nil {
		t.Fatalf("Of(%v, %d): %v", p, res, err)
	}
	return c
}

func TestOf(t *testing.T) {
	tests := []struct {
		res     int
		areaKm2 float64 // H3's average hexagon area at res
		// want pins the cell found when these tests were written, once the
		// geometric checks below held for it: a change in it means H3 or
		// the coordinate order changed.
		want string
	}{
		{8, 0.7373, "8840197183fffff"},
		{9, 0.1053, "89401971807ffff"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			c := mustOf(t, jiefangbei, tt.res)
			if !c.Valid() || c.Res() != tt.res {
				t.Fatalf("Of(解放碑, %d) = %v: valid %v, res %d", tt.res, c, c.Valid(), c.Res())
			}
			if c.String() != tt.want {
				t.Errorf("Of(解放碑, %d) = %s, want %s", tt.res, c, tt.want)
			}
			hex := c.Boundary()
			if len(hex) != 1 || len(hex[0]) != 7 || hex[0][0] != hex[0][6] {
				t.Fatalf("Boundary() = %v, want one closed ring of 6 corners", hex)
			}
			if !spatial.Contains(hex, jiefangbei) {
				t.Errorf("解放碑 is not inside the boundary of its cell %v", hex)
			}
			centre := c.Center()
			if !spatial.Contains(hex, centre) {
				t.Errorf("Center() = %v is outside the boundary", centre)
			}
			if back := mustOf(t, centre, tt.res); back != c {
				t.Errorf("Of(Center()) = %s, want %s", back, c)
			}
			// Every corner is about as far from the centre, and 解放碑 no
			// further than the furthest.
			radius := 0.0
			for _, v := range hex[0] {
				radius = max(radius, spatial.Distance(centre, v))
			}
			if d := spatial.Distance(centre, jiefangbei); d > radius {
				t.Errorf("解放碑 is %.0f m from the centre, the corners at most %.0f", d, radius)
			}
			if a := c.AreaKm2(); math.Abs(a-tt.areaKm2) > 0.2*tt.areaKm2 {
				t.Errorf("AreaKm2() = %.4f, want about %.4f", a, tt.areaKm2)
			}
		})
	}
}

func TestOfNestsAcrossResolutions(t *testing.T) {
	// H3 cells do not nest exactly: a child pokes out of its parent, so a
	// point near a cell's edge can lie in a res-9 cell whose parent is the
	// res-8 neighbour. 解放碑 is such a point. The parent is always the
	// point's res-8 cell or one of its six neighbours, and mostly the cell.
	r := newRand(1)
	points := []orb.Point{jiefangbei}
	for range 1000 {
		points = append(points, pointIn(r, chongqing))
	}
	same := 0
	for _, p := range points {
		c8 := mustOf(t, p, 8)
		parent, err := mustOf(t, p, 9).Parent(8)
		if err != nil {
			t.Fatal(err)
		}
		if parent == c8 {
			same++
			continue
		}
		if ring, _ := cells.Disk(c8, 1); !slices.Contains(ring, parent) {
			t.Errorf("at %v the res-9 cell's parent %s is not next to the res-8 cell %s", p, parent, c8)
		}
	}
	if same < len(points)*8/10 {
		t.Errorf("only %d of %d points have their res-9 cell inside their res-8 cell", same, len(points))
	}
}

func TestOfRejects(t *testing.T) {
	tests := []struct {
		name string
		p    orb.Point
		res  int
	}{
		{"resolution -1", jiefangbei, -1},
		{"resolution 16", jiefangbei, cells.MaxRes + 1},
		{"NaN", orb.Point{math.NaN(), 29}, 8},
		{"infinite", orb.Point{106, math.Inf(1)}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := cells.Of(tt.p, tt.res); !errors.Is(err, cells.ErrCell) {
				t.Errorf("Of(%v, %d) = %v, %v; want ErrCell", tt.p, tt.res, c, err)
			}
		})
	}
}

func TestParseString(t *testing.T) {
	c := mustOf(t, jiefangbei, 8)
	tests := []struct {
		name string
		s    string
		want cells.Cell // 0: an error
	}{
		{"round trip", c.String(), c},
		{"upper case", strings.ToUpper(c.String()), c},
		{"res 0", mustOf(t, jiefangbei, 0).String(), mustOf(t, jiefangbei, 0)},
		{"empty", "", 0},
		{"not hex", "zz", 0},
		{"zero", "0", 0},
		{"hex but not a cell", "8840abcdefffffff", 0},
		{"with 0x, as H3's own tools accept", "0x" + c.String(), c},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cells.Parse(tt.s)
			if tt.want == 0 {
				if !errors.Is(err, cells.ErrCell) {
					t.Errorf("Parse(%q) = %v, %v; want ErrCell", tt.s, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.s, got, err, tt.want)
			}
		})
	}
}

func TestParentAndChildren(t *testing.T) {
	c := mustOf(t, jiefangbei, 8)

	kids, err := c.Children(9)
	if err != nil || len(kids) != 7 {
		t.Fatalf("Children(9) = %d cells, %v; want 7", len(kids), err)
	}
	for _, k := range kids {
		if p, err := k.Parent(8); err != nil || p != c || k.Res() != 9 {
			t.Errorf("child %s: res %d, Parent(8) = %v, %v; want %v", k, k.Res(), p, err, c)
		}
	}
	if grand, err := c.Children(10); err != nil || len(grand) != 49 {
		t.Errorf("Children(10) = %d cells, %v; want 49", len(grand), err)
	}
	if self, err := c.Children(8); err != nil || !slices.Equal(self, []cells.Cell{c}) {
		t.Errorf("Children(8) = %v, %v; want the cell itself", self, err)
	}
	if self, err := c.Parent(8); err != nil || self != c {
		t.Errorf("Parent(8) = %v, %v; want the cell itself", self, err)
	}
	if p, err := c.Parent(0); err != nil || p.Res() != 0 {
		t.Errorf("Parent(0) = %v (res %d), %v", p, p.Res(), err)
	}

	for _, bad := range []struct {
		name string
		err  error
	}{
		{"Children(7), coarser", second(c.Children(7))},
		{"Children(16)", second(c.Children(16))},
		{"Parent(9), finer", second(c.Parent(9))},
		{"Parent(-1)", second(c.Parent(-1))},
	} {
		if !errors.Is(bad.err, cells.ErrCell) {
			t.Errorf("%s: err = %v, want ErrCell", bad.name, bad.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestDisk(t *testing.T) {
	c := mustOf(t, jiefangbei, 8)
	tests := []struct {
		k, want int
	}{
		{0, 1},
		{1, 7},
		{2, 19},
		{5, 91},
	}
	for _, tt := range tests {
		d, err := cells.Disk(c, tt.k)
		if err != nil || len(d) != tt.want {
			t.Errorf("Disk(k=%d) = %d cells, %v; want %d", tt.k, len(d), err, tt.want)
			continue
		}
		if !slices.Contains(d, c) {
			t.Errorf("Disk(k=%d) lacks its centre cell", tt.k)
		}
		uniq := slices.Clone(d)
		slices.Sort(uniq)
		if len(slices.Compact(uniq)) != len(d) {
			t.Errorf("Disk(k=%d) has duplicates", tt.k)
		}
	}

	// The ring around a hexagon: six neighbours, each one cell-spacing
	// away (√3 × the centre-to-corner radius, about 0.93 km at res 8).
	ring, _ := cells.Disk(c, 1)
	for _, n := range ring {
		if n == c {
			continue
		}
		if d := spatial.Distance(c.Center(), n.Center()); d < 800 || d > 1100 {
			t.Errorf("neighbour %s is %.0f m from the centre", n, d)
		}
		if n.Res() != 8 {
			t.Errorf("neighbour %s has res %d", n, n.Res())
		}
	}

	if _, err := cells.Disk(c, -1); !errors.Is(err, cells.ErrCell) {
		t.Errorf("Disk(k=-1): err = %v, want ErrCell", err)
	}
}

// TestInvalidCell: H3 itself does not check its input, so an arbitrary
// integer (from a client, say) must not produce cells or shapes.
func TestInvalidCell(t *testing.T) {
	for _, c := range []cells.Cell{0, 12345, cells.Cell(math.MaxUint64)} {
		if c.Valid() {
			t.Errorf("%d: Valid() = true", uint64(c))
		}
		if p := c.Center(); p != (orb.Point{}) {
			t.Errorf("%d: Center() = %v, want the zero point", uint64(c), p)
		}
		if b := c.Boundary(); b != nil {
			t.Errorf("%d: Boundary() = %v, want nil", uint64(c), b)
		}
		if a := c.AreaKm2(); a != 0 {
			t.Errorf("%d: AreaKm2() = %v, want 0", uint64(c), a)
		}
		if kids, err := c.Children(9); !errors.Is(err, cells.ErrCell) {
			t.Errorf("%d: Children(9) = %d cells, %v; want ErrCell", uint64(c), len(kids), err)
		}
		if _, err := c.Parent(3); !errors.Is(err, cells.ErrCell) {
			t.Errorf("%d: Parent(3): err = %v, want ErrCell", uint64(c), err)
		}
		if d, err := cells.Disk(c, 1); !errors.Is(err, cells.ErrCell) {
			t.Errorf("%d: Disk = %d cells, %v; want ErrCell", uint64(c), len(d), err)
		}
	}
}
