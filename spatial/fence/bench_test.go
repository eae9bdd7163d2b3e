package fence

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// The benchmarks share one engine of 100,000 zones over Chongqing, built
// once per process from a fixed seed and excluded from every timing:
//
//   - 2,300 allowed areas of supervised people in 渝中区, circles and
//     polygons of 300–1,500 m, one person each, a third with a night
//     curfew, some with a warning ring and a dwell;
//   - one jurisdiction for 663 official vehicles over 江北区;
//   - 97,699 exclusion zones for everyone (venues, listed places): circles
//     and polygons of 30–300 m, 40% in the central urban districts and the
//     rest over the whole municipality, some with a warning ring, office
//     hours or a MaxInside.
//
// Fixes come from the 2,963 subjects moving every 30 s: people walking about
// their homes (and now and then out), vehicles driving across 江北区. Each
// subject walks a fixed path out and back, so fixes repeat places but never
// times. The naive baseline is the same engine scanning every zone's bound
// instead of searching the index; their ratio is what to read.

const (
	benchPeople   = 2300
	benchVehicles = 663
	benchZones    = 100_000
	benchPath     = 64 // fixes per subject before its path repeats
)

var (
	yuzhong   = orb.Bound{Min: orb.Point{106.49, 29.535}, Max: orb.Point{106.595, 29.575}}
	jiangbei  = orb.Bound{Min: orb.Point{106.48, 29.58}, Max: orb.Point{106.80, 29.75}}
	urban     = orb.Bound{Min: orb.Point{106.35, 29.40}, Max: orb.Point{106.75, 29.75}}
	chongqing = orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.19, 32.20}}
)

type benchWorld struct {
	e        *Engine
	subjects []string
	paths    [][]Fix // per subject, benchPath fixes (their times are offsets)
	spare    []Zone  // exclusion zones not in the engine, for BenchmarkPut
	step     int     // fixes taken so far, so that times only move forward
}

var (
	benchOnce sync.Once
	bench     *benchWorld
)

func benchData(b *testing.B) *benchWorld {
	b.Helper()
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(2026, 1123))
		w := &benchWorld{e: New()}
		put := func(z Zone) {
			if err := w.e.Put(z); err != nil {
				panic(err)
			}
		}
		homes := make([]orb.Point, benchPeople)
		for i := range benchPeople {
			id := "person-" + strconv.Itoa(i)
			homes[i] = pointIn(r, yuzhong)
			z := Zone{ID: "home-" + id, Kind: Inclusion, Subjects: []string{id}}
			shapeAround(r, &z, homes[i], 300+r.Float64()*1200)
			if i%3 == 0 {
				z.Schedule = Schedule{Location: ChinaStandardTime, Windows: []Window{{Start: 22 * time.Hour, End: 6 * time.Hour}}}
			}
			if i%4 == 0 {
				z.Warn, z.Dwell, z.DwellFixes = 50, time.Minute, 2
			}
			put(z)
			w.subjects = append(w.subjects, id)
		}
		var vehicles []string
		for i := range benchVehicles {
			vehicles = append(vehicles, "vehicle-"+strconv.Itoa(i))
		}
		put(Zone{ID: "jurisdiction-jiangbei", Kind: Inclusion, Shape: orb.Polygon{boundRing(jiangbei)}, Subjects: vehicles})
		for i := range benchZones - benchPeople - 1 + 1000 {
			area := chongqing
			if i%5 < 2 {
				area = urban
			}
			z := Zone{ID: "venue-" + strconv.Itoa(i), Kind: Exclusion}
			shapeAround(r, &z, pointIn(r, area), 30+r.Float64()*270)
			switch i % 10 {
			case 1:
				z.Warn = 100
			case 2:
				z.Schedule = Schedule{Location: ChinaStandardTime, Windows: []Window{{Days: Weekdays, Start: 8*time.Hour + 30*time.Minute, End: 17*time.Hour + 30*time.Minute}}}
			case 3:
				z.MaxInside = 20 * time.Minute
			}
			if i >= benchZones-benchPeople-1 {
				w.spare = append(w.spare, z)
				continue
			}
			put(z)
		}
		for i, id := range w.subjects {
			w.paths = append(w.paths, walk(r, id, homes[i], 10, 60))
		}
		for _, id := range vehicles {
			w.subjects = append(w.subjects, id)
			w.paths = append(w.paths, walk(r, id, pointIn(r, jiangbei), 150, 450))
		}
		bench = w
	})
	if bench.e.Len() != benchZones {
		b.Fatalf("%d zones, want %d", bench.e.Len(), benchZones)
	}
	return bench
}

