package spatial

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// byteReader hands out the fuzzer's bytes, then zeros.
type byteReader []byte

func (r *byteReader) byte() byte {
	if len(*r) == 0 {
		return 0
	}
	b := (*r)[0]
	*r = (*r)[1:]
	return b
}

func (r *byteReader) float() float64 {
	var buf [8]byte
	for i := range buf {
		buf[i] = r.byte()
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(buf[:]))
}

// decodeGeometry turns arbitrary bytes into a small geometry. The first
// byte chooses the type (low 3 bits), whether rings are closed for the
// fuzzer (bit 6: otherwise nearly every ring is merely "not closed") and
// whether positions are raw float64s (bit 7: NaN, ±Inf, out of range) or
// nodes of a 16×16 grid of 1/8° near Chongqing, where collinear edges,
// shared vertices and exact crossings are common.
func decodeGeometry(data []byte) orb.Geometry {
	r := byteReader(data)
	head := r.byte()
	closeRings, raw := head&0x40 != 0, head&0x80 != 0
	position := func() orb.Point {
		if raw {
			return orb.Point{r.float(), r.float()}
		}
		b := r.byte()
		return orb.Point{106 + float64(b&15)/8, 29 + float64(b>>4)/8}
	}
	line := func() []orb.Point {
		ps := make([]orb.Point, r.byte()%12)
		for i := range ps {
			ps[i] = position()
		}
		return ps
	}
	polygon := func() orb.Polygon {
		poly := make(orb.Polygon, r.byte()%4)
		for i := range poly {
			ring := orb.Ring(line())
			if closeRings && len(ring) > 0 {
				ring = append(ring, ring[0])
			}
			poly[i] = ring
		}
		return poly
	}
	switch head & 7 {
	case 0:
		return position()
	case 1:
		return orb.LineString(line())
	case 2:
		return orb.MultiPoint(line())
	case 3:
		return orb.MultiLineString{line(), line()}
	case 4, 5:
		return polygon()
	case 6:
		return orb.MultiPolygon{polygon(), polygon()}
	}
	return orb.Collection{position(), orb.LineString(line()), polygon()}
}

// FuzzValidate feeds Validate arbitrary small geometries. It must never
// panic, must answer with a *GeometryError or nil, and its sweep for
// crossing edges must agree with a check of every pair of edges.
func FuzzValidate(f *testing.F) {
	grid := func(x, y byte) byte { return y<<4 | x }
	f.Add([]byte{0, grid(3, 4)})                                                    // a point
	f.Add([]byte{0x80, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0x3e, 0x40}) // NaN longitude
	f.Add([]byte{1, 1, grid(1, 1)})                                                 // a line of one position
	f.Add([]byte{0x44, 1, 4, grid(0, 0), grid(4, 0), grid(4, 4), grid(0, 4)})       // a square
	f.Add([]byte{0x44, 1, 4, grid(0, 0), grid(4, 4), grid(4, 0), grid(0, 4)})       // a bow-tie
	f.Add([]byte{0x44, 1, 4, grid(0, 0), grid(4, 0), grid(2, 0), grid(2, 4)})       // a spike
	f.Add([]byte{0x04, 1, 4, grid(0, 0), grid(4, 0), grid(4, 4), grid(0, 4)})       // unclosed
	f.Add([]byte{0x44, 2, 4, grid(0, 0), grid(8, 0), grid(8, 8), grid(0, 8),
		4, grid(2, 2), grid(10, 2), grid(10, 4), grid(2, 4)}) // a hole crossing the shell
	f.Add([]byte{0x44, 2, 4, grid(0, 0), grid(8, 0), grid(8, 8), grid(0, 8),
		3, grid(0, 0), grid(3, 1), grid(1, 3)}) // a hole touching the shell at a vertex
	f.Add([]byte{0x46, 1, 3, grid(0, 0), grid(1, 0), grid(0, 1), 1, 3, grid(5, 5), grid(6, 5), grid(5, 6)})
	f.Add([]byte{0x47, grid(1, 1), 2, grid(1, 1), grid(2, 2), 1, 3, grid(0, 0), grid(1, 0), grid(0, 1)})

	f.Fuzz(func(t *testing.T, data []byte) {
		g := decodeGeometry(data)
		err := Validate(g, Limits{MaxVertices: 64})
		if err != nil {
			var ge *GeometryError
			if !errors.As(err, &ge) || !errors.Is(err, ErrInvalidGeometry) {
				t.Fatalf("Validate(%v) = %#v, want a *GeometryError", g, err)
			}
		}
		for _, poly := range polygonsOf(g) {
			if finite(poly) {
				_, _, swept := firstCrossing(poly)
				if paired := anyPairCrosses(poly); swept != paired {
					t.Fatalf("firstCrossing(%v) = %v, every pair says %v", poly, swept, paired)
				}
			}
		}
		if err == nil {
			// A valid geometry is safe to measure.
			p := orb.Point{106.5, 29.5}
			Contains(g, p)
			if d := DistanceTo(p, g); math.IsNaN(d) || d < 0 {
				t.Fatalf("DistanceTo(%v, %v) = %v", p, g, d)
			}
		}
	})
}

