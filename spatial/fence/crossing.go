package fence

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// crossings appends a Crossed event for each exclusion zone that the
// straight segment from the subject's previous fix to f passes through
// while neither fix is inside it (a fix inside raises Enter or Exit
// instead). Inclusion zones are not checked this way: leaving one and
// coming back between two fixes goes unseen.
func (e *Engine) crossings(s *subject, f Fix, out []Event) []Event {
	prev := s.last
	if !s.seen || e.CrossingGap <= 0 || f.Time.Sub(prev.Time) > e.CrossingGap || prev.Point == f.Point {
		return out
	}
	seg := orb.Bound{Min: prev.Point, Max: prev.Point}.Extend(f.Point)
	if e.linear != nil {
		for _, z := range e.linear {
			if z.Kind == Exclusion && z.bound.Intersects(seg) && z.appliesTo(f.Subject) {
				out = e.cross(s, z, prev, f, out)
			}
		}
	} else {
		e.shared.Search(seg, func(_ string, _ orb.Bound, z *zone) bool {
			out = e.cross(s, z, prev, f, out)
			return true
		})
	}
	for _, z := range e.own[f.Subject] {
		if z.Kind == Exclusion && z.bound.Intersects(seg) {
			out = e.cross(s, z, prev, f, out)
		}
	}
	return out
}

// cross judges the segment from prev to f against exclusion zone z. The
// crossing is Definite when the segment runs deeper into the zone than the
// larger of the two fixes' accuracies, and raised only when the zone's
// schedule is in force at either fix.
func (e *Engine) cross(s *subject, z *zone, prev, f Fix, out []Event) []Event {
	if !segmentHitsBound(prev.Point, f.Point, z.bound) {
		return out
	}
	st := Outside
	if t := s.tracks[z.ID]; t != nil {
		if t.state == Inside {
			return out // already reported inside
		}
		st = t.state
	}
	if z.distance(prev.Point) <= 0 || z.distance(f.Point) <= 0 {
		return out
	}
	depth, ok := z.depth(prev.Point, f.Point)
	if !ok || !(z.Schedule.Active(prev.Time) || z.Schedule.Active(f.Time)) {
		return out
	}
	c := certainty(depth, math.Max(prev.Accuracy, f.Accuracy))
	return append(out, Event{
		Type: Crossed, Zone: z.ID, Kind: z.Kind, Subject: f.Subject,
		State: st, Certainty: c, Violation: c == Definite,
		Time: f.Time, Since: prev.Time, Fix: f, Prev: prev, Distance: -depth,
	})
}

// depth returns how deep in metres the segment ab reaches inside the zone,
// and false when it stays outside. For a circle it is exact. For a polygon
// the segment is cut where it meets the rings (in longitude/latitude, as
// spatial.Contains sees them), and the depth is the greatest of the inside
// pieces' midpoints: no more than the true depth, so that a crossing is
// never called Definite on the strength of an overestimate.
func (z *zone) depth(a, b orb.Point) (float64, bool) {
	if z.circle {
		c := z.Shape.(orb.Point)
		ky := spatial.EarthRadius * math.Pi / 180
		kx := ky * math.Cos(c[1]*math.Pi/180)
		ax, ay := (a[0]-c[0])*kx, (a[1]-c[1])*ky
		bx, by := (b[0]-c[0])*kx, (b[1]-c[1])*ky
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		d := math.Hypot(ax+t*dx, ay+t*dy)
		return z.Radius - d, d < z.Radius
	}
	seg := orb.Bound{Min: a, Max: a}.Extend(b)
	ts := make([]float64, 2, 8)
	ts[0], ts[1] = 0, 1
	for _, r := range z.rings {
		if !r.b.Intersects(seg) {
			continue
		}
		for i := 1; i < len(r.line); i++ {
			if t, ok := spatial.SegmentFraction(a, b, r.line[i-1], r.line[i]); ok {
				ts = append(ts, t)
			}
		}
	}
	if len(ts) == 2 {
		return 0, false // meets no ring, and neither end is inside
	}
	slices.Sort(ts)
	best, found := 0.0, false
	for i := 1; i < len(ts); i++ {
		if ts[i]-ts[i-1] < 1e-12 {
			continue
		}
		m := (ts[i-1] + ts[i]) / 2
		p := orb.Point{a[0] + m*(b[0]-a[0]), a[1] + m*(b[1]-a[1])}
		if d := z.distance(p); d < 0 {
			best, found = math.Max(best, -d), true
		}
	}
	return best, found
}

// segmentHitsBound reports whether segment ab meets box bd (Liang–Barsky).
func segmentHitsBound(a, b orb.Point, bd orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b[0]-a[0], b[1]-a[1]
	for _, pq := range [4][2]float64{
		{-dx, a[0] - bd.Min[0]}, {dx, bd.Max[0] - a[0]},
		{-dy, a[1] - bd.Min[1]}, {dy, bd.Max[1] - a[1]},
	} {
		p, q := pq[0], pq[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			t0 = math.Max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = math.Min(t1, r)
		}
	}
	return true
}
