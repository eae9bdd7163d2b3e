package spatial_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestDistance(t *testing.T) {
	oneDegree := spatial.EarthRadius * math.Pi / 180
	tests := []struct {
		name string
		a, b orb.Point
		want float64
		tol  float64
	}{
		{"解放碑 to 万州", jiefangbei, wanzhou, vincenty(jiefangbei, wanzhou), 0.001},
		{"zero distance", jiefangbei, jiefangbei, 0, 0},
		{"one degree along the equator", orb.Point{0, 0}, orb.Point{1, 0}, oneDegree, 1e-6},
		{"one degree along a meridian", orb.Point{106.5, 29}, orb.Point{106.5, 30}, oneDegree, 1e-6},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, oneDegree, 1e-6},
		// Haversine loses half its digits near the antipode (asin near 1); a
		// metre out of 20,000 km is still far better than anything needs.
		{"antipodes", jiefangbei, orb.Point{jiefangbei[0] - 180, -jiefangbei[1]}, math.Pi * spatial.EarthRadius, 1},
		{"pole to pole", orb.Point{0, 90}, orb.Point{0, -90}, math.Pi * spatial.EarthRadius, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spatial.Distance(tt.a, tt.b); !near(got, tt.want, tt.tol) {
				t.Errorf("Distance(%v, %v) = %.6f m, want %.6f ± %g", tt.a, tt.b, got, tt.want, tt.tol)
			}
			if got, back := spatial.Distance(tt.a, tt.b), spatial.Distance(tt.b, tt.a); got != back {
				t.Errorf("Distance is not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func TestDistanceJiefangbeiWanzhouIsAbout225km(t *testing.T) {
	// The figure people quote for the straight line from the city centre to
	// Wanzhou; it guards against a unit slip (degrees vs radians, km vs m)
	// that an identical reference formula would share.
	if got := spatial.Distance(jiefangbei, wanzhou); !near(got, 225e3, 5e3) {
		t.Errorf("Distance(解放碑, 万州) = %.0f m, want about 225 km", got)
	}
}

func TestDistanceAgreesWithVincenty(t *testing.T) {
	r := newRand(1)
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for range 10000 {
		a, b := pointIn(r, world), pointIn(r, world)
		if got, want := spatial.Distance(a, b), vincenty(a, b); !near(got, want, 0.1) {
			t.Fatalf("Distance(%v, %v) = %.4f, Vincenty says %.4f", a, b, got, want)
		}
		a, b = pointIn(r, chongqing), pointIn(r, chongqing)
		if got, want := spatial.Distance(a, b), vincenty(a, b); !near(got, want, 1e-6) {
			t.Fatalf("Distance(%v, %v) = %.9f, Vincenty says %.9f", a, b, got, want)
		}
	}
}

func TestBearing(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64
		tol  float64
	}{
		{"due north", orb.Point{106.5, 29.5}, orb.Point{106.5, 30.5}, 0, 0},
		{"due south", orb.Point{106.5, 29.5}, orb.Point{106.5, 28.5}, 180, 0},
		{"due east on the equator", orb.Point{0, 0}, orb.Point{1, 0}, 90, 1e-12},
		{"due west on the equator", orb.Point{0, 0}, orb.Point{-1, 0}, 270, 1e-12},
		// Away from the equator a great circle heading for a point on the
		// same parallel starts slightly poleward of east or west.
		{"east along a parallel in Chongqing", orb.Point{106.5, 29.5}, orb.Point{106.6, 29.5}, 89.975, 0.001},
		{"west along a parallel in Chongqing", orb.Point{106.5, 29.5}, orb.Point{106.4, 29.5}, 270.025, 0.001},
		{"just west of north wraps below 360", orb.Point{106.5, 29.5}, orb.Point{106.4999, 30.5}, bearingByVectors(orb.Point{106.5, 29.5}, orb.Point{106.4999, 30.5}), 1e-9},
		{"east across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, 90, 1e-12},
		{"same point", jiefangbei, jiefangbei, 0, 0},
		{"解放碑 to 万州", jiefangbei, wanzhou, bearingByVectors(jiefangbei, wanzhou), 1e-9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spatial.Bearing(tt.a, tt.b); !near(got, tt.want, tt.tol) {
				t.Errorf("Bearing(%v, %v) = %.6f°, want %.6f ± %g", tt.a, tt.b, got, tt.want, tt.tol)
			}
		})
	}
}

func TestBearingIsInRange(t *testing.T) {
	// A bearing a hair west of north is -1e-14° before normalisation; adding
	// 360 to it rounds to exactly 360, which is out of range.
	hair := orb.Point{math.Nextafter(jiefangbei[0], 0), 60}
	if got := spatial.Bearing(jiefangbei, hair); got < 0 || got >= 360 {
		t.Errorf("Bearing(%v, %v) = %v, want [0, 360)", jiefangbei, hair, got)
	}
	r := newRand(2)
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	for range 10000 {
		a, b := pointIn(r, world), pointIn(r, world)
		if got := spatial.Bearing(a, b); got < 0 || got >= 360 {
			t.Fatalf("Bearing(%v, %v) = %v, want [0, 360)", a, b, got)
		}
	}
}

func TestDestination(t *testing.T) {
	oneDegree := spatial.EarthRadius * math.Pi / 180
	tests := []struct {
		name    string
		from    orb.Point
		bearing float64
		dist    float64
		want    orb.Point
	}{
		{"nowhere", jiefangbei, 123, 0, jiefangbei},
		{"one degree north", orb.Point{106.5, 29.5}, 0, oneDegree, orb.Point{106.5, 30.5}},
		{"one degree east on the equator", orb.Point{0, 0}, 90, oneDegree, orb.Point{1, 0}},
		{"one degree south", orb.Point{106.5, 29.5}, 180, oneDegree, orb.Point{106.5, 28.5}},
		{"over the antimeridian", orb.Point{179.5, 0}, 90, oneDegree, orb.Point{-179.5, 0}},
		{"bearing 450 is east", orb.Point{0, 0}, 450, oneDegree, orb.Point{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spatial.Destination(tt.from, tt.bearing, tt.dist)
			if d := spatial.Distance(got, tt.want); d > 1e-6 {
				t.Errorf("Destination(%v, %v, %v) = %v, want %v (%.3g m off)", tt.from, tt.bearing, tt.dist, got, tt.want, d)
			}
		})
	}
}

func TestDestinationRoundTrip(t *testing.T) {
	r := newRand(3)
	for range 10000 {
		p, q := pointIn(r, chongqing), pointIn(r, chongqing)
		got := spatial.Destination(p, spatial.Bearing(p, q), spatial.Distance(p, q))
		if d := spatial.Distance(got, q); d > 1 {
			t.Fatalf("Destination(%v, Bearing, Distance) = %v, want %v (%.3f m off)", p, got, q, d)
		}
	}
}

func TestBoundDistance(t *testing.T) {
	box := orb.Bound{Min: orb.Point{106, 29}, Max: orb.Point{107, 30}}
	tests := []struct {
		name string
		p    orb.Point
		want float64
	}{
		{"inside", orb.Point{106.5, 29.5}, 0},
		{"on an edge", orb.Point{106, 29.5}, 0},
		{"on a corner", orb.Point{107, 30}, 0},
		{"due south", orb.Point{106.5, 28.5}, spatial.Distance(orb.Point{106.5, 28.5}, orb.Point{106.5, 29})},
		{"due north", orb.Point{106.5, 31}, spatial.Distance(orb.Point{106.5, 31}, orb.Point{106.5, 30})},
		{"south-west of the corner", orb.Point{105, 28}, spatial.Distance(orb.Point{105, 28}, orb.Point{106, 29})},
		// East of the box at the latitude of its top edge the nearest point
		// is the top-right corner, not the point due west.
		{"east at the top", orb.Point{108, 30}, spatial.Distance(orb.Point{108, 30}, orb.Point{107, 30})},
		// Mid-height, the foot of the perpendicular to the meridian lies a
		// little poleward: tan φ = tan 29.5° / cos 1°.
		{"due east", orb.Point{108, 29.5}, spatial.Distance(orb.Point{108, 29.5},
			orb.Point{107, math.Atan(math.Tan(29.5*math.Pi/180)/math.Cos(math.Pi/180)) * 180 / math.Pi})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spatial.BoundDistance(tt.p, box); !near(got, tt.want, 1e-6) {
				t.Errorf("BoundDistance(%v, %v) = %.6f, want %.6f", tt.p, box, got, tt.want)
			}
		})
	}
}

// TestBoundDistanceNeverOverestimates is the property the nearest search
// rests on: no point of a box is closer than BoundDistance says.
func TestBoundDistanceNeverOverestimates(t *testing.T) {
	around := chongqing.Pad(1)
	world := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	tests := []struct {
		name   string
		points orb.Bound // where p and the boxes' corners are drawn from
		maxDeg float64   // the largest side of a box
	}{
		{"small boxes around Chongqing", around, 0.05},
		{"district-sized boxes around Chongqing", around, 1},
		{"boxes as large as Chongqing", around, 5},
		// Far and wide boxes exercise the cases that a city never meets
		// but a tree's root node might: the nearest edge more than 90° of
		// longitude away, and the nearer edge across the antimeridian.
		{"boxes anywhere", world, 60},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRand(uint64(10 + i))
			for range 500 {
				b := boxAround(r, tt.points, tt.maxDeg)
				b.Max = orb.Point{min(b.Max[0], 180), min(b.Max[1], 90)}
				p := pointIn(r, tt.points)
				d := spatial.BoundDistance(p, b)
				if d < 0 || math.IsNaN(d) {
					t.Fatalf("BoundDistance(%v, %v) = %v", p, b, d)
				}
				if b.Contains(p) && d != 0 {
					t.Fatalf("BoundDistance(%v, %v) = %v for a point inside", p, b, d)
				}
				for range 100 {
					q := pointIn(r, b)
					if dq := spatial.Distance(p, q); d > dq+1e-6 {
						t.Fatalf("BoundDistance(%v, %v) = %.3f but %v in the box is %.3f away", p, b, d, q, dq)
					}
				}
				for _, q := range boundarySample(b, 50) {
					if dq := spatial.Distance(p, q); d > dq+1e-6 {
						t.Fatalf("BoundDistance(%v, %v) = %.3f but %v on the boundary is %.3f away", p, b, d, q, dq)
					}
				}
			}
		})
	}
}