func polygonsOf(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Collection:
		var out []orb.Polygon
		for _, m := range g {
			out = append(out, polygonsOf(m)...)
		}
		return out
	}
	return nil
}

func finite(poly orb.Polygon) bool {
	for _, r := range poly {
		for _, p := range r {
			if math.IsNaN(p[0]+p[1]) || math.IsInf(p[0]+p[1], 0) {
				return false
			}
		}
	}
	return true
}

// anyPairCrosses is firstCrossing without the sweep: every pair of
// non-degenerate edges whose x-ranges overlap is judged. (Edges apart in x
// cannot meet; judging them anyway would only test how the floating-point
// orientation tests underflow on coordinates such as 1e-320.)
func anyPairCrosses(poly orb.Polygon) bool {
	var edges []edge
	for ri, r := range poly {
		start := len(edges)
		for i := 0; i+1 < len(r); i++ {
			if r[i] != r[i+1] {
				edges = append(edges, edge{ring: ri, i: i, k: len(edges) - start, a: r[i], b: r[i+1]})
			}
		}
		for j := start; j < len(edges); j++ {
			edges[j].ringSize = len(edges) - start
		}
	}
	for i := range edges {
		for j := i + 1; j < len(edges); j++ {
			e, f := &edges[i], &edges[j]
			if max(e.a[0], e.b[0]) < min(f.a[0], f.b[0]) || max(f.a[0], f.b[0]) < min(e.a[0], e.b[0]) {
				continue
			}
			if bad(e, f) {
				return true
			}
		}
	}
	return false
}

// FuzzBoundDistance checks BoundDistance for any point and box in range:
// never negative or NaN, zero inside, never more than the distance to a
// point of the box, never more than half the globe.
func FuzzBoundDistance(f *testing.F) {
	f.Add(106.5771, 29.5576, 106.0, 29.0, 107.0, 30.0) // inside
	f.Add(108.4085, 30.8078, 106.0, 29.0, 107.0, 30.0) // north-east of a district
	f.Add(0.0, 10.0, 100.0, 0.0, 110.0, 80.0)          // edge more than 90° away
	f.Add(-170.0, 0.0, 20.0, -1.0, 170.0, 1.0)         // nearer edge across the antimeridian
	f.Add(0.0, 90.0, -180.0, -90.0, -179.0, -89.0)     // pole to pole
	f.Add(0.0, 0.0, 180.0, 0.0, 180.0, 0.0)            // antipode
	f.Add(106.5, -30.0, -73.5, 29.0, -73.0, 30.0)      // near-antipodal box
	f.Add(-180.0, 45.0, 179.9, 44.0, 180.0, 46.0)      // ±180 are one meridian
	f.Add(106.0, 29.0, 106.0, 29.0, 106.0, 29.0)       // a point box
	f.Add(0.0, 0.0, -180.0, -90.0, 180.0, 90.0)        // the world
	f.Add(45.0, 0.0, 135.0, 0.0, 135.0, 1.0)           // exactly 90° away
	f.Add(45.0, -0.0, 135.0, -1.0, 135.0, 1.0)         // 90° away, box across the equator
	f.Fuzz(func(t *testing.T, lon, lat, lon1, lat1, lon2, lat2 float64) {
		for _, v := range []float64{lon, lat, lon1, lat1, lon2, lat2} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return
			}
		}
		if math.Abs(lon) > 180 || math.Abs(lon1) > 180 || math.Abs(lon2) > 180 ||
			math.Abs(lat) > 90 || math.Abs(lat1) > 90 || math.Abs(lat2) > 90 {
			return
		}
		p := orb.Point{lon, lat}
		b := orb.Bound{Min: orb.Point{min(lon1, lon2), min(lat1, lat2)}, Max: orb.Point{max(lon1, lon2), max(lat1, lat2)}}
		d := BoundDistance(p, b)
		if math.IsNaN(d) || d < 0 {
			t.Fatalf("BoundDistance(%v, %v) = %v", p, b, d)
		}
		if d > math.Pi*EarthRadius+1e-6 {
			t.Fatalf("BoundDistance(%v, %v) = %v, more than half the globe", p, b, d)
		}
		if b.Contains(p) && d != 0 {
			t.Fatalf("BoundDistance(%v, %v) = %v for a point inside", p, b, d)
		}
		clampLon, clampLat := max(b.Min[0], min(b.Max[0], lon)), max(b.Min[1], min(b.Max[1], lat))
		for _, q := range []orb.Point{
			b.Min, b.Max, {b.Min[0], b.Max[1]}, {b.Max[0], b.Min[1]}, b.Center(),
			{clampLon, clampLat}, {b.Min[0], clampLat}, {b.Max[0], clampLat},
			{clampLon, b.Min[1]}, {clampLon, b.Max[1]},
		} {
			// Haversine is good to ~0.1 m near the antipode, so allow a
			// relative slack far away and a millimetre near.
			if dq := Distance(p, q); d > dq*(1+1e-7)+1e-3 {
				t.Fatalf("BoundDistance(%v, %v) = %v, but %v in the box is %v away", p, b, d, q, dq)
			}
		}
	})
}
