package layers

import (
	"container/heap"
	"time"

	"github.com/paulmach/orb"
)

// Silence is a rule that fires when a feature of a layer has reported
// nothing for longer than Expect: a camera's heartbeat lost, a supervised
// person's missed check-in. It fires once per silence and rearms on the
// next report. Features whose status says they are known to be out of
// service (Status values) are not watched. After a restart every feature
// gets a full Expect of grace, so that a store loaded with old timestamps
// does not raise a flood.
type Silence struct {
	ID       string
	Layer    string
	Expect   time.Duration
	Severity int
	Domain   Domain
	Ignore   map[string]bool // status values not watched, e.g. "offline"
	Title    func(f *Feature) Title

	due   deadlines
	index map[string]*deadline
}

type deadline struct {
	id string
	at time.Time
	f  *Feature
	i  int // position in the heap
}

// deadlines is a min-heap of deadlines by time.
type deadlines []*deadline

func (d deadlines) Len() int           { return len(d) }
func (d deadlines) Less(i, j int) bool { return d[i].at.Before(d[j].at) }
func (d deadlines) Swap(i, j int)      { d[i], d[j] = d[j], d[i]; d[i].i = i; d[j].i = j }
func (d *deadlines) Push(x any)        { x.(*deadline).i = len(*d); *d = append(*d, x.(*deadline)) }
func (d *deadlines) Pop() any {
	old := *d
	x := old[len(old)-1]
	*d = old[:len(old)-1]
	return x
}

// Name returns the rule's name.
func (r *Silence) Name() string { return r.ID }

// Observe rearms the feature's deadline on each report.
func (r *Silence) Observe(e Event) []Alert {
	if e.Layer != r.Layer {
		return nil
	}
	d := r.index[e.ID]
	if e.Feature == nil || r.Ignore[status(e.Feature)] {
		if d != nil {
			heap.Remove(&r.due, d.i)
			delete(r.index, e.ID)
		}
		return nil
	}
	r.watch(e.Feature, e.Feature.Updated.Add(r.Expect))
	return nil
}

// watch sets a feature's deadline.
func (r *Silence) watch(f *Feature, at time.Time) {
	if r.index == nil {
		r.index = map[string]*deadline{}
	}
	if d := r.index[f.ID]; d != nil {
		d.at, d.f = at, f
		heap.Fix(&r.due, d.i)
		return
	}
	d := &deadline{id: f.ID, at: at, f: f}
	r.index[f.ID] = d
	heap.Push(&r.due, d)
}

// Seed watches every feature of the layer as the world holds it at start,
// each with a full period of grace from now at least.
func (r *Silence) Seed(w *World, now time.Time) error {
	return EachFeature(w, r.Layer, func(f *Feature) {
		if !r.Ignore[status(f)] {
			r.watch(f, later(f.Updated, now).Add(r.Expect))
		}
	})
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Tick fires the deadlines that have passed.
func (r *Silence) Tick(now time.Time) []Alert {
	var out []Alert
	for len(r.due) > 0 && !r.due[0].at.After(now) {
		d := r.due[0]
		heap.Pop(&r.due)
		delete(r.index, d.id)
		p, _ := d.f.Geometry.(orb.Point)
		district, _ := d.f.Props["district"].(string)
		out = append(out, Alert{Rule: r.ID, Domain: r.Domain, Severity: r.Severity, Layer: r.Layer, Subject: d.id,
			District: district, Point: p, At: now, Title: r.Title(d.f),
			Detail: "silent since " + d.f.Updated.UTC().Format(time.RFC3339)})
	}
	return out
}

func status(f *Feature) string { s, _ := f.Props["status"].(string); return s }