// TestBoundDistanceIsTight checks the other half: BoundDistance is the
// distance to the nearest point of the box, not just any lower bound (a
// loose bound would make the nearest search visit more of the tree).
func TestBoundDistanceIsTight(t *testing.T) {
	r := newRand(20)
	around := chongqing.Pad(1)
	for range 300 {
		b := boxAround(r, around, 1)
		p := pointIn(r, around)
		if b.Contains(p) {
			continue
		}
		if got, want := spatial.BoundDistance(p, b), boundaryMin(p, b); !near(got, want, 1) {
			t.Fatalf("BoundDistance(%v, %v) = %.3f, nearest boundary point is %.3f away", p, b, got, want)
		}
	}
}

// boundarySample returns n points spread along each edge of b.
func boundarySample(b orb.Bound, n int) []orb.Point {
	var out []orb.Point
	for i := range n {
		t := float64(i) / float64(n)
		lon := b.Min[0] + t*(b.Max[0]-b.Min[0])
		lat := b.Min[1] + t*(b.Max[1]-b.Min[1])
		out = append(out, orb.Point{lon, b.Min[1]}, orb.Point{lon, b.Max[1]},
			orb.Point{b.Min[0], lat}, orb.Point{b.Max[0], lat})
	}
	return append(out, b.Max)
}

