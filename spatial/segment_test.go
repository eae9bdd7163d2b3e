package spatial_test

import (
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestSegmentFraction(t *testing.T) {
	cases := []struct {
		name       string
		p, q, c, d orb.Point
		want       float64
		ok         bool
	}{
		{"crossing in the middle", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{1, -1}, orb.Point{1, 1}, 0.25, true},
		{"meeting at an end of the edge", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{2, 0}, orb.Point{2, 1}, 0.5, true},
		{"missing the edge", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{5, -1}, orb.Point{5, 1}, 0, false},
		{"parallel", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{0, 1}, orb.Point{4, 1}, 0, false},
		{"along the edge", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{1, 0}, orb.Point{3, 0}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := spatial.SegmentFraction(tc.p, tc.q, tc.c, tc.d)
			if got != tc.want || ok != tc.ok {
				t.Errorf("SegmentFraction = %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
