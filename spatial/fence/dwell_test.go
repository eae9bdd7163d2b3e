package fence

import (
	"testing"
	"time"
)

const (
	sec    = time.Second
	minute = time.Minute
)

func TestDwell(t *testing.T) {
	home := func(dwell time.Duration, fixes int) Zone {
		z := circle("home", Inclusion, 500)
		z.Dwell, z.DwellFixes = dwell, fixes
		return z
	}
	in, out := east(0), east(700)
	play(t, []scenario{
		{"by time: the change fires once it has held 60 s", []Zone{home(60*sec, 0)}, []step{
			{at: 0, p: in},
			{at: 10 * sec, p: out},
			{at: 40 * sec, p: out},
			{at: 70 * sec, p: out, want: ev("exit home definite violation")},
			{at: 80 * sec, p: out},
		}},
		{"by time: a single stray fix outside fires nothing", []Zone{home(60*sec, 0)}, []step{
			{at: 0, p: in},
			{at: 10 * sec, p: out},
			{at: 20 * sec, p: in},
			{at: 100 * sec, p: in},
			{at: 200 * sec, tick: true},
		}},
		{"by fixes: three in a row", []Zone{home(0, 3)}, []step{
			{at: 0, p: in},
			{at: 1 * sec, p: out},
			{at: 2 * sec, p: out},
			{at: 3 * sec, p: in},
			{at: 4 * sec, p: out},
			{at: 5 * sec, p: out},
			{at: 6 * sec, p: out, want: ev("exit home definite violation")},
		}},
		{"by fixes: a single stray fix fires nothing, even after long", []Zone{home(0, 2)}, []step{
			{at: 0, p: in},
			{at: 10 * sec, p: out},
			{at: time.Hour, tick: true},
			{at: time.Hour + sec, p: in},
		}},
		{"both: three fixes are not enough within the dwell", []Zone{home(60*sec, 3)}, []step{
			{at: 0, p: out},
			{at: 10 * sec, p: out},
			{at: 20 * sec, p: out},
			{at: 65 * sec, p: out, want: ev("exit home definite violation")},
		}},
		{"both: the dwell is not enough with two fixes", []Zone{home(60*sec, 3)}, []step{
			{at: 0, p: out},
			{at: 70 * sec, p: out},
			{at: 80 * sec, p: out, want: ev("exit home definite violation")},
		}},
		{"by time via Tick: the dwell runs out with no new fix", []Zone{home(60*sec, 0)}, []step{
			{at: 0, p: in},
			{at: 10 * sec, p: out},
			{at: 69 * sec, tick: true},
			{at: 70 * sec, tick: true, want: ev("exit home definite violation")},
			{at: 200 * sec, tick: true},
		}},
		{"via Tick: not before the fix count is reached", []Zone{home(60*sec, 2)}, []step{
			{at: 10 * sec, p: out},
			{at: 100 * sec, tick: true},
			{at: 110 * sec, p: out, want: ev("exit home definite violation")},
		}},
		{"Possible to Definite is debounced like a change", []Zone{home(60*sec, 0)}, []step{
			{at: 0, p: east(520), acc: 50},
			{at: 60 * sec, p: east(520), acc: 50, want: ev("exit home possible")},
			{at: 70 * sec, p: out},
			{at: 100 * sec, p: out},
			{at: 130 * sec, tick: true, want: ev("exit home definite violation")},
		}},
		{"back inside before the dwell cancels a pending exit", []Zone{home(60*sec, 0)}, []step{
			{at: 0, p: out},
			{at: 30 * sec, p: in},
			{at: 60 * sec, tick: true},
			{at: 120 * sec, tick: true},
		}},
	})
}

func TestInsideTooLong(t *testing.T) {
	venue := func(dwell time.Duration) Zone {
		z := box("venue", Exclusion, 100)
		z.MaxInside, z.Dwell = 10*minute, dwell
		return z
	}
	in, out := east(0), east(500)
	play(t, []scenario{
		{"via Observe", []Zone{venue(0)}, []step{
			{at: 0, p: in, want: ev("enter venue definite violation")},
			{at: 5 * minute, p: in},
			{at: 11 * minute, p: in, want: ev("inside_too_long venue definite violation")},
			{at: 20 * minute, p: in},
			{at: 21 * minute, p: out, want: ev("exit venue definite")},
			{at: 22 * minute, p: in, want: ev("enter venue definite violation")},
			{at: 31 * minute, p: in},
			{at: 32 * minute, p: in, want: ev("inside_too_long venue definite violation")},
		}},
		{"via Tick", []Zone{venue(0)}, []step{
			{at: 0, p: in, want: ev("enter venue definite violation")},
			{at: 10*minute - sec, tick: true},
			{at: 10 * minute, tick: true, want: ev("inside_too_long venue definite violation")},
			{at: 30 * minute, tick: true},
		}},
		{"counted from the first fix inside, not the confirmation", []Zone{venue(minute)}, []step{
			{at: 0, p: in},
			{at: minute, p: in, want: ev("enter venue definite violation")},
			{at: 5 * minute, p: out},
			{at: 5*minute + 30*sec, p: in},
			{at: 10 * minute, tick: true, want: ev("inside_too_long venue definite violation")},
		}},
		{"not after leaving", []Zone{venue(0)}, []step{
			{at: 0, p: in, want: ev("enter venue definite violation")},
			{at: 5 * minute, p: out, want: ev("exit venue definite")},
			{at: 30 * minute, tick: true},
		}},
		{"Possible inside raises it possible, then definite", []Zone{venue(0)}, []step{
			{at: 0, p: east(90), acc: 30, want: ev("enter venue possible")},
			{at: 10 * minute, tick: true, want: ev("inside_too_long venue possible")},
			{at: 11 * minute, p: in, want: ev("enter venue definite violation", "inside_too_long venue definite violation")},
		}},
	})
}

func TestTickEventTimes(t *testing.T) {
	z := circle("home", Inclusion, 500)
	z.Dwell, z.MaxInside = time.Minute, 0
	e := mustEngine(t, z)
	e.Observe(Fix{Subject: "p1", Point: east(700), Time: monday})
	got := e.Tick(monday.Add(time.Hour))
	if len(got) != 1 {
		t.Fatalf("got %q, want one exit", describeAll(got))
	}
	ev := got[0]
	if !ev.Time.Equal(monday.Add(time.Minute)) || !ev.Since.Equal(monday) || !ev.Fix.Time.Equal(monday) {
		t.Errorf("time %v since %v fix %v; want the deadline %v, since the fix", ev.Time, ev.Since, ev.Fix.Time, monday.Add(time.Minute))
	}
	if ev.Distance < 199 || ev.Distance > 201 {
		t.Errorf("distance %.1f, want 200", ev.Distance)
	}
}
