package bearing

import "math"

// Polygons here are convex, counter-clockwise (x east, y north) and open:
// the first vertex is not repeated at the end.

const (
	// minArea is the area, in square metres, below which the common part
	// of cones is taken to be empty: cones that merely touch do not meet.
	minArea = 1.0
	// sameVertex is the distance, in metres, under which consecutive
	// vertices of a clipped polygon are merged.
	sameVertex = 1e-6
)

// clip returns the part of the convex polygon subj inside the convex
// counter-clockwise polygon by (Sutherland–Hodgman: subj is cut by the line
// of each edge of by in turn, keeping the left side). The result is nil when
// nothing of substance is left; neither input is modified.
func clip(subj, by []vec) []vec {
	out := append(make([]vec, 0, len(subj)+len(by)), subj...)
	in := make([]vec, 0, cap(out))
	for i, a := range by {
		if len(out) == 0 {
			break
		}
		e := by[(i+1)%len(by)].sub(a)
		in, out = out, in[:0]
		prev := in[len(in)-1]
		prevSide := cross(e, prev.sub(a))
		for _, cur := range in {
			side := cross(e, cur.sub(a))
			if (side >= 0) != (prevSide >= 0) {
				// The sides differ in sign, so the denominator is not zero.
				t := prevSide / (prevSide - side)
				out = append(out, prev.add(cur.sub(prev).scale(t)))
			}
			if side >= 0 {
				out = append(out, cur)
			}
			prev, prevSide = cur, side
		}
	}
	return tidy(out)
}

// tidy drops repeated vertices of poly, and returns nil when what is left
// encloses less than minArea.
func tidy(poly []vec) []vec {
	out := poly[:0]
	for _, v := range poly {
		if len(out) == 0 || v.dist(out[len(out)-1]) > sameVertex {
			out = append(out, v)
		}
	}
	for len(out) > 1 && out[0].dist(out[len(out)-1]) <= sameVertex {
		out = out[:len(out)-1]
	}
	if len(out) < 3 || !(area(out) >= minArea) {
		return nil
	}
	return out
}

// area returns the signed area of poly in square metres, positive when it
// runs counter-clockwise (the shoelace formula).
func area(poly []vec) float64 {
	var a float64
	for i, p := range poly {
		a += cross(p, poly[(i+1)%len(poly)])
	}
	return a / 2
}

// centroid returns the centre of mass of poly, or the mean of its vertices
// when it has almost no area. Vertices are taken relative to the first for
// accuracy far from the plane's centre.
func centroid(poly []vec) vec {
	o := poly[0]
	var a float64
	var c, m vec
	for i, p := range poly {
		p, q := p.sub(o), poly[(i+1)%len(poly)].sub(o)
		w := cross(p, q)
		a += w
		c = c.add(p.add(q).scale(w))
		m = m.add(p)
	}
	if math.Abs(a) < minArea {
		return o.add(m.scale(1 / float64(len(poly))))
	}
	return o.add(c.scale(1 / (3 * a)))
}

// inside reports whether p lies in poly or on its boundary.
func inside(poly []vec, p vec) bool {
	for i, a := range poly {
		e := poly[(i+1)%len(poly)].sub(a)
		if cross(e, p.sub(a)) < -sameVertex*e.norm() {
			return false
		}
	}
	return true
}

// reach returns the largest distance from p to a vertex of poly: the radius
// of the circle around p that covers poly.
func reach(poly []vec, p vec) float64 {
	var r float64
	for _, v := range poly {
		r = math.Max(r, v.dist(p))
	}
	return r
}
