package fence

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestStates(t *testing.T) {
	home := circle("home", Inclusion, 500)
	venue := box("venue", Exclusion, 100)
	homeRing, venueRing := home, venue
	homeRing.Warn, venueRing.Warn = 100, 100

	edge := square(jiefangbei, 100)
	midEdge := orb.Point{edge[1][0], jiefangbei[1]} // middle of the east edge

	twoSquares := Zone{ID: "venues", Kind: Exclusion, Shape: orb.MultiPolygon{
		{square(jiefangbei, 100)}, {square(east(1000), 100)},
	}}
	holed := orb.Polygon{square(jiefangbei, 500), square(jiefangbei, 100)}
	yard := Zone{ID: "yard", Kind: Inclusion, Shape: holed}
	pond := Zone{ID: "pond", Kind: Exclusion, Shape: holed}

	play(t, []scenario{
		{"inclusion: inside, then definitely outside, then back", []Zone{home}, []step{
			{at: 0, p: east(100)},
			{at: 60e9, p: east(700), acc: 10, want: ev("exit home definite violation")},
			{at: 120e9, p: east(100), want: ev("enter home definite")},
		}},
		{"inclusion circle: on the edge is inside", []Zone{home}, []step{
			{at: 0, p: east(500)},
		}},
		{"inclusion polygon: on a vertex and an edge is inside", []Zone{box("home", Inclusion, 100)}, []step{
			{at: 0, p: edge[2]},
			{at: 60e9, p: midEdge},
		}},
		{"exclusion: on the edge is possibly inside, no violation", []Zone{venue}, []step{
			{at: 0, p: midEdge, want: ev("enter venue possible")},
			{at: 60e9, p: east(0), want: ev("enter venue definite violation")},
		}},
		{"inclusion: straddling is possible, then definite is a violation, once", []Zone{home}, []step{
			{at: 0, p: east(520), acc: 50, want: ev("exit home possible")},
			{at: 60e9, p: east(600), acc: 50, want: ev("exit home definite violation")},
			{at: 120e9, p: east(600), acc: 200},
			{at: 180e9, p: east(700), acc: 10},
		}},
		{"inclusion: inside but straddling raises nothing", []Zone{home}, []step{
			{at: 0, p: east(480), acc: 50},
		}},
		{"exclusion: straddling is possible, then definite", []Zone{venue}, []step{
			{at: 0, p: east(90), acc: 30, want: ev("enter venue possible")},
			{at: 60e9, p: east(0), acc: 30, want: ev("enter venue definite violation")},
			{at: 120e9, p: east(300), want: ev("exit venue definite")},
		}},
		{"exclusion: outside but straddling raises nothing", []Zone{venue}, []step{
			{at: 0, p: east(110), acc: 30},
		}},
		{"exclusion ring: warn, enter, back to the ring, away", []Zone{venueRing}, []step{
			{at: 0, p: east(500)},
			{at: 60e9, p: east(150), want: ev("warn_enter venue definite")},
			{at: 120e9, p: east(50), want: ev("enter venue definite violation")},
			{at: 180e9, p: east(150), want: ev("exit venue definite")},
			{at: 240e9, p: east(500), want: ev("warn_exit venue definite")},
		}},
		{"exclusion ring: straight from far outside to inside", []Zone{venueRing}, []step{
			{at: 0, p: east(500)},
			{at: 60e9, p: east(0), want: ev("enter venue definite violation")},
			{at: 120e9, p: east(500), want: ev("exit venue definite")},
		}},
		{"inclusion ring: near the edge, out, back, deep", []Zone{homeRing}, []step{
			{at: 0, p: east(0)},
			{at: 60e9, p: east(450), want: ev("warn_enter home definite")},
			{at: 120e9, p: east(600), want: ev("exit home definite violation")},
			{at: 180e9, p: east(450), want: ev("enter home definite")},
			{at: 240e9, p: east(100), want: ev("warn_exit home definite")},
		}},
		{"inclusion ring: first fix in the ring", []Zone{homeRing}, []step{
			{at: 0, p: east(450), want: ev("warn_enter home definite")},
		}},
		{"multipolygon: each part is the zone", []Zone{twoSquares}, []step{
			{at: 0, p: east(1000), want: ev("enter venues definite violation")},
			{at: 60e9, p: east(500), want: ev("exit venues definite")},
			{at: 120e9, p: east(0), want: ev("enter venues definite violation")},
		}},
		{"hole: inside the hole is outside an inclusion zone", []Zone{yard}, []step{
			{at: 0, p: east(300)},
			{at: 60e9, p: east(0), want: ev("exit yard definite violation")},
			{at: 120e9, p: east(300), want: ev("enter yard definite")},
		}},
		{"hole: inside the hole is outside an exclusion zone", []Zone{pond}, []step{
			{at: 0, p: east(0)},
			{at: 60e9, p: east(300), want: ev("enter pond definite violation")},
			{at: 120e9, p: east(0), want: ev("exit pond definite")},
		}},
	})
}

func TestDistance(t *testing.T) {
	holed := Zone{ID: "h", Kind: Inclusion, Shape: orb.Polygon{square(jiefangbei, 500), square(jiefangbei, 100)}}
	cases := []struct {
		name string
		z    Zone
		p    orb.Point
		want float64
	}{
		{"circle inside", circle("c", Inclusion, 500), east(400), -100},
		{"circle outside", circle("c", Inclusion, 500), east(650), 150},
		{"circle centre", circle("c", Inclusion, 500), jiefangbei, -500},
		{"square inside", box("b", Exclusion, 100), east(70), -30},
		{"square outside", box("b", Exclusion, 100), east(150), 50},
		{"square corner", box("b", Exclusion, 100), square(jiefangbei, 100)[0], 0},
		{"in the hole", holed, jiefangbei, 100},
		{"between hole and edge", holed, east(250), -150},
		{"outside the holed square", holed, east(600), 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			z, err := newZone(c.z)
			if err != nil {
				t.Fatal(err)
			}
			if got := z.distance(c.p); math.Abs(got-c.want) > 0.5 {
				t.Errorf("distance = %.3f m, want %.1f", got, c.want)
			}
		})
	}
}

func TestStateQuery(t *testing.T) {
	e := mustEngine(t, circle("home", Inclusion, 500), Zone{ID: "other", Kind: Inclusion, Shape: jiefangbei, Radius: 10, Subjects: []string{"p2"}})
	if s, c := e.State("p1", "home"); s != Inside || c != Definite {
		t.Errorf("never seen: %v %v, want inside definite (assumed)", s, c)
	}
	e.Observe(Fix{Subject: "p1", Point: east(520), Accuracy: 30, Time: monday})
	if s, c := e.State("p1", "home"); s != Outside || c != Possible {
		t.Errorf("just out, straddling: %v %v, want outside possible", s, c)
	}
	e.Observe(Fix{Subject: "p1", Point: east(900), Time: monday.Add(time.Minute)})
	if s, c := e.State("p1", "home"); s != Outside || c != Definite {
		t.Errorf("far out: %v %v, want outside definite", s, c)
	}
	if s, _ := e.State("p1", "other"); s != 0 {
		t.Errorf("zone for someone else: %v, want none", s)
	}
	if s, _ := e.State("p1", "nowhere"); s != 0 {
		t.Errorf("unknown zone: %v, want none", s)
	}
}
