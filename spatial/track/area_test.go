package track

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestAreaContains(t *testing.T) {
	cases := []struct {
		name string
		area *Area
		p    orb.Point
		want bool
	}{
		{"in the shell", holed, xy(-60, 0), true},
		{"in the hole", holed, xy(0, 0), false},
		{"in the second part", holed, xy(500, 20), true},
		{"between the parts, inside the bound", holed, xy(300, 0), false},
		{"outside the bound", holed, xy(-300, 0), false},
		{"an empty area contains nothing", NewArea(nil), orb.Point{0, 0}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.area.Contains(tc.p); got != tc.want {
				t.Errorf("Contains(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func TestAreaBound(t *testing.T) {
	want := orb.Bound{Min: xy(-100, -100), Max: xy(550, 100)}
	if got := holed.Bound(); got != want {
		t.Errorf("Bound() = %v, want %v", got, want)
	}
	if got := len(holed.Polygons()); got != 2 {
		t.Errorf("Polygons() has %d polygons, want 2", got)
	}
}

// TestAreaAgreesWithSpatial checks Area.Contains against spatial.Contains
// on random points around and in the test area and a real district.
func TestAreaAgreesWithSpatial(t *testing.T) {
	yuzhong, err := ParsePolygon(testdata(t, "yuzhong.txt"), 0)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, area := range []*Area{holed, NewArea(yuzhong)} {
		b := area.Bound().Pad(0.001)
		for range 20000 {
			p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
			if got, want := area.Contains(p), spatial.Contains(area.Polygons(), p); got != want {
				t.Fatalf("Contains(%v) = %v, spatial.Contains says %v", p, got, want)
			}
		}
	}
}
