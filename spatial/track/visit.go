package track

import (
	"math"
	"time"
)

// Window is the time window of a visits query, and how it times crossings
// of the area's boundary.
type Window struct {
	From, To time.Time
	// InterpolateWithin, when positive, times an entry or exit between two
	// fixes at most this far apart where the straight line between them
	// meets the boundary, linearly in time between the fixes, rather than
	// at the first fix on the new side. Across a longer gap (a tracker that
	// was off) a straight line says nothing, and the fix time is kept.
	InterpolateWithin time.Duration
}

// Visit is one stay of an object inside an area.
type Visit struct {
	// Enter and Exit are when the object entered and left, clipped to the
	// window; Exit is never before Enter.
	Enter, Exit time.Time
	// InsideAtStart says the entry was not seen: the object was inside when
	// the window opened (Enter is From), or its first fix is inside and it
	// has none before (Enter is that fix's time; it may have entered
	// earlier).
	InsideAtStart bool
	// InsideAtEnd says the exit was not seen within the window: the object
	// was still inside at To, as its last fix before To says (Exit is To).
	InsideAtEnd bool
	// First and Last are the indices of the visit's first and last fix
	// inside the area.
	First, Last int
}

// Visits returns the stays of one object inside area during the window,
// from its time-sorted points, in time order and disjoint (each ends no
// later than the next begins).
//
// Between fixes the object is taken to be where its last fix put it
// (inside or outside), as the geofence engine does, and before its first
// fix nowhere known. So:
//
//   - it enters at the time of the first fix inside after a fix outside,
//     and leaves at the time of the first fix outside after a fix inside
//     (or where the line between them meets the boundary, see Window);
//   - when its last fix at or before From is inside, it was inside at From:
//     the visit starts at From, InsideAtStart;
//   - when its last fix is inside, or it left after To, it was inside at
//     To: the visit ends at To, InsideAtEnd;
//   - a visit that ends at or before From, or starts after To, is not in
//     the window. A fix inside at a time within the window always makes a
//     visit, if need be of no duration (a fix inside and a fix outside at
//     one instant).
//
// To know whether an object was inside at From, pass its last point before
// From as well; to time an exit after To, its first point after To. Holes
// are outside the area; a visit through a hole is two visits. Each point
// is tested once, in time linear in the number of points (a point far from
// the area costs a box test).
func Visits(pts []Point, area *Area, w Window) []Visit {
	var out []Visit
	for i := 0; i < len(pts); {
		if !area.Contains(pts[i].Point) {
			i++
			continue
		}
		first := i
		for i++; i < len(pts) && area.Contains(pts[i].Point); i++ {
		}
		last := i - 1
		i++ // pts[last+1], if any, is outside: no need to test it again
		v := Visit{First: first, Last: last}
		if first == 0 {
			v.Enter, v.InsideAtStart = pts[0].At, true
		} else {
			v.Enter = crossingTime(pts[first-1], pts[first], area, w, true)
		}
		if v.Enter.After(w.To) {
			break // later runs start later still
		}
		if last == len(pts)-1 {
			v.Exit, v.InsideAtEnd = w.To, true
		} else {
			v.Exit = crossingTime(pts[last], pts[last+1], area, w, false)
		}
		if !v.Exit.After(w.From) && pts[last].At.Before(w.From) {
			continue // over before the window
		}
		if v.Enter.Before(w.From) {
			v.Enter, v.InsideAtStart = w.From, true
		}
		if v.Exit.After(w.To) {
			v.Exit, v.InsideAtEnd = w.To, true
		}
		if v.Exit.Before(v.Enter) {
			// Only points out of time order get here; keep the promise.
			v.Exit = v.Enter
		}
		out = append(out, v)
	}
	return out
}

// crossingTime returns when the object crossed the boundary between fix a
// and fix b, b being the first fix on the new side: b's time, or the
// interpolated time the window asks for.
func crossingTime(a, b Point, area *Area, w Window, entering bool) time.Time {
	gap := b.At.Sub(a.At)
	if w.InterpolateWithin <= 0 || gap <= 0 || gap > w.InterpolateWithin {
		return b.At
	}
	f, ok := area.crossing(a.Point, b.Point, entering)
	if !ok {
		return b.At
	}
	return a.At.Add(time.Duration(math.Round(f * float64(gap))))
}
