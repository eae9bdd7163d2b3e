package track

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// benchPoints is the length of every benchmark track.
const benchPoints = 100_000

// vehicleTrack returns n fixes of an official vehicle from a fixed seed:
// drives of 2–20 minutes at 8–15 m/s with a fix every 10 s and a wandering
// heading that turns back towards the centre beyond 8 km of it, then parks
// of 5–90 minutes with a fix every 30 s jittering by about 8 m, over and
// over (some 40 days of fixes for 100,000).
func vehicleTrack(n int) []Point {
	r := rand.New(rand.NewPCG(20261123, 1))
	f := spatial.NewFrame(orb.Point{106.55, 29.56})
	pts := make([]Point, 0, n)
	at, x, y, heading := t0, 0.0, 0.0, 0.0
	for len(pts) < n {
		for range (2 + r.IntN(19)) * 6 {
			heading += r.NormFloat64() * 0.3
			if math.Hypot(x, y) > 8000 {
				heading = math.Atan2(-y, -x) + r.NormFloat64()*0.5
			}
			v := 8 + r.Float64()*7
			x, y = x+v*10*math.Cos(heading), y+v*10*math.Sin(heading)
			at = at.Add(10 * time.Second)
			pts = append(pts, Point{At: at, Point: f.LonLat(x, y)})
		}
		for range (5 + r.IntN(86)) * 2 {
			at = at.Add(30 * time.Second)
			pts = append(pts, Point{At: at, Point: f.LonLat(x+r.NormFloat64()*8, y+r.NormFloat64()*8)})
		}
	}
	return pts[:n]
}

// walkerTrack returns n fixes a second apart of someone strolling at
// 0.5–1.5 m/s and never stopping: the hardest case for Segments, which
// measures every fix against the ~50 fixes after it within the radius.
func walkerTrack(n int) []Point {
	r := rand.New(rand.NewPCG(20261123, 2))
	f := spatial.NewFrame(orb.Point{106.55, 29.56})
	pts := make([]Point, n)
	x, y, heading := 0.0, 0.0, 0.0
	for i := range pts {
		heading += r.NormFloat64() * 0.1
		v := 0.5 + r.Float64()
		x, y = x+v*math.Cos(heading), y+v*math.Sin(heading)
		pts[i] = Point{At: t0.Add(time.Duration(i) * time.Second), Point: f.LonLat(x, y)}
	}
	return pts
}

func BenchmarkSegments(b *testing.B) {
	for _, bc := range []struct {
		name string
		pts  []Point
	}{
		{"vehicle", vehicleTrack(benchPoints)},
		{"walker", walkerTrack(benchPoints)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var segs []Segment
			for b.Loop() {
				segs = Segments(bc.pts, DefaultStop)
			}
			b.ReportMetric(float64(len(segs)), "segments")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchPoints, "ns/point")
		})
	}
}

// benchArea is a disc of 3 km radius (256 vertices) with a hole of 1 km
// (64 vertices) in the middle of the vehicle's wanderings, and a second
// disc of 1 km beside it.
func benchArea() *Area {
	c := orb.Point{106.55, 29.56}
	disc := spatial.Circle(c, 3000, 256)
	hole := spatial.Circle(c, 1000, 64)
	return NewArea(orb.MultiPolygon{{disc[0], hole[0]}, spatial.Circle(spatial.Destination(c, 90, 6000), 1000, 64)})
}

func BenchmarkVisits(b *testing.B) {
	pts := vehicleTrack(benchPoints)
	area := benchArea()
	w := Window{From: pts[0].At, To: pts[len(pts)-1].At}
	for _, bc := range []struct {
		name   string
		within time.Duration
	}{
		{"at fixes", 0},
		{"interpolated", time.Minute},
	} {
		b.Run(bc.name, func(b *testing.B) {
			w.InterpolateWithin = bc.within
			b.ReportAllocs()
			var vs []Visit
			for b.Loop() {
				vs = Visits(pts, area, w)
			}
			b.ReportMetric(float64(len(vs)), "visits")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchPoints, "ns/point")
		})
	}
}

func BenchmarkParsePolygon(b *testing.B) {
	yuzhong := testdata(b, "yuzhong.txt")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePolygon(yuzhong, 0); err != nil {
			b.Fatal(err)
		}
	}
}
