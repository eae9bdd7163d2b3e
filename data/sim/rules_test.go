package sim

import (
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/data/demo"
	"lookout/spatial"
)

// demoFeatures returns the demo world's features by layer, as the
// simulator would read them.
func demoFeatures(t *testing.T) map[string][]feature {
	t.Helper()
	changes, err := demo.Changes(worldSeed)
	if err != nil {
		t.Fatal(err)
	}
	w := map[string][]feature{}
	for _, ch := range changes {
		w[ch.Layer] = append(w[ch.Layer], feature{id: ch.ID, geom: ch.Geometry, props: ch.Props})
	}
	return w
}

// TestCustodyRules runs the supervised people of the demo world for two
// hours with rule breaks 20 times as frequent, and checks each kind of
// break against what they reported.
func TestCustodyRules(t *testing.T) {
	w := demoFeatures(t)
	zones := map[string]orb.Polygon{}
	for _, z := range w["custody_zones"] {
		zones[z.str("person")] = z.geom.(orb.Polygon)
	}
	lg := &logs{}
	e := testEnv(20, lg)
	g := testGraph()
	c := newCustody(e, func(p orb.Point) bool { return g.inland(p, riverBank) }, w["custody_persons"], w["custody_zones"], w["listed_places"])
	people := map[string]*person{}
	for _, p := range c.people {
		people[p.id] = p
	}
	together := map[[2]string]float64{} // seconds each gathering pair spent within 50 m
	began := map[[2]string]float64{}
	visits := map[[2]string]float64{} // person and listed place: when the visit began
	silentSince := map[string]float64{}
	var items []item
	for tick := 0; tick < 720; tick++ {
		items = append(items, run(c, e, 1, 10)...)
		for _, r := range lg.with("sim: rule break") {
			switch r["rule"] {
			case "gathering":
				ids := r["persons"].([]string)
				k := [2]string{ids[0], ids[1]}
				if _, ok := together[k]; !ok {
					together[k], began[k] = 0, e.t
				}
				if spatial.Distance(people[ids[0]].pos, people[ids[1]].pos) <= 50 {
					together[k] += 10
				}
			case "listed_place":
				k := [2]string{r["person"].(string), r["place"].(string)}
				if _, ok := visits[k]; !ok {
					visits[k] = e.t
				}
			case "missed_checkin":
				if _, ok := silentSince[r["person"].(string)]; !ok {
					silentSince[r["person"].(string)] = e.t
				}
			}
		}
		for id, since := range silentSince {
			for _, it := range e.out.items["custody_persons"] {
				if it.ID == id && e.t > since {
					t.Errorf("%s reported %.0f s after it was logged as missing check-ins", id, e.t-since)
				}
			}
		}
	}
	breakers := broke(lg, "leave_zone", "listed_place", "gathering")
	outside := 0
	for _, it := range items {
		if z, ok := zones[it.ID]; ok && !spatial.Contains(z, orb.Point{*it.Lon, *it.Lat}) {
			outside++
			if !breakers[it.ID] {
				t.Errorf("%s reported a fix outside their zone, and no rule break was logged", it.ID)
			}
		}
	}
	met := 0
	for k, secs := range together {
		switch {
		case secs >= 10*60:
			met++
		case began[k] < e.t-3600:
			// Even the longest approach (a few km at 12 km/h) is over well
			// within the hour.
			t.Errorf("gathering %v, from %.0f s: only %.0f s within 50 m by %.0f s", k, began[k], secs, e.t)
		}
	}
	places := map[string]orb.Polygon{}
	for _, lp := range w["listed_places"] {
		places[lp.id] = lp.geom.(orb.Polygon)
	}
	for k, from := range visits {
		seen := false
		for _, it := range items {
			seen = seen || it.ID == k[0] && spatial.Contains(places[k[1]], orb.Point{*it.Lon, *it.Lat})
		}
		if !seen && from < e.t-3600 {
			t.Errorf("%s was logged going into %s but never reported from inside it", k[0], k[1])
		}
	}
	t.Logf("%d fixes, %d outside zones by %d breakers, %d of %d gatherings lasted 10 minutes, %d silent, scenarios %v",
		len(items), outside, len(breakers), met, len(together), len(silentSince), e.stats.snapshot().Scenarios)
	if outside == 0 || met == 0 || len(silentSince) == 0 {
		t.Error("two hours at 20 times the rate should see people leave their zones, meet and go silent")
	}
}

// TestFleetRules drives the official cars of the demo world for three
// office hours with misuse ten times as frequent, and checks every fix
// against the trips the log announced.
func TestFleetRules(t *testing.T) {
	w := demoFeatures(t)
	ds, _ := chongqing.Districts()
	lg := &logs{}
	e := testEnv(10, lg)
	g := testGraph()
	f := newFleet(e, g, chongqing.NewLocator(ds), w["vehicles"], w["listed_places"])
	type trip struct {
		rule, vehicle string
		from          float64
		to            orb.Point
		done          bool
	}
	trips := map[[2]string]*trip{} // by rule and vehicle
	var items []item
	for range 3 * 360 {
		out := run(f, e, 1, 10)
		items = append(items, out...)
		for _, r := range lg.with("sim: rule break") {
			k := [2]string{r["rule"].(string), r["vehicle"].(string)}
			if _, ok := trips[k]; !ok && r["lon"] != nil {
				trips[k] = &trip{rule: k[0], vehicle: k[1], from: e.t, to: orb.Point{r["lon"].(float64), r["lat"].(float64)}}
			}
		}
		for _, it := range out {
			p := orb.Point{*it.Lon, *it.Lat}
			if tr := trips[[2]string{"out_of_area", it.ID}]; tr != nil && !g.jb.contains(p) {
				tr.done = true
			}
			if tr := trips[[2]string{"forbidden_venue", it.ID}]; tr != nil && spatial.Distance(p, tr.to) < 150 {
				tr.done = true
			}
		}
	}
	away := broke(lg, "out_of_area")
	moving := 0
	for _, it := range items {
		p := orb.Point{*it.Lon, *it.Lat}
		if !g.jb.contains(p) && !away[it.ID] {
			t.Errorf("%s at %v, outside 江北区, on no logged out-of-area trip", it.ID, p)
		}
		st, v := it.Properties["status"], *it.Speed
		if st == "moving" {
			moving++
		}
		if (st == "moving") != (it.Properties["ignition"] == true) || (st == "moving") != (v >= 20) || v > 60 {
			t.Errorf("%s: %v at %.1f km/h, ignition %v", it.ID, st, v, it.Properties["ignition"])
		}
	}
	for _, tr := range trips {
		if !tr.done && tr.from < e.t-5400 {
			t.Errorf("%s %s: logged at %.0f s, but the car never got there", tr.rule, tr.vehicle, tr.from)
		}
	}
	if n := len(broke(lg, "out_of_hours")); n > 0 {
		t.Errorf("%d trips logged out of hours between 10:00 and 13:00 on a Monday", n)
	}
	t.Logf("%d fixes (%d moving), %d misuse trips, scenarios %v", len(items), moving, len(trips), e.stats.snapshot().Scenarios)
	if len(trips) == 0 {
		t.Error("no misuse in three hours at ten times the rate")
	}
}
