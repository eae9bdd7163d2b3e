package fence

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestPutInvalid(t *testing.T) {
	poly := orb.Polygon{square(jiefangbei, 100)}
	bowtie := orb.Polygon{{{106.57, 29.55}, {106.58, 29.56}, {106.58, 29.55}, {106.57, 29.56}, {106.57, 29.55}}}
	open := orb.Polygon{{{106.57, 29.55}, {106.58, 29.55}, {106.58, 29.56}, {106.57, 29.56}}}
	cases := []struct {
		name     string
		z        Zone
		geometry bool // also wraps spatial.ErrInvalidGeometry
	}{
		{"empty ID", Zone{Kind: Exclusion, Shape: poly}, false},
		{"no kind", Zone{ID: "z", Shape: poly}, false},
		{"unknown kind", Zone{ID: "z", Kind: 7, Shape: poly}, false},
		{"no shape", Zone{ID: "z", Kind: Exclusion}, true},
		{"a line", Zone{ID: "z", Kind: Exclusion, Shape: orb.LineString{{106.5, 29.5}, {106.6, 29.6}}}, false},
		{"point without radius", Zone{ID: "z", Kind: Exclusion, Shape: jiefangbei}, false},
		{"point with NaN radius", Zone{ID: "z", Kind: Exclusion, Shape: jiefangbei, Radius: math.NaN()}, false},
		{"point with infinite radius", Zone{ID: "z", Kind: Exclusion, Shape: jiefangbei, Radius: math.Inf(1)}, false},
		{"point out of range", Zone{ID: "z", Kind: Exclusion, Shape: orb.Point{200, 29}, Radius: 10}, true},
		{"polygon with radius", Zone{ID: "z", Kind: Exclusion, Shape: poly, Radius: 10}, false},
		{"negative ring", Zone{ID: "z", Kind: Exclusion, Shape: poly, Warn: -1}, false},
		{"NaN ring", Zone{ID: "z", Kind: Exclusion, Shape: poly, Warn: math.NaN()}, false},
		{"negative dwell", Zone{ID: "z", Kind: Exclusion, Shape: poly, Dwell: -time.Second}, false},
		{"negative dwell fixes", Zone{ID: "z", Kind: Exclusion, Shape: poly, DwellFixes: -1}, false},
		{"negative max inside", Zone{ID: "z", Kind: Exclusion, Shape: poly, MaxInside: -time.Second}, false},
		{"empty subject", Zone{ID: "z", Kind: Exclusion, Shape: poly, Subjects: []string{"p1", ""}}, false},
		{"self-crossing ring", Zone{ID: "z", Kind: Exclusion, Shape: bowtie}, true},
		{"ring not closed", Zone{ID: "z", Kind: Exclusion, Shape: open}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustEngine(t, Zone{ID: "z", Kind: Inclusion, Shape: jiefangbei, Radius: 1})
			err := e.Put(c.z)
			if !errors.Is(err, ErrInvalidZone) {
				t.Fatalf("Put: %v, want ErrInvalidZone", err)
			}
			if errors.Is(err, spatial.ErrInvalidGeometry) != c.geometry {
				t.Errorf("Put: %v; wraps ErrInvalidGeometry: want %v", err, c.geometry)
			}
			if z, ok := e.Zone("z"); !ok || z.Kind != Inclusion || e.Len() != 1 {
				t.Errorf("a rejected Put changed the engine: %+v, %d zones", z, e.Len())
			}
		})
	}
}

func TestPutKeepsACopy(t *testing.T) {
	subjects := []string{"p1", "p1", "p2"}
	windows := []Window{{Start: 22 * hour, End: 6 * hour}}
	ring := square(jiefangbei, 100)
	e := mustEngine(t, Zone{ID: "z", Kind: Exclusion, Shape: orb.Polygon{ring}, Subjects: subjects,
		Schedule: Schedule{Location: ChinaStandardTime, Windows: windows}})
	subjects[0], windows[0].Start, ring[0][0] = "p9", hour, 0
	z, _ := e.Zone("z")
	if !slices.Equal(z.Subjects, []string{"p1", "p2"}) || z.Schedule.Windows[0].Start != 22*hour ||
		z.Shape.(orb.Polygon)[0][0][0] == 0 {
		t.Errorf("the engine's zone changed with the caller's slices: %+v", z)
	}
}

