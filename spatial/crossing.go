package spatial

import (
	"sort"

	"github.com/paulmach/orb"
)

// edge is segment i of ring `ring` of a polygon, from r[i] to r[i+1]; k is
// its position among the ring's non-degenerate edges, which is what
// adjacency is judged by (repeated positions are allowed).
type edge struct {
	ring, i  int
	k        int
	a, b     orb.Point
	minX     float64
	maxX     float64
	ringSize int // number of edges in the ring
}

// firstCrossing finds two edges of poly that intersect where they should not:
// edges of one ring that touch other than at their shared vertex, or edges of
// different rings that properly cross. It sweeps edges sorted by their least
// x, comparing each only with edges whose x-ranges overlap, so typical rings
// cost O(n log n).
func firstCrossing(poly orb.Polygon) (edge, edge, bool) {
	var edges []edge
	for ri, r := range poly {
		start := len(edges)
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if a == b {
				continue
			}
			edges = append(edges, edge{ring: ri, i: i, k: len(edges) - start, a: a, b: b,
				minX: min(a[0], b[0]), maxX: max(a[0], b[0])})
		}
		for j := start; j < len(edges); j++ {
			edges[j].ringSize = len(edges) - start
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].minX < edges[j].minX })
	for i := range edges {
		e := &edges[i]
		for j := i + 1; j < len(edges) && edges[j].minX <= e.maxX; j++ {
			// Judge each pair in ring order: the floating-point orientation
			// tests are not exactly symmetric, and the answer must not
			// depend on the order the sweep meets the edges in.
			a, b := e, &edges[j]
			if b.ring < a.ring || (b.ring == a.ring && b.i < a.i) {
				a, b = b, a
			}
			if bad(a, b) {
				return *a, *b, true
			}
		}
	}
	return edge{}, edge{}, false
}

// bad reports whether two edges intersect in a way a valid polygon forbids.
func bad(e, f *edge) bool {
	if e.ring == f.ring {
		d := e.k - f.k
		if d < 0 {
			d = -d
		}
		if d == 1 || d == e.ringSize-1 {
			// Neighbours share a vertex; they are bad only if they overlap
			// along a stretch (a spike folding back on itself).
			return collinearOverlap(e.a, e.b, f.a, f.b)
		}
		if d == 0 {
			return false
		}
		return intersects(e.a, e.b, f.a, f.b)
	}
	return properlyCross(e.a, e.b, f.a, f.b) || collinearOverlap(e.a, e.b, f.a, f.b)
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
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

// properlyCross reports whether segments ab and cd cross at a single point
// interior to both.
func properlyCross(a, b, c, d orb.Point) bool {
	o1, o2 := sign(orient(a, b, c)), sign(orient(a, b, d))
	o3, o4 := sign(orient(c, d, a)), sign(orient(c, d, b))
	return o1*o2 < 0 && o3*o4 < 0
}

// intersects reports whether segments ab and cd share any point.
func intersects(a, b, c, d orb.Point) bool {
	o1, o2 := sign(orient(a, b, c)), sign(orient(a, b, d))
	o3, o4 := sign(orient(c, d, a)), sign(orient(c, d, b))
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// onSegment reports whether p, known to be collinear with ab, lies on ab.
func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// collinearOverlap reports whether ab and cd are collinear and share more
// than a single point.
func collinearOverlap(a, b, c, d orb.Point) bool {
	if orient(a, b, c) != 0 || orient(a, b, d) != 0 {
		return false
	}
	// Project on the dominant axis and compare intervals.
	axis := 0
	if abs(b[0]-a[0]) < abs(b[1]-a[1]) {
		axis = 1
	}
	lo1, hi1 := min(a[axis], b[axis]), max(a[axis], b[axis])
	lo2, hi2 := min(c[axis], d[axis]), max(c[axis], d[axis])
	return min(hi1, hi2)-max(lo1, lo2) > 0
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// SegmentFraction returns where segment pq meets segment cd, as a fraction
// of the way from p to q, and false when they do not meet. Parallel
// segments do not meet: a line running along an edge meets the edges at
// its ends instead. It is planar, in lon/lat as given, like the polygon
// predicates; a geofence's crossing and a track's entry into an area are
// timed with it.
func SegmentFraction(p, q, c, d orb.Point) (float64, bool) {
	rx, ry := q[0]-p[0], q[1]-p[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, false
	}
	wx, wy := c[0]-p[0], c[1]-p[1]
	t := (wx*sy - wy*sx) / den
	u := (wx*ry - wy*rx) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, false
	}
	return t, true
}
