package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// visitorBox and the window [visitorFrom, visitorTo] are where and when
// testVisitors looks for visitors.
var (
	visitorBox             = orb.Bound{Min: orb.Point{106.5, 29.5}, Max: orb.Point{106.6, 29.6}}
	visitorFrom, visitorTo = sec(600), sec(1200)
)

// visitorFixes are the fixes testVisitors queries, each feature's named
// after where and when it is against visitorBox and the window.
func visitorFixes() []layers.Change {
	ms := time.Millisecond
	return []layers.Change{
		move(vehicle("in"), true, 106.55, 29.55, sec(900)),
		move(vehicle("corner-at-from"), true, 106.5, 29.5, visitorFrom),
		move(vehicle("corner-at-to"), true, 106.6, 29.6, visitorTo),
		move(vehicle("just-before"), true, 106.55, 29.55, visitorFrom.Add(-ms)),
		move(vehicle("just-after"), true, 106.55, 29.55, visitorTo.Add(ms)),
		move(vehicle("just-east"), true, 106.60001, 29.55, sec(900)),
		move(vehicle("just-south"), true, 106.55, 29.49999, sec(900)),
		// In the box before the window, and in the window outside the box:
		// never in the box during the window.
		move(vehicle("passing"), true, 106.55, 29.55, sec(300)),
		move(vehicle("passing"), false, 106.7, 29.55, sec(900)),
		// Outside, then inside later in the window.
		move(vehicle("arriving"), true, 106.4, 29.4, sec(700)),
		move(vehicle("arriving"), false, 106.59, 29.51, sec(1100)),
		move(responder("in"), true, 106.52, 29.58, sec(1000)),
		move(untracked("in"), true, 106.55, 29.55, sec(900)),
	}
}

func testVisitors(t *testing.T, e *env) {
	fixes(t, e.open(trackDefs...), visitorFixes()...)
	all := []string{"st_responders/in", "st_vehicles/arriving", "st_vehicles/corner-at-from", "st_vehicles/corner-at-to", "st_vehicles/in"}
	cases := []struct {
		name     string
		layers   []string
		box      orb.Bound
		from, to time.Time
		want     []string
	}{
		{"every tracked layer", nil, visitorBox, visitorFrom, visitorTo, all},
		{"vehicles only", []string{vehicles.Name}, visitorBox, visitorFrom, visitorTo, all[1:]},
		{"responders only", []string{responders.Name}, visitorBox, visitorFrom, visitorTo, all[:1]},
		{"both layers named", []string{vehicles.Name, responders.Name}, visitorBox, visitorFrom, visitorTo, all},
		{"an untracked layer has no visitors", []string{points.Name}, visitorBox, visitorFrom, visitorTo, nil},
		{"an instant window at from", nil, visitorBox, visitorFrom, visitorFrom, []string{"st_vehicles/corner-at-from"}},
		{"a box that is a point", nil, orb.Bound{Min: orb.Point{106.6, 29.6}, Max: orb.Point{106.6, 29.6}},
			visitorFrom, visitorTo, []string{"st_vehicles/corner-at-to"}},
		{"a window before every fix", nil, visitorBox, sec(0), sec(299), nil},
		{"a window before the box's fixes", nil, visitorBox, sec(0), sec(300), []string{"st_vehicles/passing"}},
		{"a box away from every fix", nil, orb.Bound{Min: orb.Point{100, 20}, Max: orb.Point{101, 21}}, sec(0), sec(3600), nil},
		{"from after to", nil, visitorBox, visitorTo, visitorFrom, nil},
	}
	for _, phase := range []string{"live", "after reopen"} {
		if phase == "after reopen" {
			e.open(trackDefs...)
		}
		tr := tracksOf(t, e)
		for _, c := range cases {
			keys, err := tr.Visitors(context.Background(), c.layers, c.box, c.from, c.to)
			if err != nil {
				t.Fatalf("%s, %s: Visitors: %v", phase, c.name, err)
			}
			if got, want := fmtKeys(keys), strings.Join(c.want, " "); got != want {
				t.Errorf("%s, %s: Visitors = [%s], want [%s]", phase, c.name, got, want)
			}
		}
	}
	checkNoLongerTracked(t, e)
}

// checkNoLongerTracked reopens the world with the vehicles no longer
// tracked: Visitors of every tracked layer leaves out their history, which
// is still there when asked for by name.
func checkNoLongerTracked(t *testing.T, e *env) {
	t.Helper()
	untrackedVehicles := *vehicles
	untrackedVehicles.Track = false
	e.open(points, &untrackedVehicles, responders)
	tr := tracksOf(t, e)
	for _, c := range []struct {
		layers []string
		want   string
	}{
		{nil, "st_responders/in"},
		{[]string{vehicles.Name}, "st_vehicles/arriving st_vehicles/corner-at-from st_vehicles/corner-at-to st_vehicles/in"},
	} {
		keys, err := tr.Visitors(context.Background(), c.layers, visitorBox, visitorFrom, visitorTo)
		if err != nil {
			t.Fatalf("Visitors(%v): %v", c.layers, err)
		}
		if got := fmtKeys(keys); got != c.want {
			t.Errorf("vehicles no longer tracked: Visitors(%v) = [%s], want [%s]", c.layers, got, c.want)
		}
	}
}

// fmtKeys shows keys as layer/id, space-separated, in their order.
func fmtKeys(keys []layers.Key) string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = fmt.Sprintf("%s/%s", k.Layer, k.ID)
	}
	return strings.Join(s, " ")
}
