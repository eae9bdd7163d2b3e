package bearing

import (
	"fmt"
	"testing"
)

// BenchmarkLocate locates a fire on 缙云山 from 2 and from 5 cameras with
// bearings off by up to 2°.
func BenchmarkLocate(b *testing.B) {
	cams := []cam{
		{ID: "a", From: 225, Dist: 3000, Err: 1.2}, {ID: "b", From: 135, Dist: 3500, Err: -1.5},
		{ID: "c", From: 315, Dist: 2500, Err: 0.7}, {ID: "d", From: 45, Dist: 4000, Err: -0.4},
		{ID: "e", From: 0, Dist: 1800, Err: 1.9},
	}
	for _, n := range []int{2, 5} {
		s := sightings(jinyun, cams[:n]...)
		b.Run(fmt.Sprintf("sightings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Locate(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