func TestSubjects(t *testing.T) {
	mine := circle("home-p1", Inclusion, 500)
	mine.Subjects = []string{"p1"}
	listed := box("listed", Exclusion, 100)
	listed.Subjects = []string{"p1", "p3"}
	district := Zone{ID: "jiangbei", Kind: Inclusion, Shape: orb.Polygon{square(east(3000), 1000)}}
	play(t, []scenario{
		{"a person's allowed area does not fire for others", []Zone{mine}, []step{
			{at: 0, p: east(900), subject: "p2"},
			{at: 0, p: east(900), want: ev("exit home-p1 definite violation")},
		}},
		{"a listed place fires for its listed subjects only", []Zone{listed}, []step{
			{at: 0, p: east(0), subject: "p2"},
			{at: 0, p: east(0), subject: "p3", want: ev("p3: enter listed definite violation")},
			{at: 0, p: east(0), want: ev("enter listed definite violation")},
		}},
		{"an inclusion zone for everyone fires however far away", []Zone{district}, []step{
			{at: 0, p: east(3000), subject: "car1"},
			{at: minute, p: from(jiefangbei, 200, 50000), subject: "car1", want: ev("car1: exit jiangbei definite violation")},
			{at: minute, p: from(jiefangbei, 20, 80000), subject: "car2", want: ev("car2: exit jiangbei definite violation")},
		}},
		{"events of one fix come ordered by zone", []Zone{listed, mine, box("a-venue", Exclusion, 50)}, []step{
			{at: 0, p: east(900), want: ev("exit home-p1 definite violation")},
			{at: minute, p: east(0), want: ev("enter a-venue definite violation", "enter home-p1 definite", "enter listed definite violation")},
		}},
	})
}

