package gather

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// The property tests draw small random worlds — a few cases of two
// people, a stranger in no case, spots a few hundred metres apart where
// people linger — and compare the detector with a brute-force reference.
// Every time is a multiple of grain, so the reference can simply evaluate at
// every multiple of grain, where the detector evaluates only where
// something can change.

const grain = 30 * time.Second

// world is one random input: options, the case of every person, and every
// fix in time order.
type world struct {
	o      Options
	groups map[string]string // person → case; absent: in no case
	fixes  []wfix
}

type wfix struct {
	who string
	t   time.Time
	p   orb.Point
}

// randomWorld draws a world of cases of size people each and one stranger
// over steps grains, from seed. K is drawn between 2 and size.
func randomWorld(seed uint64, cases, size, steps int) world {
	r := rand.New(rand.NewPCG(seed, 2026))
	w := world{
		o: Options{
			K:         2 + r.IntN(size-1),
			Radius:    []float64{50, 100, 200}[r.IntN(3)],
			EndFactor: []float64{1, 1.5}[r.IntN(2)],
			Duration:  grain * time.Duration(2+r.IntN(12)),
			MaxAge:    grain * time.Duration(1+r.IntN(12)),
			Res:       8 + r.IntN(4),
			Lateness:  time.Hour,
		},
		groups: map[string]string{},
	}
	spots := make([]orb.Point, 4)
	for i := range spots {
		spots[i] = spatial.Destination(jiefangbei, r.Float64()*360, r.Float64()*400)
	}
	var people []string
	for i := range cases {
		for m := range size {
			id := fmt.Sprintf("c%d%c", i, 'a'+m)
			people = append(people, id)
			w.groups[id] = fmt.Sprintf("c%d", i)
		}
	}
	people = append(people, "loner")
	spot := make([]int, len(people))
	for s := range steps {
		for i, id := range people {
			if r.IntN(8) == 0 {
				spot[i] = r.IntN(len(spots))
			}
			if r.IntN(4) == 0 {
				continue // no fix this time: fixes age and go stale
			}
			jitter := w.o.Radius * 0.9 * r.Float64()
			p := spatial.Destination(spots[spot[i]], r.Float64()*360, jitter)
			w.fixes = append(w.fixes, wfix{id, t0.Add(time.Duration(s) * grain), p})
		}
	}
	return w
}

// detector returns a detector for w with every person in their case.
func (w world) detector() *Detector {
	d := New(w.o)
	for id, g := range w.groups {
		d.SetGroup(id, g)
	}
	return d
}

// end is an instant after every fix has aged out and every gathering ended.
func (w world) end() time.Time {
	return w.fixes[len(w.fixes)-1].t.Add(w.o.MaxAge + w.o.Duration + time.Hour)
}

// reference returns the events of w's cases by brute force: every case is
// two people, evaluated at every grain by the rule of the package
// documentation, with no record keeping to share with the detector.
func reference(w world) []string {
	hist := map[string][]wfix{}
	for _, f := range w.fixes {
		hist[f.who] = append(hist[f.who], f)
	}
	members := map[string][]string{}
	for id, g := range w.groups {
		members[g] = append(members[g], id)
	}
	var out []string
	for g, ids := range members {
		slices.Sort(ids)
		out = append(out, referenceCase(w, g, ids, hist)...)
	}
	slices.SortStableFunc(out, strings.Compare)
	return out
}

// referenceCase returns the events of case g of two people, ids, whose
// fixes are in hist.
func referenceCase(w world, g string, ids []string, hist map[string][]wfix) []string {
	o := w.o
	fresh := func(id string, t time.Time) (wfix, bool) {
		i := slices.IndexFunc(hist[id], func(f wfix) bool { return f.t.After(t) })
		if i < 0 {
			i = len(hist[id])
		}
		if i == 0 || t.Sub(hist[id][i-1].t) >= o.MaxAge {
			return wfix{}, false
		}
		return hist[id][i-1], true
	}
	var out []string
	var since time.Time
	pending, started := false, false
	for t := w.fixes[0].t; !t.After(w.end()); t = t.Add(grain) {
		fa, okA := fresh(ids[0], t)
		fb, okB := fresh(ids[1], t)
		m := spatial.Distance(fa.p, fb.p)
		together := okA && okB && (m <= o.Radius || started && m <= o.Radius*o.EndFactor)
		switch {
		case together && !pending && !started:
			pending, since = true, t
		case !together && started:
			cause := CauseApart
			if !okA || !okB {
				cause = CauseStale
			}
			out = append(out, refEvent(End, g, ids, since, t, cause))
			started = false
		case !together:
			pending = false
		}
		if pending && !t.Before(since.Add(o.Duration)) {
			pending, started = false, true
			out = append(out, refEvent(Start, g, ids, since, t, ""))
		}
	}
	return out
}

// refEvent and summary render an event the same way for the reference and
// the detector, to compare them as sorted lists.
func refEvent(k Kind, g string, ids []string, since, at time.Time, cause string) string {
	return fmt.Sprintf("%s %s %s since %s %s %s", at.Format("15:04:05"), g, k, since.Format("15:04:05"), strings.Join(ids, ","), cause)
}

func summary(evs []Event) []string {
	var out []string
	for _, e := range evs {
		var ids []string
		for _, m := range e.Members {
			ids = append(ids, m.Person)
		}
		out = append(out, refEvent(e.Kind, e.Group, ids, e.Start, e.At, e.Cause))
	}
	slices.SortStableFunc(out, strings.Compare)
	return out
}

// feed gives d the fixes of w in order, with a Tick now and then (between
// fixes, so that no fix is late), and a final Tick at w.end().
func feed(d *Detector, w world, r *rand.Rand) []Event {
	var out []Event
	for i, f := range w.fixes {
		out = append(out, d.Observe(f.who, f.p, f.t)...)
		if r != nil && r.IntN(20) == 0 && i+1 < len(w.fixes) && w.fixes[i+1].t.After(f.t) {
			out = append(out, d.Tick(f.t.Add(grain/2))...)
		}
	}
	return append(out, d.Tick(w.end())...)
}

// TestMatchesReference checks, on random worlds given in time order, that
// the detector raises exactly the reference's events, whether Ticks come
// or not, and with the naive candidate search as with the index.
func TestMatchesReference(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	for seed := range uint64(n) {
		w := randomWorld(seed, 3, 2, 80)
		want := reference(w)
		for _, find := range []int{viaCells, viaScan} {
			for _, ticks := range []bool{false, true} {
				d := w.detector()
				d.find = find
				var r *rand.Rand
				if ticks {
					r = rand.New(rand.NewPCG(seed, 7))
				}
				evs := feed(d, w, r)
				if got := summary(evs); !slices.Equal(got, want) {
					t.Fatalf("seed %d, find %d, ticks %v, %+v:\n got  %q\n want %q", seed, find, ticks, w.o, got, want)
				}
				for _, e := range evs {
					if e.Late {
						t.Fatalf("seed %d: in-order event marked late: %+v", seed, e)
					}
				}
			}
		}
	}
}
