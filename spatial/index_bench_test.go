package spatial_test

import (
	"math"
	"strconv"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// The benchmarks share one world of a million points spread uniformly over
// Chongqing's bounding box, built once per process (a few seconds) and
// excluded from every timing. Each index benchmark has a naive baseline run
// on the same data in the same process, so that their ratio is what to
// read: absolute figures move with the machine.

const benchPoints = 1_000_000

type benchWorld struct {
	ix        *spatial.Index[struct{}]
	ids       []string
	points    []orb.Point
	bounds    []orb.Bound          // the naive structure for search: a slice to scan
	byID      map[string]orb.Bound // the naive structure for update: a map by id
	available map[string]bool      // 10% of ids, as responders free to dispatch
}

var (
	benchOnce sync.Once
	bench     benchWorld
)

func benchData(b *testing.B) *benchWorld {
	b.Helper()
	benchOnce.Do(func() {
		r := newRand(2026)
		w := benchWorld{
			ix:        spatial.NewIndex[struct{}](),
			ids:       make([]string, benchPoints),
			points:    make([]orb.Point, benchPoints),
			bounds:    make([]orb.Bound, benchPoints),
			byID:      make(map[string]orb.Bound, benchPoints),
			available: make(map[string]bool, benchPoints/10),
		}
		for i := range benchPoints {
			id, p := strconv.Itoa(i), pointIn(r, chongqing)
			w.ids[i], w.points[i], w.bounds[i], w.byID[id] = id, p, pointBound(p), pointBound(p)
			w.ix.Put(id, pointBound(p), struct{}{})
			if r.IntN(10) == 0 {
				w.available[id] = true
			}
		}
		bench = w
	})
	return &bench
}

// benchQueries returns n query points, the same in every benchmark.
func benchQueries(n int) []orb.Point {
	r := newRand(7)
	qs := make([]orb.Point, n)
	for i := range qs {
		qs[i] = pointIn(r, chongqing)
	}
	return qs
}

// square returns the box of side metres centred on p.
func squareAround(p orb.Point, side float64) orb.Bound {
	dlat := side / 2 / (spatial.EarthRadius * math.Pi / 180)
	dlon := dlat / math.Cos(p[1]*math.Pi/180)
	return orb.Bound{Min: orb.Point{p[0] - dlon, p[1] - dlat}, Max: orb.Point{p[0] + dlon, p[1] + dlat}}
}

func BenchmarkSearch(b *testing.B) {
	sizes := []struct {
		name string
		side float64 // metres
	}{
		{"1km2", 1000},
		{"100km2", 10000},
	}
	var boxes [][]orb.Bound
	for _, s := range sizes {
		var bs []orb.Bound
		for _, q := range benchQueries(4096) {
			bs = append(bs, squareAround(q, s.side))
		}
		boxes = append(boxes, bs)
	}

	for k, s := range sizes {
		b.Run("index/"+s.name, func(b *testing.B) {
			w := benchData(b)
			b.ReportAllocs()
			b.ResetTimer()
			hits := 0
			for i := range b.N {
				w.ix.Search(boxes[k][i%len(boxes[k])], func(string, orb.Bound, struct{}) bool {
					hits++
					return true
				})
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
	for k, s := range sizes {
		b.Run("naive/"+s.name, func(b *testing.B) {
			w := benchData(b)
			b.ReportAllocs()
			b.ResetTimer()
			hits := 0
			for i := range b.N {
				box := boxes[k][i%len(boxes[k])]
				for _, bd := range w.bounds {
					if bd.Intersects(box) {
						hits++
					}
				}
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
		})
	}
}

func BenchmarkNearest(b *testing.B) {
	const k = 10
	queries := benchQueries(4096)
	filters := []struct {
		name   string
		filter func(w *benchWorld) func(id string) bool
	}{
		{"k10", func(*benchWorld) func(string) bool { return nil }},
		{"k10-available10pct", func(w *benchWorld) func(string) bool {
			return func(id string) bool { return w.available[id] }
		}},
	}
	for _, f := range filters {
		b.Run("index/"+f.name, func(b *testing.B) {
			w := benchData(b)
			filter := f.filter(w)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				hits := w.ix.Nearest(spatial.Near{Point: queries[i%len(queries)], K: k, Filter: filter})
				if len(hits) != k {
					b.Fatalf("%d hits", len(hits))
				}
			}
		})
	}
	for _, f := range filters {
		b.Run("naive/"+f.name, func(b *testing.B) {
			w := benchData(b)
			filter := f.filter(w)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if hits := nearestNaive(w, queries[i%len(queries)], k, filter); len(hits) != k {
					b.Fatalf("%d hits", len(hits))
				}
			}
		})
	}
}

// nearestNaive measures every point and keeps the k nearest in a small
// sorted array (insertion is cheaper than a heap for k = 10).
func nearestNaive(w *benchWorld, q orb.Point, k int, filter func(string) bool) []spatial.Hit {
	hits := make([]spatial.Hit, 0, k+1)
	for i, p := range w.points {
		if filter != nil && !filter(w.ids[i]) {
			continue
		}
		d := spatial.Distance(q, p)
		if len(hits) == k && d >= hits[k-1].Distance {
			continue
		}
		j := len(hits)
		hits = append(hits, spatial.Hit{})
		for ; j > 0 && hits[j-1].Distance > d; j-- {
			hits[j] = hits[j-1]
		}
		hits[j] = spatial.Hit{ID: w.ids[i], Distance: d}
		if len(hits) > k {
			hits = hits[:k]
		}
	}
	return hits
}

func BenchmarkPut(b *testing.B) {
	// About 50 m of latitude.
	const step = 50 / (spatial.EarthRadius * math.Pi / 180)

	b.Run("insert", func(b *testing.B) {
		w := benchData(b)
		r := newRand(8)
		ids, bounds := make([]string, b.N), make([]orb.Bound, b.N)
		for i := range b.N {
			ids[i], bounds[i] = "new-"+strconv.Itoa(i), pointBound(pointIn(r, chongqing))
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			w.ix.Put(ids[i], bounds[i], struct{}{})
		}
		b.StopTimer()
		for _, id := range ids { // leave the world as the other benchmarks expect it
			w.ix.Delete(id)
		}
	})

	b.Run("update", func(b *testing.B) {
		w := benchData(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			j := i % benchPoints
			p := w.points[j]
			if (i/benchPoints)%2 == 0 { // there on the first pass, back on the next
				p[1] += step
			}
			w.ix.Put(w.ids[j], pointBound(p), struct{}{})
		}
		b.StopTimer()
		for j := range min(b.N, benchPoints) {
			w.ix.Put(w.ids[j], w.bounds[j], struct{}{})
		}
	})

	// The naive structure updates a map entry and is therefore much faster
	// to write, but it has no search: every query scans it (see
	// BenchmarkSearch/naive). The ratio that matters is the search one; this
	// shows what the index's writes cost for it.
	b.Run("naive", func(b *testing.B) {
		w := benchData(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			j := i % benchPoints
			p := w.points[j]
			if (i/benchPoints)%2 == 0 {
				p[1] += step
			}
			w.byID[w.ids[j]] = pointBound(p)
		}
		b.StopTimer()
		for j := range min(b.N, benchPoints) {
			w.byID[w.ids[j]] = w.bounds[j]
		}
	})
}
