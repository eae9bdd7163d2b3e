package heat

import (
	"sync"
	"time"
)

// Trend remembers the districts' mean risk over time — one sample per
// Every, the last Keep of them — so that a ranking can say which way each
// district is going. It is safe for concurrent use: Record (after each
// Recompute) and the readers take its one mutex briefly.
type Trend struct {
	Every time.Duration
	Keep  int

	mu      sync.Mutex
	samples []sample // oldest first
}

type sample struct {
	at   time.Time
	mean map[string]float64
}

// NewTrend returns a trend keeping keep samples, one per every.
func NewTrend(every time.Duration, keep int) *Trend {
	return &Trend{Every: every, Keep: keep}
}

// Record keeps the districts' means at time at. The newest sample stands
// in for the current state: it is replaced until it is Every after the
// sample before it, and then kept, so kept samples are Every apart.
// Samples beyond Keep intervals are dropped.
func (t *Trend) Record(at time.Time, ds []District) {
	s := sample{at: at, mean: make(map[string]float64, len(ds))}
	for _, d := range ds {
		s.mean[d.Code] = d.Mean
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.samples)
	switch {
	case n > 0 && at.Before(t.samples[n-1].at):
		return // out of order: keep the newer
	case n >= 2 && t.samples[n-1].at.Sub(t.samples[n-2].at) < t.Every:
		t.samples[n-1] = s // the newest stands in until Every has passed
	default:
		t.samples = append(t.samples, s)
	}
	if len(t.samples) > t.Keep+1 {
		t.samples = t.samples[len(t.samples)-t.Keep-1:]
	}
}

// Series returns district code's mean risk in each kept sample, oldest
// first, with the samples' times; a sample before the district had cells
// reads 0.
func (t *Trend) Series(code string) ([]time.Time, []float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at := make([]time.Time, len(t.samples))
	means := make([]float64, len(t.samples))
	for i, s := range t.samples {
		at[i], means[i] = s.at, s.mean[code]
	}
	return at, means
}

// Change returns how much district code's mean risk moved since the
// sample nearest to ago before the newest one, and false when no sample is
// that old.
func (t *Trend) Change(code string, ago time.Duration) (float64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.samples)
	if n < 2 {
		return 0, false
	}
	last := t.samples[n-1]
	want := last.at.Add(-ago)
	for i := n - 2; i >= 0; i-- {
		if !t.samples[i].at.After(want.Add(t.Every / 2)) {
			return last.mean[code] - t.samples[i].mean[code], true
		}
	}
	return 0, false
}
