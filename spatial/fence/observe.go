package fence

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Observe takes one fix and returns the events it raises, ordered by zone
// ID and type (nil for none).
//
// It judges the fix against the zones for everyone whose grown bound holds
// it (an index search), the zones for its subject, the inclusion zones for
// everyone, and every zone the subject is currently tracked against (so
// that leaving a zone far behind is seen), then checks the segment from the
// subject's previous fix for crossed exclusion zones.
//
// A fix not newer than its subject's last one is stale: it is ignored and
// changes nothing (see the package documentation). So is an unusable fix —
// no subject, a zero time, a position out of range or a negative or
// non-finite accuracy — which the caller is expected to have rejected.
func (e *Engine) Observe(f Fix) []Event {
	if !usable(f) {
		return nil
	}
	s := e.subjects[f.Subject]
	if s == nil {
		s = &subject{tracks: make(map[string]*track)}
		e.subjects[f.Subject] = s
	} else if s.seen && !f.Time.After(s.last.Time) {
		return nil
	}
	e.epoch++
	var out []Event
	if e.linear != nil {
		for _, z := range e.linear {
			if z.bound.Contains(f.Point) && z.appliesTo(f.Subject) {
				out = e.judge(s, z, f, out)
			}
		}
	} else {
		e.shared.Search(orb.Bound{Min: f.Point, Max: f.Point}, func(_ string, _ orb.Bound, z *zone) bool {
			out = e.judge(s, z, f, out)
			return true
		})
	}
	for _, z := range e.own[f.Subject] {
		out = e.judge(s, z, f, out)
	}
	for _, z := range e.anywhere {
		out = e.judge(s, z, f, out)
	}
	for id := range s.tracks {
		out = e.judge(s, e.zones[id], f, out)
	}
	out = e.crossings(s, f, out)
	s.last, s.seen = f, true
	slices.SortFunc(out, func(a, b Event) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Zone, b.Zone), cmp.Compare(a.Type, b.Type))
	})
	return out
}

// judge classifies fix f against zone z, once per Observe, and steps the
// subject's track.
func (e *Engine) judge(s *subject, z *zone, f Fix, out []Event) []Event {
	if z.mark == e.epoch {
		return out
	}
	z.mark = e.epoch
	t := s.tracks[z.ID]
	if t == nil && z.Kind == Exclusion && !z.bound.Contains(f.Point) {
		return out // far outside, and at rest
	}
	d := z.distance(f.Point)
	st := z.region(d)
	if t == nil {
		if st == rest(z.Kind) && !(z.MaxInside > 0 && in(z.Kind, st)) {
			return out
		}
		t = newTrack(f.Subject, z, f)
		s.tracks[z.ID] = t
		z.tracks[f.Subject] = t
		e.tracked++
	}
	t.observe(st, certainty(d, f.Accuracy), f, d)
	out = t.step(z, f.Time, out)
	e.settle(t, z, f.Time)
	return out
}

// usable reports whether f can be judged at all.
func usable(f Fix) bool {
	p := f.Point
	return f.Subject != "" && !f.Time.IsZero() &&
		p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90 && // false for NaN
		f.Accuracy >= 0 && !math.IsInf(f.Accuracy, 1)
}
