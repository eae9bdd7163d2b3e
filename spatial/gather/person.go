package gather

import (
	"sort"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// fix is one reported position.
type fix struct {
	T time.Time
	P orb.Point
}

// person is one supervised person: their group and a short history of
// fixes in time order, so that a late fix can be evaluated against where
// everyone else was at its own time.
type person struct {
	id    string
	group *group // nil: in no group, never gathers
	hist  []fix  // sorted by T, one fix per instant

	// cell is the H3 cell of the newest fix, and indexed the group it is
	// filed under in the candidate index (nil when not filed).
	cell    cells.Cell
	indexed *group
}

// add inserts f in time order (replacing a fix at the same instant),
// forgets fixes no instant within keep of the newest can need — all but
// the last at or before that — and reports whether f is now the newest
// fix. Forgetting is amortised: the history is compacted once half of it
// is stale, not at every fix.
func (p *person) add(f fix, keep time.Duration) bool {
	i := sort.Search(len(p.hist), func(i int) bool { return !p.hist[i].T.Before(f.T) })
	switch {
	case i < len(p.hist) && p.hist[i].T.Equal(f.T):
		p.hist[i] = f
	case i == len(p.hist):
		p.hist = append(p.hist, f)
	default:
		p.hist = append(p.hist, fix{})
		copy(p.hist[i+1:], p.hist[i:])
		p.hist[i] = f
	}
	newest := i == len(p.hist)-1
	cutoff := p.hist[len(p.hist)-1].T.Add(-keep)
	j := sort.Search(len(p.hist), func(i int) bool { return p.hist[i].T.After(cutoff) })
	if j > 1 && j-1 >= len(p.hist)/2 {
		p.hist = append(p.hist[:0], p.hist[j-1:]...)
	}
	return newest
}

// asOf returns the person's last fix at or before t.
func (p *person) asOf(t time.Time) (fix, bool) {
	i := sort.Search(len(p.hist), func(i int) bool { return p.hist[i].T.After(t) })
	if i == 0 {
		return fix{}, false
	}
	return p.hist[i-1], true
}

// freshAt returns the person's last fix at or before t if it is younger
// than maxAge at t.
func (p *person) freshAt(t time.Time, maxAge time.Duration) (fix, bool) {
	f, ok := p.asOf(t)
	if !ok || t.Sub(f.T) >= maxAge {
		return fix{}, false
	}
	return f, true
}

// instants appends to dst the times in [lo, hi] at which this person's
// position or freshness changes: each fix, and each fix plus maxAge.
func (p *person) instants(dst []time.Time, lo, hi time.Time, maxAge time.Duration) []time.Time {
	from := sort.Search(len(p.hist), func(i int) bool { return !p.hist[i].T.Add(maxAge).Before(lo) })
	for _, f := range p.hist[from:] {
		if f.T.After(hi) {
			break
		}
		if !f.T.Before(lo) {
			dst = append(dst, f.T)
		}
		if a := f.T.Add(maxAge); !a.After(hi) {
			dst = append(dst, a)
		}
	}
	return dst
}
