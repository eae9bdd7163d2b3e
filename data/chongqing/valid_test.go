package chongqing

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// validate reports the first reason mp is not a valid multipolygon in the strict
// sense used here: every ring closed with at least 4 points and no repeated
// consecutive points, exteriors counter-clockwise and holes clockwise (RFC 7946),
// holes inside their shell, and no two edges of the whole multipolygon touching or
// crossing, except consecutive edges of one ring at their shared vertex and edges
// of different rings that meet only at a shared vertex (which OGC Simple Features
// allows: a hole touching its shell, or two parts touching, at a point). That
// rules out self-intersections, self-touching rings, spikes, slivers that collapse
// to lines, and overlapping parts. It returns nil for a valid multipolygon.
func validate(mp orb.MultiPolygon) error {
	var segs []seg
	for pi, p := range mp {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d has no rings", pi)
		}
		for ri, r := range p {
			if len(r) < 4 {
				return fmt.Errorf("polygon %d ring %d has %d points", pi, ri, len(r))
			}
			if r[0] != r[len(r)-1] {
				return fmt.Errorf("polygon %d ring %d is not closed", pi, ri)
			}
			for i := 0; i+1 < len(r); i++ {
				if r[i] == r[i+1] {
					return fmt.Errorf("polygon %d ring %d repeats point %v", pi, ri, r[i])
				}
				segs = append(segs, seg{a: r[i], b: r[i+1], ring: len(segs) - i, i: i, n: len(r) - 1})
			}
			a := ringArea(r)
			if ri == 0 && a <= 0 {
				return fmt.Errorf("polygon %d exterior is not counter-clockwise", pi)
			}
			if ri > 0 && a >= 0 {
				return fmt.Errorf("polygon %d hole %d is not clockwise", pi, ri)
			}
			if ri > 0 && !planar.RingContains(p[0], r[0]) {
				return fmt.Errorf("polygon %d hole %d is outside its shell", pi, ri)
			}
		}
	}
	// Sweep over the edges sorted by their smallest x.
	sort.Slice(segs, func(i, j int) bool { return segs[i].minX() < segs[j].minX() })
	for i := range segs {
		s := &segs[i]
		for j := i + 1; j < len(segs) && segs[j].minX() <= s.maxX(); j++ {
			t := &segs[j]
			if math.Min(s.a[1], s.b[1]) > math.Max(t.a[1], t.b[1]) || math.Min(t.a[1], t.b[1]) > math.Max(s.a[1], s.b[1]) {
				continue
			}
			if s.adjacent(t) {
				if collinearOverlap(s, t) {
					return fmt.Errorf("spike at %v", shared(s, t))
				}
				continue
			}
			if s.ring != t.ring && touchAtVertex(s, t) {
				continue
			}
			if intersects(s.a, s.b, t.a, t.b) {
				return fmt.Errorf("edges %v–%v and %v–%v intersect", s.a, s.b, t.a, t.b)
			}
		}
	}
	// With no crossing edges, a part lies wholly inside or outside another, apart
	// from shared vertices; test with a vertex that is not shared.
	for pi, p := range mp {
		for qi, q := range mp {
			if pi == qi {
				continue
			}
			if pt, ok := unshared(p[0], q); ok && planar.RingContains(q[0], pt) && !inAnyHole(q, pt) {
				return fmt.Errorf("polygon %d lies inside polygon %d", pi, qi)
			}
		}
	}
	return nil
}

// unshared returns a vertex of r that is not a vertex of any ring of q.
func unshared(r orb.Ring, q orb.Polygon) (orb.Point, bool) {
	shared := map[orb.Point]bool{}
	for _, qr := range q {
		for _, pt := range qr {
			shared[pt] = true
		}
	}
	for _, pt := range r {
		if !shared[pt] {
			return pt, true
		}
	}
	return orb.Point{}, false
}

// seg is one edge: i is its index within a ring of n edges starting at ring.
type seg struct {
	a, b       orb.Point
	ring, i, n int
}

func (s *seg) minX() float64 { return math.Min(s.a[0], s.b[0]) }
func (s *seg) maxX() float64 { return math.Max(s.a[0], s.b[0]) }

// adjacent reports whether s and t are consecutive edges of one ring.
func (s *seg) adjacent(t *seg) bool {
	if s.ring != t.ring {
		return false
	}
	d := (s.i - t.i + s.n) % s.n
	return d == 1 || d == s.n-1
}

// touchAtVertex reports whether s and t meet only at one shared end point.
func touchAtVertex(s, t *seg) bool {
	if s.a != t.a && s.a != t.b && s.b != t.a && s.b != t.b {
		return false
	}
	if s.a == t.a && s.b == t.b || s.a == t.b && s.b == t.a {
		return false
	}
	c := shared(s, t)
	u, v := s.a, t.a
	if u == c {
		u = s.b
	}
	if v == c {
		v = t.b
	}
	return cross(c, u, v) != 0 || (u[0]-c[0])*(v[0]-c[0])+(u[1]-c[1])*(v[1]-c[1]) < 0
}

func inAnyHole(p orb.Polygon, pt orb.Point) bool {
	for _, h := range p[1:] {
		if planar.RingContains(h, pt) {
			return true
		}
	}
	return false
}

func shared(s, t *seg) orb.Point {
	if s.a == t.a || s.a == t.b {
		return s.a
	}
	return s.b
}

// collinearOverlap reports whether two consecutive edges fold back on each other.
func collinearOverlap(s, t *seg) bool {
	c := shared(s, t)
	u, v := s.a, t.a
	if u == c {
		u = s.b
	}
	if v == c {
		v = t.b
	}
	if cross(c, u, v) != 0 {
		return false
	}
	return (u[0]-c[0])*(v[0]-c[0])+(u[1]-c[1])*(v[1]-c[1]) > 0
}

func cross(o, a, b orb.Point) float64 {
	return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// intersects reports whether segments p1–p2 and p3–p4 share any point.
func intersects(p1, p2, p3, p4 orb.Point) bool {
	d1 := sign(cross(p3, p4, p1))
	d2 := sign(cross(p3, p4, p2))
	d3 := sign(cross(p1, p2, p3))
	d4 := sign(cross(p1, p2, p4))
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return (d1 == 0 && onSegment(p3, p4, p1)) || (d2 == 0 && onSegment(p3, p4, p2)) ||
		(d3 == 0 && onSegment(p1, p2, p3)) || (d4 == 0 && onSegment(p1, p2, p4))
}