// all returns every zone of the engine, in ID order.
func (w *benchWorld) all() []*zone {
	zs := make([]*zone, 0, len(w.e.zones))
	for _, z := range w.e.zones {
		zs = append(zs, z)
	}
	slices.SortFunc(zs, func(a, b *zone) int { return cmp.Compare(a.ID, b.ID) })
	return zs
}

// next returns the world's next fix: subjects in turn, 30 s apart each.
func (w *benchWorld) next() Fix {
	n := len(w.subjects)
	s, k := w.step%n, w.step/n
	f := w.paths[s][k%benchPath]
	f.Time = benchStart.Add(time.Duration(k)*30*time.Second + time.Duration(s)*time.Millisecond)
	w.step++
	return f
}

var benchStart = time.Date(2026, 11, 23, 7, 0, 0, 0, ChinaStandardTime)

// walk returns a path of benchPath fixes from p, out on a meandering course
// with steps of lo–hi metres and back the same way.
func walk(r *rand.Rand, id string, p orb.Point, lo, hi float64) []Fix {
	path := make([]Fix, benchPath)
	heading := r.Float64() * 360
	for i := range benchPath / 2 {
		path[i] = Fix{Subject: id, Point: p, Accuracy: 5 + r.Float64()*45}
		heading += r.NormFloat64() * 30
		p = spatial.Destination(p, heading, lo+r.Float64()*(hi-lo))
	}
	for i := benchPath / 2; i < benchPath; i++ {
		path[i] = path[benchPath-1-i]
	}
	return path
}

// shapeAround makes z a circle or an irregular polygon of about radius
// metres around c.
func shapeAround(r *rand.Rand, z *Zone, c orb.Point, radius float64) {
	if r.IntN(2) == 0 {
		z.Shape, z.Radius = c, radius
		return
	}
	n := 8 + r.IntN(9)
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		ring = append(ring, spatial.Destination(c, float64(i)*360/float64(n), radius*(0.6+0.4*r.Float64())))
	}
	z.Shape = orb.Polygon{append(ring, ring[0])}
}

func pointIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
}

func boundRing(b orb.Bound) orb.Ring {
	return orb.Ring{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}, b.Min}
}

func BenchmarkObserve(b *testing.B) {
	for _, mode := range []string{"index", "naive"} {
		b.Run(mode, func(b *testing.B) {
			w := benchData(b)
			if mode == "naive" {
				w.e.linear = w.all()
				defer func() { w.e.linear = nil }()
			}
			lat := make([]time.Duration, 0, min(b.N, 1<<20))
			events := 0
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				f := w.next()
				start := time.Now()
				events += len(w.e.Observe(f))
				if len(lat) < cap(lat) {
					lat = append(lat, time.Since(start))
				}
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(events)/float64(b.N), "events/op")
		})
	}
}

func BenchmarkTick(b *testing.B) {
	w := benchData(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		f := w.next()
		w.e.Observe(f)
		w.e.Tick(f.Time)
	}
}

func BenchmarkPut(b *testing.B) {
	// About 50 m of latitude.
	const shift = 50 / (spatial.EarthRadius * math.Pi / 180)
	b.Run("new", func(b *testing.B) {
		w := benchData(b)
		zs := make([]Zone, b.N)
		for i := range zs {
			zs[i] = w.spare[i%len(w.spare)]
			zs[i].ID = "new-" + strconv.Itoa(i)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if err := w.e.Put(zs[i]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		for _, z := range zs { // leave the world as the other benchmarks expect it
			w.e.Delete(z.ID)
		}
	})
	b.Run("replace", func(b *testing.B) {
		w := benchData(b)
		var orig []Zone
		for _, z := range w.all() {
			if z.Kind == Exclusion && len(orig) < 4096 {
				orig = append(orig, z.Zone)
			}
		}
		moved := make([]Zone, len(orig))
		for i, z := range orig {
			moved[i] = z
			moved[i].Shape = orb.Clone(z.Shape)
			switch g := moved[i].Shape.(type) {
			case orb.Point:
				moved[i].Shape = orb.Point{g[0], g[1] + shift}
			case orb.Polygon:
				for j := range g[0] {
					g[0][j][1] += shift
				}
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if err := w.e.Put(moved[i%len(moved)]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		for _, z := range orig {
			if err := w.e.Put(z); err != nil {
				b.Fatal(err)
			}
		}
	})
}
