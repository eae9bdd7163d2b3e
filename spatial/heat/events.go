package heat

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// decayed is an amount that halves every half-life: its value v as of
// time t (Unix ns). It is decayed lazily, when read or added to, so no
// sweep over the grid is needed for it to be exact.
type decayed struct {
	v float64
	t int64
}

// at returns the value at time now; before t it is the value at t (the
// grid never reads a cell before its last evaluation).
func (d decayed) at(now int64, halfLife time.Duration) float64 {
	if d.v == 0 || now <= d.t {
		return d.v
	}
	return d.v * math.Exp2(-float64(now-d.t)/float64(halfLife))
}

// add adds x as of time at. An addition later than t moves t forward; an
// earlier one (a late event) is decayed to t first, so the order in which
// additions arrive does not change the value.
func (d *decayed) add(x float64, at int64, halfLife time.Duration) {
	if at >= d.t {
		d.v, d.t = d.at(at, halfLife)+x, at
		return
	}
	d.v += x * math.Exp2(-float64(d.t-at)/float64(halfLife))
}

// fix is a subject's newest fix: the leaf it fell in (-1 outside the
// forest) and its time.
type fix struct {
	leaf int32
	t    int64
}

// Presence records a fix of subject (a vehicle, person or ranger) at p and
// time at, and credits the subject's previous fix: the time from it to
// this one, at most Options.MaxCredit, is credited to the cell of the
// previous fix. So presence is time, not a count of fixes: a fix every
// second and a fix a minute over the same ten minutes credit the same ten
// minutes, and a subject heard of once an hour is not taken to have stayed
// an hour. The credit is the exact decayed integral of that stay, added as
// of its end, so it decays with Options.ActivityHalfLife like everything
// else in the cell.
//
// A fix at or before the subject's newest fix (a duplicate, or a late one
// delivered out of order) is dropped and counted in Stats.LateFixes: the
// interval it falls in was already credited, so crediting it again would
// count that time twice. A subject's credited time therefore never exceeds
// the span of its fixes, whatever the order of delivery; at worst a late
// fix's piece of an interval is credited to the cell of the fix before it.
// Fixes outside the forest cells are kept as the subject's place (the next
// fix credits nothing to them) but count nowhere.
func (g *Grid) Presence(subject string, p orb.Point, at time.Time) error {
	if subject == "" {
		return fmt.Errorf("presence: empty subject: %w", ErrInput)
	}
	t, err := unixNano(at)
	if err != nil {
		return fmt.Errorf("presence of %s: %w", subject, err)
	}
	c, err := cells.Of(p, g.o.Res)
	if err != nil {
		return fmt.Errorf("presence of %s: %w: %w", subject, ErrInput, err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	i, ok := g.index[c]
	if !ok {
		i = -1
	}
	prev, known := g.subjects[subject]
	if known && t <= prev.t {
		g.late++
		return nil
	}
	if known {
		g.credit(prev, time.Duration(t-prev.t), t)
	}
	g.subjects[subject] = fix{leaf: i, t: t}
	return nil
}

// credit credits the stay at fix f of length d (capped at MaxCredit) to
// its leaf, and evaluates the leaf at now or its own later time.
func (g *Grid) credit(f fix, d time.Duration, now int64) {
	if f.leaf < 0 {
		return
	}
	d = min(d, g.o.MaxCredit)
	h := g.o.ActivityHalfLife.Seconds()
	// ∫ over the stay of 2^(−(end−s)/h) ds: the stay's presence as of its
	// end, in seconds.
	v := h / math.Ln2 * -math.Expm1(-d.Seconds()/h*math.Ln2)
	l := &g.leaves[f.leaf]
	l.presence.add(v, f.t+int64(d), g.o.ActivityHalfLife)
	g.evaluate(f.leaf, max(now, l.ev.at))
}

// Alarm records an alarm or hot spot of the given weight at p and time at
// (1 for an ordinary alarm; more for a verified fire or a strong hot
// spot). It decays with Options.AlarmHalfLife. A late alarm (at before the
// cell's newest) counts exactly as if it had come in order. A negative
// weight withdraws an earlier alarm — the same call with −weight, for an
// alarm found false, cancels it. Alarm reports whether p fell in a forest
// cell; an alarm elsewhere counts nowhere.
func (g *Grid) Alarm(p orb.Point, at time.Time, weight float64) (bool, error) {
	t, err := unixNano(at)
	if err != nil {
		return false, fmt.Errorf("alarm: %w", err)
	}
	if math.IsNaN(weight) || math.IsInf(weight, 0) {
		return false, fmt.Errorf("alarm at %v: weight %v: %w", p, weight, ErrInput)
	}
	c, err := cells.Of(p, g.o.Res)
	if err != nil {
		return false, fmt.Errorf("alarm: %w: %w", ErrInput, err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	i, ok := g.index[c]
	if !ok {
		return false, nil
	}
	l := &g.leaves[i]
	l.alarms.add(weight, t, g.o.AlarmHalfLife)
	if l.alarms.v < 0 {
		l.alarms.v = 0 // a withdrawal rounding below zero
	}
	g.evaluate(i, max(t, l.ev.at))
	return true, nil
}

// forget credits and drops the subjects whose newest fix is more than
// Options.Forget before now: their next fix would credit MaxCredit to the
// cell of their newest, so crediting it now changes nothing but memory.
func (g *Grid) forget(now int64) {
	var gone []string
	for s, f := range g.subjects {
		if time.Duration(now-f.t) > g.o.Forget {
			gone = append(gone, s)
		}
	}
	slices.Sort(gone) // the same sums, bit for bit, on every run
	for _, s := range gone {
		f := g.subjects[s]
		g.credit(f, g.o.MaxCredit, f.t+int64(g.o.MaxCredit))
		delete(g.subjects, s)
	}
}
