package fence

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestCrossed(t *testing.T) {
	venue := box("venue", Exclusion, 50) // 100 m square at 解放碑
	round := circle("round", Exclusion, 50)
	ringed := venue
	ringed.Warn = 300
	mine := venue
	mine.Subjects = []string{"p2"}
	nights := venue
	nights.Schedule = curfew
	// A U open to the north: two 100 m arms 200 m apart, joined in the south.
	u := Zone{ID: "u", Kind: Exclusion, Shape: orb.Polygon{{
		from(east(-150), 180, 150), from(east(150), 180, 150), from(east(150), 0, 150),
		from(east(50), 0, 150), from(east(50), 180, 50), from(east(-50), 180, 50),
		from(east(-50), 0, 150), from(east(-150), 0, 150), from(east(-150), 180, 150),
	}}}
	west, eastward := east(-1000), east(1000) // 2 km apart, the venue between
	north := func(p orb.Point, m float64) orb.Point { return from(p, 0, m) }

	play(t, []scenario{
		{"a fix on each side of a small polygon", []Zone{venue}, []step{
			{at: 0, p: west},
			{at: minute, p: eastward, want: ev("crossed venue definite violation")},
			{at: 2 * minute, p: west, want: ev("crossed venue definite violation")},
		}},
		{"a circle", []Zone{round}, []step{
			{at: 0, p: west},
			{at: minute, p: eastward, want: ev("crossed round definite violation")},
		}},
		{"passing 200 m north misses", []Zone{venue}, []step{
			{at: 0, p: north(west, 200)},
			{at: minute, p: north(eastward, 200)},
		}},
		{"through the warning ring only is no crossing", []Zone{ringed}, []step{
			{at: 0, p: north(west, 200)},
			{at: minute, p: north(eastward, 200)},
		}},
		{"accuracy larger than the depth: possible, no violation", []Zone{venue}, []step{
			{at: 0, p: west, acc: 80},
			{at: minute, p: eastward, acc: 20, want: ev("crossed venue possible")},
		}},
		{"clipping a corner 5 m deep with 10 m accuracy is possible", []Zone{venue}, []step{
			{at: 0, p: north(west, 45), acc: 10},
			{at: minute, p: north(eastward, 45), acc: 10, want: ev("crossed venue possible")},
		}},
		{"fixes too far apart in time are not joined", []Zone{venue}, []step{
			{at: 0, p: west},
			{at: 11 * minute, p: eastward},
		}},
		{"a fix inside raises enter and exit instead", []Zone{venue}, []step{
			{at: 0, p: west},
			{at: minute, p: east(0), want: ev("enter venue definite violation")},
			{at: 2 * minute, p: eastward, want: ev("exit venue definite")},
		}},
		{"a zone for p2 only", []Zone{mine}, []step{
			{at: 0, p: west},
			{at: minute, p: eastward},
			{at: 0, p: west, subject: "p2"},
			{at: minute, p: eastward, subject: "p2", want: ev("p2: crossed venue definite violation")},
		}},
		{"out of its schedule", []Zone{nights}, []step{
			{at: 0, p: west},
			{at: minute, p: eastward},
		}},
		{"across a U's gap misses", []Zone{u}, []step{
			{at: 0, p: from(east(0), 0, 100)},
			{at: minute, p: from(east(0), 0, 1000)},
		}},
		{"across both arms of a U", []Zone{u}, []step{
			{at: 0, p: north(west, 100)},
			{at: minute, p: north(eastward, 100), want: ev("crossed u definite violation")},
		}},
	})
}

func TestCrossedEvent(t *testing.T) {
	e := mustEngine(t, box("venue", Exclusion, 50))
	a := Fix{Subject: "p1", Point: east(-1000), Time: monday}
	b := Fix{Subject: "p1", Point: east(1000), Time: monday.Add(minute)}
	e.Observe(a)
	got := e.Observe(b)
	if len(got) != 1 {
		t.Fatalf("got %q, want one crossing", describeAll(got))
	}
	ev := got[0]
	if ev.Prev != a || ev.Fix != b || !ev.Since.Equal(a.Time) || ev.State != Outside {
		t.Errorf("crossing event %+v: want the two fixes, since the first, state outside", ev)
	}
	if math.Abs(ev.Distance+50) > 1 {
		t.Errorf("distance %.1f, want -50 (the depth at the square's middle)", ev.Distance)
	}
}

func TestSegmentHitsBound(t *testing.T) {
	b := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}
	cases := []struct {
		name string
		a, c orb.Point
		want bool
	}{
		{"through", orb.Point{-1, 0.5}, orb.Point{2, 0.5}, true},
		{"inside", orb.Point{0.2, 0.2}, orb.Point{0.3, 0.3}, true},
		{"diagonal miss past a corner", orb.Point{-1, 0.5}, orb.Point{0.5, 2.1}, false},
		{"diagonal through a corner", orb.Point{-0.5, 0.6}, orb.Point{0.6, -0.5}, true},
		{"diagonal just missing a corner", orb.Point{-0.5, 0.4}, orb.Point{0.4, -0.5}, false},
		{"vertical beside", orb.Point{1.5, -1}, orb.Point{1.5, 2}, false},
		{"ends short", orb.Point{-2, 0.5}, orb.Point{-0.1, 0.5}, false},
	}
	for _, c := range cases {
		if got := segmentHitsBound(c.a, c.c, b); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
