package dispatch_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/dispatch"
	"lookout/spatial"
)

// around is the test's crowd around the fire. The ETAs by the model:
// walk 200 m on foot 234 s; crew-a 2 km by road 90 + 329 = 419 s; ranger-b
// 2.5 km by motorbike 120 + 450 = 570 s; ranger-a 500 m on foot 585 s;
// crew-b 5 km already rolling 823 s; stale 300 m on foot 351 s; police
// 100 m 30 + 12.6 = 43 s; nocap 400 m on foot 468 s.
var around = []resp{
	{id: "walk", kind: "ranger", caps: "forest_fire,patrol", avail: "available", metres: 200, bearing: 10, age: time.Minute},
	{id: "ranger-a", kind: "ranger", caps: "forest_fire", avail: "available", metres: 500, bearing: 100, age: time.Minute},
	{id: "ranger-b", kind: "ranger", caps: "patrol,forest_fire", avail: "available", metres: 2500, bearing: 200},
	{id: "crew-a", kind: "fire_crew", caps: "forest_fire,water_pump", avail: "available", metres: 2000, bearing: 300},
	{id: "crew-b", kind: "fire_crew", caps: "forest_fire", avail: "available", metres: 5000, bearing: 45, speed: 40},
	{id: "stale", kind: "ranger", caps: "forest_fire", avail: "available", metres: 300, bearing: 270, age: 20 * time.Minute},
	{id: "offduty", kind: "fire_crew", caps: "forest_fire", avail: "off_duty", metres: 150, bearing: 60},
	{id: "unavail", kind: "fire_crew", caps: "forest_fire", avail: "unavailable", metres: 250, bearing: 160},
	{id: "busy", kind: "fire_crew", caps: "forest_fire", avail: "available", metres: 1000, bearing: 220, task: "inc-other"},
	{id: "police", kind: "patrol_car", caps: "police,traffic", avail: "available", metres: 100, bearing: 330},
	{id: "nocap", kind: "ranger", caps: "patrol", avail: "available", metres: 400, bearing: 30},
	{id: "far", kind: "fire_crew", caps: "forest_fire", avail: "available", metres: 60_000, bearing: 90},
}

func crowd(t *testing.T, rs []resp) *layers.World {
	w := openWorld(t)
	changes := []layers.Change{incidentAt("inc-fire", "ir_flame", "forest", fire)}
	for _, r := range rs {
		changes = append(changes, responder(r))
	}
	put(t, w, changes...)
	return w
}

func recommend(t *testing.T, w *layers.World, q dispatch.Query) *dispatch.Recommendation {
	t.Helper()
	inc, err := w.Feature("incidents", "inc-fire")
	if err != nil {
		t.Fatal(err)
	}
	q.Now = t0
	rec, err := dispatch.Recommend(w, inc, q)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestRecommendRanksByETA(t *testing.T) {
	w := crowd(t, around)
	all := dispatch.Excluded{WrongCapability: 2, OffDuty: 1, Unavailable: 1, Busy: 1, Stale: 1}
	cases := []struct {
		name      string
		q         dispatch.Query
		want      []string
		excluded  dispatch.Excluded
		shortfall string
	}{
		{"five by ETA, not by distance", dispatch.Query{}, []string{"walk", "crew-a", "ranger-b", "ranger-a", "crew-b"}, all, ""},
		{"two: the walk stops at 3.3 km", dispatch.Query{K: 2}, []string{"walk", "crew-a"}, all, ""},
		{"stale included and flagged", dispatch.Query{K: 3, IncludeStale: true}, []string{"walk", "stale", "crew-a"},
			dispatch.Excluded{WrongCapability: 2, OffDuty: 1, Unavailable: 1, Busy: 1}, ""},
		{"straight-line shortlist", dispatch.Query{K: 3, ByDistance: true}, []string{"walk", "ranger-a", "crew-a"},
			dispatch.Excluded{WrongCapability: 2, OffDuty: 1, Unavailable: 1, Busy: 1, Stale: 1}, ""},
		{"any capability", dispatch.Query{K: 3, Capability: "any"}, []string{"police", "walk", "crew-a"},
			dispatch.Excluded{OffDuty: 1, Unavailable: 1, Busy: 1, Stale: 1}, ""},
		{"more than fit", dispatch.Query{K: 8}, []string{"walk", "crew-a", "ranger-b", "ranger-a", "crew-b"},
			dispatch.Excluded{WrongCapability: 2, OffDuty: 1, Unavailable: 1, Busy: 1, Stale: 1, OutsideRadius: 1}, "none_available"},
		{"radius 1 km", dispatch.Query{Radius: 1000}, []string{"walk", "ranger-a"},
			dispatch.Excluded{WrongCapability: 2, OffDuty: 1, Unavailable: 1, Busy: 1, Stale: 1, OutsideRadius: 3}, "none_available"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := recommend(t, w, tc.q)
			if got := ids(rec.Candidates); !slices.Equal(got, tc.want) {
				t.Errorf("candidates %v, want %v", got, tc.want)
			}
			if rec.Excluded != tc.excluded {
				t.Errorf("excluded %+v, want %+v", rec.Excluded, tc.excluded)
			}
			got := ""
			if rec.Shortfall != nil {
				got = rec.Shortfall.Reason
			}
			if got != tc.shortfall {
				t.Errorf("shortfall %q, want %q (%+v)", got, tc.shortfall, rec.Shortfall)
			}
			for i, c := range rec.Candidates {
				if c.Rank != i+1 || c.Reason == "" || c.ReasonZh == "" || c.Stale != (c.Responder.ID == "stale") {
					t.Errorf("candidate %d: rank %d stale %v reason %q", i, c.Rank, c.Stale, c.Reason)
				}
			}
		})
	}
}

