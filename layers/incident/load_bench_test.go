package incident_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/layers/custody"
	"lookout/layers/incident"
	"lookout/spatial"
)

// BenchmarkSustained drives the whole rules path — World.Apply on the
// GeoPackage store, the incident engine, the custody rules (100,000 fence
// zones, the gathering of co-defendants, missed check-ins, risk scores), the
// correlator and the alerts written back — at 10,000 position updates a
// second from 2,300 supervised people in cases, and reports:
//
//   - fix→alert latency p50 and p99: from the Apply of the fix that
//     confirms a violation to the alert's commit being published;
//   - alerts/s, and fixes/s actually achieved (below 10,000 when the
//     machine cannot keep up).
//
// One iteration is one second of load, so run it with -benchtime=10x. The
// fixes carry their own times, 30 s apart per person, so that ten wall
// seconds are 20 minutes of the people's time and dwells run out.
func BenchmarkSustained(b *testing.B) {
	const (
		people  = 2300
		zones   = 100_000
		perSec  = 10_000
		batch   = 100 // fixes per Apply
		fixStep = 30 * time.Second
	)
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(b.TempDir(), "load.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	defer w.Close()
	r := rand.New(rand.NewPCG(2026, 1123))
	var clock atomic.Int64
	start := time.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	clock.Store(start.UnixNano())
	ps := loadPeople(b, w, r, people, zones-people, start)

	rec := &alertClock{applied: map[string]time.Time{}}
	w.Subscribe(rec)
	e, err := incident.NewEngine(w, custody.Rules(custody.Options{}), incident.Options{Logger: quiet,
		Tick: 100 * time.Millisecond, Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	if err != nil {
		b.Fatal(err)
	}
	w.Subscribe(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	b.ResetTimer()
	began, sent, round := time.Now(), 0, 0
	for i := range b.N {
		second := began.Add(time.Duration(i) * time.Second)
		for k := 0; k < perSec; k += batch {
			time.Sleep(time.Until(second.Add(time.Duration(k) * time.Second / perSec)))
			changes := make([]layers.Change, 0, batch)
			for j := 0; j < batch; j++ {
				p := ps[(sent+j)%people]
				if (sent+j)%people == 0 && sent+j > 0 {
					round++
				}
				at := start.Add(time.Duration(round+1) * fixStep)
				changes = append(changes, layers.Change{Op: layers.Patch, Layer: custody.Persons.Name, ID: p.id,
					Geometry: p.at(round), Time: at, Props: map[string]any{"accuracy": 10.0}, Actor: "load"})
			}
			rec.applying(changes)
			if _, err := w.Apply(ctx, changes); err != nil {
				b.Fatal(err)
			}
			sent += batch
			clock.Store(start.Add(time.Duration(round+1) * fixStep).UnixNano())
		}
	}
	elapsed := time.Since(began)
	time.Sleep(500 * time.Millisecond) // the last alerts
	b.StopTimer()
	lat := rec.latencies()
	if len(lat) == 0 {
		b.Fatal("no alerts")
	}
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "alerts/s")
	b.ReportMetric(float64(sent)/elapsed.Seconds(), "fixes/s")
	if st := e.Stats(); st.Failed > 0 {
		b.Fatalf("%d changes failed", st.Failed)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// alertClock matches each alert to the Apply of the fix it was judged on
// (the same subject and time).
type alertClock struct {
	mu      sync.Mutex
	applied map[string]time.Time // subject@fix time → when its Apply began
	lat     []time.Duration
}

func (c *alertClock) applying(cs []layers.Change) {
	now := time.Now()
	c.mu.Lock()
	for _, ch := range cs {
		c.applied[fmt.Sprint(ch.ID, "@", ch.Time.UnixNano())] = now
	}
	c.mu.Unlock()
}

// Publish is called by the World's committer: it only takes the time.
func (c *alertClock) Publish(es []layers.Event) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range es {
		if e.Layer != incident.Alerts.Name || e.Feature == nil || e.Old != nil {
			continue
		}
		at, _ := e.Feature.Props["at"].(time.Time)
		subject, _ := e.Feature.Props["subject"].(string)
		if t, ok := c.applied[fmt.Sprint(subject, "@", at.UnixNano())]; ok {
			c.lat = append(c.lat, now.Sub(t))
		}
	}
}

func (c *alertClock) latencies() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := slices.Clone(c.lat)
	slices.Sort(out)
	return out
}

// person walks about home; one in 20 walks out of their area for a while,
// one in 40 drops into a listed place near home, and the members of one
// case in 25 meet.
type person struct {
	id     string
	home   orb.Point
	radius float64
	kind   int // 0 keeps to the rules, 1 leaves, 2 visits a place, 3 meets
	meet   orb.Point
}

func (p *person) at(round int) orb.Point {
	phase := round % 40
	switch {
	case p.kind == 1 && phase >= 10 && phase < 22:
		return spatial.Destination(p.home, 45, p.radius*1.4)
	case p.kind == 2 && phase >= 20 && phase < 28:
		return spatial.Destination(p.home, 200, 200)
	case p.kind == 3 && phase >= 5 && phase < 35:
		return p.meet
	}
	return spatial.Destination(p.home, float64(round*37%360), float64(round%5)*20)
}

// loadPeople writes the people, their areas, and the listed places: a place
// near each visitor's home and the rest all over Chongqing, one in ten in
// the central districts (where they cover about 5% of the ground).
func loadPeople(b *testing.B, w *layers.World, r *rand.Rand, people, places int, t time.Time) []*person {
	b.Helper()
	yuzhong := orb.Bound{Min: orb.Point{106.49, 29.535}, Max: orb.Point{106.595, 29.575}}
	var ps []*person
	var cs []layers.Change
	for i := range people {
		p := &person{id: fmt.Sprintf("cp-%04d", i), home: pointIn(r, yuzhong), radius: 300 + r.Float64()*1200}
		caseID := fmt.Sprintf("case-%d", i/3)
		switch {
		case i%20 == 1:
			p.kind = 1
		case i%40 == 2:
			p.kind = 2
			places--
			cs = append(cs, place(fmt.Sprintf("lp-near-%d", i), spatial.Destination(p.home, 200, 200), 40))
		case (i/3)%25 == 0:
			p.kind = 3
			first := p.home // the first member's home; the others go to it
			if i%3 != 0 {
				first = ps[len(ps)-i%3].home
			}
			p.meet = spatial.Destination(first, 90, 500)
		}
		ps = append(ps, p)
		cs = append(cs,
			layers.Change{Op: layers.Upsert, Layer: custody.Persons.Name, ID: p.id, Geometry: p.home, Time: t,
				Props: map[string]any{"name": "人员" + p.id, "case": caseID, "status": "normal", "risk_base": 20.0, "accuracy": 10.0}},
			layers.Change{Op: layers.Upsert, Layer: custody.Zones.Name, ID: "cz-" + p.id, Geometry: spatial.Circle(p.home, p.radius, 24), Time: t,
				Props: map[string]any{"person": p.id, "kind": "inclusion"}})
	}
	chongqing := orb.Bound{Min: orb.Point{105.28, 28.16}, Max: orb.Point{110.19, 32.20}}
	urban := orb.Bound{Min: orb.Point{106.35, 29.40}, Max: orb.Point{106.75, 29.75}}
	for i := range places {
		area := chongqing
		if i%10 == 0 {
			area = urban
		}
		cs = append(cs, place(fmt.Sprintf("lp-%06d", i), pointIn(r, area), 20+r.Float64()*60))
	}
	for len(cs) > 0 {
		n := min(len(cs), 5000)
		res, err := w.Apply(context.Background(), cs[:n])
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range res {
			if x.Err != nil {
				b.Fatal(x.Err)
			}
		}
		cs = cs[n:]
	}
	return ps
}

func place(id string, c orb.Point, radius float64) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: custody.ListedPlaces.Name, ID: id, Geometry: spatial.Circle(c, radius, 12),
		Props: map[string]any{"name": "场所" + id, "kind": "ktv"}}
}

func pointIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
}