// boundaryMin is the distance from p to the nearest point of b's boundary,
// found by brute force: a dense sample of each edge, refined around the
// best sample by ternary search.
func boundaryMin(p orb.Point, b orb.Bound) float64 {
	sw, se := b.Min, orb.Point{b.Max[0], b.Min[1]}
	nw, ne := orb.Point{b.Min[0], b.Max[1]}, b.Max
	return min(edgeMin(p, sw, se), edgeMin(p, se, ne), edgeMin(p, ne, nw), edgeMin(p, nw, sw))
}

// edgeMin is the least distance from p to the box edge from a to c (a
// meridian or a parallel, both straight in longitude/latitude).
func edgeMin(p, a, c orb.Point) float64 {
	at := func(t float64) float64 {
		return spatial.Distance(p, orb.Point{a[0] + t*(c[0]-a[0]), a[1] + t*(c[1]-a[1])})
	}
	const n = 1000
	best, bestD := 0, at(0)
	for i := 1; i <= n; i++ {
		if d := at(float64(i) / n); d < bestD {
			best, bestD = i, d
		}
	}
	lo, hi := max(0, float64(best-1)/n), min(1, float64(best+1)/n)
	for range 60 {
		m1, m2 := lo+(hi-lo)/3, hi-(hi-lo)/3
		if at(m1) < at(m2) {
			hi = m2
		} else {
			lo = m1
		}
	}
	return min(at(lo), bestD)
}

// bearingByVectors is the initial great-circle bearing from a to b in
// degrees, computed with 3-D unit vectors instead of spherical trigonometry:
// the direction to b, resolved along the local east and north at a.
func bearingByVectors(a, b orb.Point) float64 {
	const rad = math.Pi / 180
	unit := func(p orb.Point) [3]float64 {
		lon, lat := p[0]*rad, p[1]*rad
		return [3]float64{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
	}
	dot := func(u, v [3]float64) float64 { return u[0]*v[0] + u[1]*v[1] + u[2]*v[2] }
	lon, lat := a[0]*rad, a[1]*rad
	east := [3]float64{-math.Sin(lon), math.Cos(lon), 0}
	north := [3]float64{-math.Sin(lat) * math.Cos(lon), -math.Sin(lat) * math.Sin(lon), math.Cos(lat)}
	vb := unit(b)
	deg := math.Atan2(dot(vb, east), dot(vb, north)) / rad
	if deg < 0 {
		deg += 360
	}
	return deg
}