func TestRecommendETAs(t *testing.T) {
	rec := recommend(t, crowd(t, around), dispatch.Query{K: 5})
	want := map[string]struct {
		mode string
		eta  float64
	}{"walk": {"foot", 234}, "crew-a": {"road", 419}, "ranger-b": {"motorbike", 570}, "ranger-a": {"foot", 585}, "crew-b": {"road", 823}}
	for _, c := range rec.Candidates {
		w := want[c.Responder.ID]
		if c.Mode.Name != w.mode || c.ETA.Seconds() < w.eta-1 || c.ETA.Seconds() > w.eta+1 {
			t.Errorf("%s: %s %.0f s, want %s %.0f s", c.Responder.ID, c.Mode.Name, c.ETA.Seconds(), w.mode, w.eta)
		}
	}
	if c := rec.Candidates[0]; !strings.Contains(c.Reason, "200 m straight, foot at 4 km/h") || !strings.Contains(c.ReasonZh, "步行") {
		t.Errorf("reason %q / %q", c.Reason, c.ReasonZh)
	}
	if c := rec.Candidates[4]; !strings.Contains(c.Reason, "already on the road") {
		t.Errorf("a rolling crew has no turnout: %q", c.Reason)
	}
}

func TestRecommendShortfall(t *testing.T) {
	cases := []struct {
		name string
		rs   []resp
		q    dispatch.Query
		want string
	}{
		{"nobody at all", nil, dispatch.Query{}, "no_candidates"},
		{"nobody with the capability", around, dispatch.Query{Capability: "diving"}, "wrong_capability"},
		{"only beyond the radius", around[11:], dispatch.Query{}, "outside_radius"},
		{"only the wrong capability", around[9:11], dispatch.Query{}, "wrong_capability"},
		{"only stale", around[5:6], dispatch.Query{}, "all_stale"},
		{"only off duty, unavailable or busy", around[6:9], dispatch.Query{}, "none_available"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := recommend(t, crowd(t, tc.rs), tc.q)
			if rec.Shortfall == nil || rec.Shortfall.Reason != tc.want || rec.Shortfall.Message == "" || rec.Shortfall.MessageZh == "" {
				t.Fatalf("shortfall %+v, want %s", rec.Shortfall, tc.want)
			}
			if len(rec.Candidates) != 0 {
				t.Fatalf("candidates %v", ids(rec.Candidates))
			}
		})
	}
}

// TestRecommendMatchesBruteForce checks the pruned walk against ranking
// every responder: same candidates, same order, over random crowds.
func TestRecommendMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	rs := randomCrowd(r, 3000, 30_000)
	w := crowd(t, rs)
	desk := newDesk(t, w)
	for i := 0; i < 50; i++ {
		p := spatial.Destination(fire, r.Float64()*360, r.Float64()*20_000)
		put(t, w, incidentAt("inc-fire", "ir_flame", "forest", p))
		q := dispatch.Query{K: 1 + r.IntN(10), Radius: 2000 + r.Float64()*20_000, IncludeStale: r.IntN(2) == 0, MaxAge: 10 * time.Minute}
		want := bruteForce(w, p, q)
		if got := ids(recommend(t, w, q).Candidates); !slices.Equal(got, want) {
			t.Fatalf("query %d %+v: walk of all got %v, want %v", i, q, got, want)
		}
		inc, _ := w.Feature("incidents", "inc-fire")
		q.Now = t0
		fast, err := desk.Recommend(inc, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(fast.Candidates); !slices.Equal(got, want) {
			t.Fatalf("query %d %+v: roster got %v, want %v", i, q, got, want)
		}
	}
}

func randomCrowd(r *rand.Rand, n int, spread float64) []resp {
	caps := []string{"forest_fire", "patrol", "forest_fire,first_aid", "police"}
	avails := []string{"available", "available", "available", "off_duty", "unavailable"}
	out := make([]resp, n)
	for i := range out {
		x := resp{id: fmt.Sprintf("r%04d", i), kind: dispatch.Kinds[r.IntN(len(dispatch.Kinds))],
			caps: caps[r.IntN(len(caps))], avail: avails[r.IntN(len(avails))], metres: r.Float64() * spread, bearing: r.Float64() * 360,
			age: time.Duration(r.IntN(30)) * time.Minute}
		if r.IntN(10) == 0 {
			x.task = "inc-x"
		}
		if r.IntN(3) == 0 {
			x.speed = 20 + r.Float64()*30
		}
		out[i] = x
	}
	return out
}

// bruteForce ranks every responder of w for an incident at p.
func bruteForce(w *layers.World, p orb.Point, q dispatch.Query) []string {
	type cand struct {
		id        string
		eta, dist float64
	}
	var all []cand
	_ = w.Each("responders", nil, func(f *layers.Feature) {
		d := spatial.Distance(p, f.Geometry.(orb.Point))
		caps, _ := f.Props["capabilities"].(string)
		stale := t0.Sub(f.Updated) > q.MaxAge
		if d > q.Radius || !dispatch.Capable(caps, "forest_fire") || f.Props["availability"] != "available" ||
			f.Props["task"] != nil || (stale && !q.IncludeStale) {
			return
		}
		speed, _ := f.Props["speed"].(float64)
		_, eta, _ := dispatch.Travel(f.Props["kind"].(string), d, speed)
		all = append(all, cand{f.ID, float64(eta), d})
	})
	slices.SortFunc(all, func(a, b cand) int { return cmp.Or(cmp.Compare(a.eta, b.eta), cmp.Compare(a.dist, b.dist)) })
	var out []string
	for i := 0; i < len(all) && i < q.K; i++ {
		out = append(out, all[i].id)
	}
	return out
}