// obs observes p1 at p, at after monday, and describes the events.
func obs(e *Engine, p orb.Point, at time.Duration) []string {
	return describeAll(e.Observe(Fix{Subject: "p1", Point: p, Time: monday.Add(at)}))
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

func TestReplace(t *testing.T) {
	put := func(t *testing.T, e *Engine, z Zone) {
		t.Helper()
		if err := e.Put(z); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("same kind keeps the state: no second enter", func(t *testing.T) {
		venue := box("venue", Exclusion, 100)
		e := mustEngine(t, venue)
		check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
		venue.Warn = 50
		put(t, e, venue)
		check(t, "still in", obs(e, east(0), minute), nil)
		check(t, "into the new ring", obs(e, east(130), 2*minute), ev("exit venue definite"))
		if e.Len() != 1 {
			t.Errorf("Len = %d after replacing", e.Len())
		}
	})
	t.Run("a moved allowed area is judged at the next fix", func(t *testing.T) {
		home := circle("home", Inclusion, 500)
		e := mustEngine(t, home)
		check(t, "home", obs(e, east(0), 0), nil)
		home.Shape = east(2000)
		put(t, e, home)
		check(t, "same place", obs(e, east(0), minute), ev("exit home definite violation"))
	})
	t.Run("a venue moved away is left", func(t *testing.T) {
		venue := box("venue", Exclusion, 100)
		e := mustEngine(t, venue)
		check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
		venue.Shape = orb.Polygon{square(east(5000), 100)}
		put(t, e, venue)
		check(t, "same place", obs(e, east(0), minute), ev("exit venue definite"))
	})
	t.Run("a new kind resets the state", func(t *testing.T) {
		venue := box("z", Exclusion, 100)
		e := mustEngine(t, venue)
		check(t, "in", obs(e, east(0), 0), ev("enter z definite violation"))
		venue.Kind = Inclusion
		put(t, e, venue)
		check(t, "in, now allowed", obs(e, east(0), minute), nil)
		check(t, "out", obs(e, east(500), 2*minute), ev("exit z definite violation"))
	})
	t.Run("a subject taken off the zone is forgotten", func(t *testing.T) {
		venue := box("venue", Exclusion, 100)
		venue.Subjects = []string{"p1"}
		e := mustEngine(t, venue)
		check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
		venue.Subjects = []string{"p2"}
		put(t, e, venue)
		check(t, "in, not listed", obs(e, east(0), minute), nil)
		if s, _ := e.State("p1", "venue"); s != 0 {
			t.Errorf("State = %v, want none", s)
		}
	})
	t.Run("a shorter MaxInside is rescheduled", func(t *testing.T) {
		venue := box("venue", Exclusion, 100)
		venue.MaxInside = time.Hour
		e := mustEngine(t, venue)
		check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
		venue.MaxInside = 10 * minute
		put(t, e, venue)
		check(t, "tick", describeAll(e.Tick(monday.Add(10*minute))), ev("inside_too_long venue definite violation"))
	})
}

func TestDelete(t *testing.T) {
	venue := box("venue", Exclusion, 100)
	venue.MaxInside = 10 * minute
	e := mustEngine(t, venue, circle("home", Inclusion, 5000))
	check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
	if !e.Delete("venue") || e.Len() != 1 {
		t.Fatalf("Delete: Len = %d", e.Len())
	}
	check(t, "in a deleted zone", obs(e, east(0), minute), nil)
	check(t, "its deadline", describeAll(e.Tick(monday.Add(time.Hour))), nil)
	if s, _ := e.State("p1", "venue"); s != 0 {
		t.Errorf("State = %v, want none", s)
	}
	if e.Delete("venue") {
		t.Error("second Delete reported the zone present")
	}
}

func TestOrder(t *testing.T) {
	home := circle("home", Inclusion, 500)
	home.Dwell = time.Minute
	counted := circle("home", Inclusion, 500)
	counted.DwellFixes = 2
	in, out := east(0), east(900)
	t.Run("a late batch in order is judged by its own times", func(t *testing.T) {
		e := mustEngine(t, home)
		obs(e, in, 0)
		check(t, "tick before the batch", describeAll(e.Tick(monday.Add(time.Hour))), nil)
		check(t, "+10s", obs(e, out, 10*sec), nil)
		check(t, "+40s", obs(e, out, 40*sec), nil)
		got := e.Observe(Fix{Subject: "p1", Point: out, Time: monday.Add(75 * sec)})
		check(t, "+75s", describeAll(got), ev("exit home definite violation"))
		if len(got) == 1 && (!got[0].Time.Equal(monday.Add(75*sec)) || !got[0].Since.Equal(monday.Add(10*sec))) {
			t.Errorf("time %v since %v, want the fixes' times", got[0].Time, got[0].Since)
		}
	})
	t.Run("a stale fix does not flip the state back", func(t *testing.T) {
		e := mustEngine(t, circle("home", Inclusion, 500))
		check(t, "out", obs(e, out, time.Minute), ev("exit home definite violation"))
		check(t, "stale, in", obs(e, in, 30*sec), nil)
		check(t, "duplicate, in", obs(e, in, time.Minute), nil)
		if s, _ := e.State("p1", "home"); s != Outside {
			t.Errorf("State = %v after a stale fix, want outside", s)
		}
		check(t, "still out", obs(e, out, 90*sec), nil)
		check(t, "back", obs(e, in, 120*sec), ev("enter home definite"))
	})
	t.Run("stale and duplicate fixes do not count towards DwellFixes", func(t *testing.T) {
		e := mustEngine(t, counted)
		check(t, "out", obs(e, out, 0), nil)
		check(t, "stale, out", obs(e, out, -sec), nil)
		check(t, "duplicate, out", obs(e, out, 0), nil)
		check(t, "second, out", obs(e, out, sec), ev("exit home definite violation"))
	})
}

func TestUnusableFixes(t *testing.T) {
	e := mustEngine(t, box("venue", Exclusion, 100))
	for name, f := range map[string]Fix{
		"no subject":        {Point: jiefangbei, Time: monday},
		"zero time":         {Subject: "p1", Point: jiefangbei},
		"NaN point":         {Subject: "p1", Point: orb.Point{math.NaN(), 29.5}, Time: monday},
		"latitude 91":       {Subject: "p1", Point: orb.Point{106.5, 91}, Time: monday},
		"negative accuracy": {Subject: "p1", Point: jiefangbei, Accuracy: -1, Time: monday},
		"NaN accuracy":      {Subject: "p1", Point: jiefangbei, Accuracy: math.NaN(), Time: monday},
	} {
		if got := e.Observe(f); got != nil {
			t.Errorf("%s: %q", name, describeAll(got))
		}
	}
	if len(e.subjects) != 0 {
		t.Errorf("unusable fixes left %d subjects", len(e.subjects))
	}
}

func TestForget(t *testing.T) {
	venue := box("venue", Exclusion, 100)
	venue.MaxInside = 10 * minute
	e := mustEngine(t, venue)
	check(t, "in", obs(e, east(0), 0), ev("enter venue definite violation"))
	e.Forget("p1")
	check(t, "tick", describeAll(e.Tick(monday.Add(time.Hour))), nil)
	check(t, "in again, as new", obs(e, east(0), -time.Hour), ev("enter venue definite violation"))
}

func TestAlarms(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h alarms
	live := &track{}
	for range 1000 {
		at := monday.Add(time.Duration(r.IntN(1e6)) * time.Millisecond)
		h.push(alarm{at: at, t: &track{dead: r.IntN(2) == 0, due: at}})
	}
	live.due = monday
	h.push(alarm{at: monday, t: live})
	h.compact()
	var last time.Time
	for len(h) > 0 {
		a := h.pop()
		if a.at.Before(last) || a.t.dead {
			t.Fatalf("popped %v after %v (dead %v)", a.at, last, a.t.dead)
		}
		last = a.at
	}
}

func TestAlarmsStayBounded(t *testing.T) {
	home := circle("home", Inclusion, 500)
	home.Dwell = time.Hour
	e := mustEngine(t, home)
	for i := range 10000 {
		p := east(0)
		if i%2 == 1 {
			p = east(900) // every other fix starts a new pending exit
		}
		obs(e, p, time.Duration(i)*sec)
	}
	e.Tick(monday.Add(3 * time.Hour))
	if len(e.alarms) > 1024 {
		t.Errorf("%d alarms left queued for %d tracks", len(e.alarms), e.tracked)
	}
}
