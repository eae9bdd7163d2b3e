package dispatch_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/dispatch"
	"lookout/spatial"
)

// benchCrowd is 100,000 responders spread over Chongqing (about 82,000
// km²), in the demo's proportions: a fifth of each kind; rangers (60 %)
// and fire crews forest-capable; 78 % available, 8 % unavailable, the rest
// off duty; a tenth busy; fixes every 30 s, with one in twenty silent for
// up to an hour (stale).
func benchCrowd(b *testing.B) (*layers.World, []*layers.Feature) {
	b.Helper()
	w := openWorld(b)
	r := rand.New(rand.NewPCG(100_000, 1))
	caps := map[string][]string{"ranger": {"forest_fire,patrol,first_aid", "forest_fire,patrol", "patrol,first_aid"},
		"fire_crew": {"forest_fire,water_pump,first_aid"}, "patrol_car": {"police,traffic,first_aid"},
		"inspector": {"food_safety,drug,price", "food_safety,special_equipment,elevator"}, "custody_officer": {"custody,police"}}
	var batch []layers.Change
	for i := 0; i < 100_000; i++ {
		p := orb.Point{105.3 + r.Float64()*4.9, 28.2 + r.Float64()*4}
		kind := dispatch.Kinds[r.IntN(len(dispatch.Kinds))]
		props := map[string]any{"name": fmt.Sprintf("r%06d", i), "kind": kind,
			"capabilities": caps[kind][r.IntN(len(caps[kind]))], "availability": "available"}
		switch x := r.IntN(100); {
		case x >= 86:
			props["availability"] = "off_duty"
		case x >= 78:
			props["availability"] = "unavailable"
		}
		if r.IntN(10) == 0 {
			props["task"] = "inc-x"
		}
		age := time.Duration(r.IntN(30)) * time.Second
		if r.IntN(20) == 0 {
			age = time.Duration(r.IntN(3600)) * time.Second
		}
		batch = append(batch, layers.Change{Op: layers.Upsert, Layer: "responders", ID: fmt.Sprintf("r%06d", i), Geometry: p,
			Props: props, Time: t0.Add(-age)})
		if len(batch) == 5000 {
			put(b, w, batch...)
			batch = batch[:0]
		}
	}
	var incs []*layers.Feature
	for i := 0; i < 1000; i++ {
		p := orb.Point{105.5 + r.Float64()*4.5, 28.4 + r.Float64()*3.6}
		id := fmt.Sprintf("inc-%04d", i)
		put(b, w, incidentAt(id, "ir_flame", "forest", p))
		f, _ := w.Feature("incidents", id)
		incs = append(incs, f)
	}
	return w, incs
}

// BenchmarkRecommend ranks the five responders with the soonest ETA among
// 100,000: by the desk (the pruned walk over the roster of free, capable
// responders), by the same walk over every responder (what a shortfall
// costs), and by a naive scan of every responder (already in a slice, the
// best a scan can do). It reports the p50 and p99 of single queries.
func BenchmarkRecommend(b *testing.B) {
	w, incs := benchCrowd(b)
	var all []*layers.Feature
	_ = w.Each("responders", nil, func(f *layers.Feature) { all = append(all, f) })
	q := dispatch.Query{K: 5, Now: t0}
	desk := newDesk(b, w)
	byDistance := q
	byDistance.ByDistance = true
	runs := []struct {
		name string
		fn   func(inc *layers.Feature) error
	}{
		{"roster", func(inc *layers.Feature) error { _, err := desk.Recommend(inc, q); return err }},
		{"roster-distance", func(inc *layers.Feature) error { _, err := desk.Recommend(inc, byDistance); return err }},
		{"rtree", func(inc *layers.Feature) error { _, err := dispatch.Recommend(w, inc, q); return err }},
		{"naive", func(inc *layers.Feature) error { naive(all, inc, q); return nil }},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			lat := make([]time.Duration, 0, b.N)
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				if err := r.fn(incs[i%len(incs)]); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			report(b, lat)
		})
	}
}

// naive ranks every responder by ETA and keeps the first K.
func naive(all []*layers.Feature, inc *layers.Feature, q dispatch.Query) []*layers.Feature {
	p := inc.Geometry.(orb.Point)
	type cand struct {
		f   *layers.Feature
		eta time.Duration
	}
	var cs []cand
	for _, f := range all {
		d := spatial.Distance(p, f.Geometry.(orb.Point))
		caps, _ := f.Props["capabilities"].(string)
		if d > dispatch.DefaultRadius || !dispatch.Capable(caps, "forest_fire") || f.Props["availability"] != "available" ||
			f.Props["task"] != nil || q.Now.Sub(f.Updated) > dispatch.DefaultMaxAge {
			continue
		}
		_, eta, _ := dispatch.Travel(f.Props["kind"].(string), d, 0)
		cs = append(cs, cand{f, eta})
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Compare(a.eta, b.eta) })
	out := make([]*layers.Feature, 0, q.K)
	for i := 0; i < len(cs) && i < q.K; i++ {
		out = append(out, cs[i].f)
	}
	return out
}

func report(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1000, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1000, "p99-µs")
}
