package cells_test

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/cells"
)

func BenchmarkOf(b *testing.B) {
	r := newRand(2026)
	points := make([]orb.Point, 4096)
	for i := range points {
		points[i] = pointIn(r, chongqing)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := cells.Of(points[i%len(points)], 8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDisk(b *testing.B) {
	c := mustOf(b, jiefangbei, 8)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if d, err := cells.Disk(c, 1); err != nil || len(d) != 7 {
			b.Fatal(len(d), err)
		}
	}
}

// district is a 24-sided polygon of radius ~20 km around 渝北 (Yubei), about
// 1,250 km² — the size of one of Chongqing's 38 districts — with a ragged
// edge so that it is not convex.
func district() orb.Polygon {
	centre := orb.Point{106.63, 29.72}
	var ring orb.Ring
	for i := range 24 {
		radius := 20e3
		if i%2 == 1 {
			radius = 16e3
		}
		ring = append(ring, spatial.Destination(centre, float64(i)*15, radius))
	}
	return orb.Polygon{append(ring, ring[0])}
}

func BenchmarkCover(b *testing.B) {
	poly := district()
	b.Run("h3", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		n := 0
		for range b.N {
			n = len(mustCover(b, poly, 8, cells.Centre))
		}
		b.ReportMetric(float64(n), "cells/op")
	})
	// The naive cover: every cell of a disk around the polygon, kept if its
	// centre is inside (coverByScan, the tests' reference).
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		n := 0
		for range b.N {
			n = len(coverByScan(b, poly, 8))
		}
		b.ReportMetric(float64(n), "cells/op")
	})
}

func TestDistrictCover(t *testing.T) {
	// The benchmark's polygon is district-sized, and both covers agree on it.
	poly := district()
	cs := mustCover(t, poly, 8, cells.Centre)
	area := 0.0
	for _, c := range cs {
		area += c.AreaKm2()
	}
	if area < 900 || area > 1500 {
		t.Errorf("the district covers %.0f km² with %d cells", area, len(cs))
	}
	if want := coverByScan(t, poly, 8); !slices.Equal(sorted(cs), want) {
		t.Errorf("Cover = %d cells, brute force %d", len(cs), len(want))
	}
}
