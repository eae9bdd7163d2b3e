package heat

import (
	"slices"
	"time"
)

// Options configure a Grid. A zero field takes the default given with it,
// so Options{} is the model as the package documentation describes it.
type Options struct {
	// Res is the H3 resolution of the cells that carry the inputs. Default
	// 8: a cell of about 0.74 km² (edges of about 530 m) is the size of a
	// forest compartment (林班), small enough to tell a ridge from the
	// farmland below it and large enough that the whole of Chongqing's
	// forest is well under 100,000 cells.
	Res int
	// Parents are the coarser resolutions kept as aggregates of the Res
	// cells, for low zooms. Default (nil) 5, 6 and 7; an empty slice keeps
	// none. Resolutions not coarser than Res are dropped.
	Parents []int
	// ActivityHalfLife is how fast human presence is forgotten. Default 3
	// hours: a cigarette or a cooking fire left behind smoulders for hours,
	// not days.
	ActivityHalfLife time.Duration
	// AlarmHalfLife is how fast alarms and hot spots are forgotten. Default
	// 24 hours: a burnt-out fire can rekindle the next day, and where
	// someone started one they may start another.
	AlarmHalfLife time.Duration
	// MaxCredit is the most presence time one fix credits: a subject is
	// taken to have stayed in the cell of a fix until its next fix, but
	// not longer than this. Default 5 minutes.
	MaxCredit time.Duration
	// Forget is how long after its newest fix a subject is forgotten (at
	// Recompute, after its MaxCredit has been credited). A fix of a
	// forgotten subject starts it again and credits nothing. Default 1
	// hour; never less than MaxCredit.
	Forget time.Duration
	// ParentShare sets the class of an aggregate (a parent cell or a
	// district): the highest class that at least this share of its cells
	// reach. Default 0.1 (the 90th percentile, see the package
	// documentation); a value of 1 gives the lowest class of its cells,
	// and a tiny one the highest.
	ParentShare float64
	// Weights combine the parts into the score.
	Weights Weights
}

// Weights say how the parts of a cell combine into its score; see the
// table in the package documentation. A zero field takes its default; a
// negative one means zero, which turns the part off.
type Weights struct {
	// Activity is how much a fully busy cell raises the hazard from fuel
	// and weather: B = F·W·(1 + Activity·A). Default 0.5.
	Activity float64
	// Alarms is the least score that alarms of strength H = 1 impose:
	// S = 1 − (1 − B)(1 − Alarms·H). Default 0.9.
	Alarms float64
	// ActivityScale is the decayed presence at which A = 1 − 1/e (0.63).
	// Default 1 hour: one person in a cell for an hour, or six for ten
	// minutes.
	ActivityScale time.Duration
	// AlarmScale is the decayed alarm weight at which H = 1 − 1/e. Default
	// 1: one fresh alarm of weight 1.
	AlarmScale float64
}

// withDefaults returns o with every zero or out-of-range field set to its
// default.
func (o Options) withDefaults() Options {
	if o.Res <= 0 || o.Res > 15 {
		o.Res = 8
	}
	if o.Parents == nil {
		o.Parents = []int{5, 6, 7}
	}
	var ps []int
	for _, p := range o.Parents {
		if p >= 0 && p < o.Res && !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	slices.Reverse(ps) // finest first, the order aggregation goes up
	o.Parents = ps
	o.ActivityHalfLife = orDuration(o.ActivityHalfLife, 3*time.Hour)
	o.AlarmHalfLife = orDuration(o.AlarmHalfLife, 24*time.Hour)
	o.MaxCredit = orDuration(o.MaxCredit, 5*time.Minute)
	o.Forget = max(orDuration(o.Forget, time.Hour), o.MaxCredit)
	if !(o.ParentShare > 0 && o.ParentShare <= 1) {
		o.ParentShare = 0.1
	}
	w := &o.Weights
	w.Activity = orWeight(w.Activity, 0.5)
	w.Alarms = min(orWeight(w.Alarms, 0.9), 1)
	w.ActivityScale = orDuration(w.ActivityScale, time.Hour)
	if !(w.AlarmScale > 0) {
		w.AlarmScale = 1
	}
	return o
}

func orDuration(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func orWeight(w, def float64) float64 {
	switch {
	case w == 0 || w != w:
		return def
	case w < 0:
		return 0
	}
	return w
}
