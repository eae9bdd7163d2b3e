package custody

import (
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/fence"
	"lookout/spatial/gather"
)

// Gathering raises gathering_start when co-defendants — supervised people
// of one case — have been within Options.Radius of each other for
// Options.Duration, and gathering_end when they part (beyond 1.5 × the
// radius) or their fixes grow too old to place them. It runs the
// spatial/gather detector: candidates come from an H3 k-ring, so a fix costs
// what is near it, and a late batch is judged in its own time order.
//
// An alert is about the gathering's first member (by ID) and names the
// others as related, so it joins any open incident of any of them; its
// detail lists every member with the age of the fix that placed them.
type Gathering struct {
	Options gather.Options

	d     *gather.Detector
	cases map[string]string // person → case
}

// Name returns the rule's name.
func (r *Gathering) Name() string { return "gathering" }

func (r *Gathering) init() {
	if r.d == nil {
		r.d, r.cases = gather.New(r.Options), map[string]string{}
	}
}

// Observe follows a person's case and fixes.
func (r *Gathering) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Persons.Name {
		return nil
	}
	r.init()
	if e.Feature == nil {
		r.d.Remove(e.ID)
		delete(r.cases, e.ID)
		return nil
	}
	r.group(e.Feature)
	if !e.NewFix() {
		return nil // a property edit, a derived score
	}
	return r.alerts(r.d.Observe(e.ID, e.Feature.Geometry.(orb.Point), e.Feature.Updated))
}

// group puts a person in their case's group when it changed.
func (r *Gathering) group(f *layers.Feature) {
	c, _ := f.Props["case"].(string)
	if was, ok := r.cases[f.ID]; !ok || was != c {
		r.cases[f.ID] = c
		r.d.SetGroup(f.ID, c)
	}
}

// Tick starts gatherings that have lasted long enough and ends those whose
// fixes aged out.
func (r *Gathering) Tick(now time.Time) []layers.Alert {
	r.init()
	return r.alerts(r.d.Tick(now))
}

// Seed places everyone in their case at their last fix. What that raises
// is not told: it happened before the start.
func (r *Gathering) Seed(w *layers.World, now time.Time) error {
	r.init()
	err := layers.EachFeature(w, Persons.Name, func(f *layers.Feature) {
		r.group(f)
		if p, ok := f.Geometry.(orb.Point); ok {
			r.d.Observe(f.ID, p, f.Updated)
		}
	})
	r.d.Tick(now)
	return err
}

func (r *Gathering) alerts(evs []gather.Event) []layers.Alert {
	var out []layers.Alert
	for _, ev := range evs {
		if len(ev.Members) > 0 {
			out = append(out, r.alert(ev))
		}
	}
	return out
}

// alert describes one gathering event.
func (r *Gathering) alert(ev gather.Event) layers.Alert {
	first := ev.Members[0].Person
	a := layers.Alert{Domain: layers.Custody, Layer: Persons.Name, Subject: first, Point: ev.Place, At: ev.At,
		Radius: r.d.Options().Radius}
	var members []string
	for _, m := range ev.Members {
		if m.Person != first {
			a.Related = append(a.Related, m.Person)
		}
		members = append(members, fmt.Sprintf("%s (fix %s old)", m.Person, m.Age.Round(time.Second)))
	}
	n := len(ev.Members)
	since := ev.Start.In(fence.ChinaStandardTime).Format("15:04")
	if ev.Kind == gather.Start {
		a.Rule, a.Severity = "gathering_start", 3
		a.Title = layers.Title{Zh: fmt.Sprintf("%s 同案人员聚集（%d人）", ev.Group, n),
			En: fmt.Sprintf("%d co-defendants of %s together", n, ev.Group)}
		a.Detail = fmt.Sprintf("together since %s for %s: %s", since, ev.Duration.Round(time.Second), strings.Join(members, ", "))
	} else {
		a.Rule, a.Severity = "gathering_end", 1
		a.Title = layers.Title{Zh: fmt.Sprintf("%s 同案人员聚集结束（%d人）", ev.Group, n),
			En: fmt.Sprintf("Co-defendants of %s parted", ev.Group)}
		a.Detail = fmt.Sprintf("together from %s for %s (%s): %s", since, ev.End.Sub(ev.Start).Round(time.Second), ev.Cause, strings.Join(members, ", "))
	}
	if ev.Late {
		a.Detail += "; learnt late, from a delayed batch of fixes"
	}
	return a
}
