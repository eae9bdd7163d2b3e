package heat

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// regionBound is a square of about 48,000 km² over central Chongqing:
// covered at resolution 8 it has as many cells as the demo's forest (about
// 65,000, see data/demo's TestFuel).
var regionBound = orb.Bound{Min: orb.Point{106.0, 29.0}, Max: orb.Point{108.28, 30.98}}

var benchStart = time.Date(2026, 3, 20, 14, 0, 0, 0, time.UTC)

// regionCells covers regionBound once per process.
var regionCells = sync.OnceValues(func() ([]cells.Cell, error) { return cells.Cover(regionBound, 8, cells.Centre) })

// benchGrid returns a synthetic grid of the demo's size: 38 districts in
// strips of longitude, fuel from a fixed-seed generator, the weather of a
// dry day varying by district, recomputed once.
func benchGrid(b *testing.B) (*Grid, []cells.Cell) {
	b.Helper()
	cs, err := regionCells()
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(42, 42))
	g := New(Options{})
	w := (regionBound.Max[0] - regionBound.Min[0]) / 38
	for _, c := range cs {
		d := int((c.Center()[0] - regionBound.Min[0]) / w)
		if err := g.SetFuel(c, 0.3+0.7*r.Float64(), fmt.Sprint(500100+min(d, 37))); err != nil {
			b.Fatal(err)
		}
	}
	for d := range 38 {
		wx := Weather{TempC: 15 + float64(d%7), RH: 35 + float64(d%5)*5, WindKmh: 10, DaysSinceRain: 3 + d%6}
		if _, err := g.SetWeather(fmt.Sprint(500100+d), wx, benchStart); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := g.Recompute(benchStart); err != nil {
		b.Fatal(err)
	}
	return g, cs
}

// BenchmarkRecompute is the full recompute of the region, once a minute.
func BenchmarkRecompute(b *testing.B) {
	g, cs := benchGrid(b)
	b.ReportMetric(float64(len(cs)), "cells")
	b.ReportAllocs()
	now := benchStart
	for b.Loop() {
		now = now.Add(time.Minute)
		if _, err := g.Recompute(now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecomputeNaive is the baseline without the stored tree: every
// cell evaluated, then the parents found (H3 cellToParent) and summed in
// maps.
func BenchmarkRecomputeNaive(b *testing.B) {
	g, _ := benchGrid(b)
	b.ReportAllocs()
	now := benchStart
	type sums struct {
		n          int
		score, max float64
	}
	for b.Loop() {
		now = now.Add(time.Minute)
		for i := range g.leaves {
			g.evalLeaf(int32(i), now.UnixNano())
		}
		for _, res := range g.o.Parents {
			m := map[cells.Cell]*sums{}
			for i := range g.leaves {
				p, _ := g.leaves[i].cell.Parent(res)
				s := m[p]
				if s == nil {
					s = &sums{max: -1}
					m[p] = s
				}
				s.n++
				s.score += g.leaves[i].ev.score
				s.max = max(s.max, g.leaves[i].ev.score)
			}
		}
	}
}

// benchFixes returns fixes of 10,000 subjects spread over the grid, each
// moving about 100 m between fixes.
func benchFixes(cs []cells.Cell) (names []string, points []orb.Point) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 10_000 {
		names = append(names, fmt.Sprint("subject-", i))
		p := cs[r.IntN(len(cs))].Center()
		for range 16 {
			p = orb.Point{p[0] + (r.Float64()-0.5)*0.002, p[1] + (r.Float64()-0.5)*0.002}
			points = append(points, p)
		}
	}
	return names, points
}

// BenchmarkPresence is one fix: the subject's previous cell credited and
// evaluated, and its parents updated.
func BenchmarkPresence(b *testing.B) {
	g, cs := benchGrid(b)
	names, points := benchFixes(cs)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := benchStart.Add(time.Duration(i) * time.Millisecond)
		if err := g.Presence(names[i%len(names)], points[i%len(points)], at); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPresenceNaive is the baseline that recomputes the grid after
// every fix.
func BenchmarkPresenceNaive(b *testing.B) {
	g, cs := benchGrid(b)
	names, points := benchFixes(cs)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := benchStart.Add(time.Duration(i) * time.Millisecond)
		if err := g.Presence(names[i%len(names)], points[i%len(points)], at); err != nil {
			b.Fatal(err)
		}
		if _, err := g.Recompute(at); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAlarm is one alarm: its cell evaluated and its parents updated.
func BenchmarkAlarm(b *testing.B) {
	g, cs := benchGrid(b)
	_, points := benchFixes(cs)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.Alarm(points[i%len(points)], benchStart.Add(time.Duration(i)*time.Millisecond), 1); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAlarmNaive is the baseline that recomputes the grid after every
// alarm.
func BenchmarkAlarmNaive(b *testing.B) {
	g, cs := benchGrid(b)
	_, points := benchFixes(cs)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		at := benchStart.Add(time.Duration(i) * time.Millisecond)
		if _, err := g.Alarm(points[i%len(points)], at, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := g.Recompute(at); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDistricts is the district ranking, for GET /api/v1/heat/districts.
func BenchmarkDistricts(b *testing.B) {
	g, _ := benchGrid(b)
	b.ReportAllocs()
	for b.Loop() {
		if len(g.Districts()) != 38 {
			b.Fatal("districts missing")
		}
	}
}

// BenchmarkCells is a map viewport of about 30 × 20 km at resolution 8,
// and the whole region at resolution 5.
func BenchmarkCells(b *testing.B) {
	g, _ := benchGrid(b)
	view := orb.Bound{Min: orb.Point{107.0, 29.9}, Max: orb.Point{107.3, 30.1}}
	for _, bc := range []struct {
		name  string
		bound orb.Bound
		res   int
	}{{"viewport-res8", view, 8}, {"region-res5", regionBound, 5}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(g.Cells(bc.bound, bc.res)) == 0 {
					b.Fatal("no cells")
				}
			}
		})
	}
}
