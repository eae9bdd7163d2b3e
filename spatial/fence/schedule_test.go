package fence

import (
	"errors"
	"testing"
	"time"
)

// cst returns 2026-11-dd hh:mm:ss in Chongqing; the 23rd is a Monday.
func cst(dd, hh, mm, ss int) time.Time {
	return time.Date(2026, 11, dd, hh, mm, ss, 0, ChinaStandardTime)
}

const hour = time.Hour

var (
	curfew      = Schedule{Location: ChinaStandardTime, Windows: []Window{{Start: 22 * hour, End: 6 * hour}}}
	weekNights  = Schedule{Location: ChinaStandardTime, Windows: []Window{{Days: Weekdays, Start: 22 * hour, End: 6 * hour}}}
	officeHours = Schedule{Location: ChinaStandardTime, Windows: []Window{{Days: Weekdays, Start: 8*hour + 30*minute, End: 17*hour + 30*minute}}}
	evenings    = Schedule{Location: ChinaStandardTime, Windows: []Window{{Start: 20 * hour, End: 24 * hour}, {Days: On(time.Sunday), Start: 0, End: 24 * hour}}}
)

func TestScheduleActive(t *testing.T) {
	cases := []struct {
		name string
		s    Schedule
		at   time.Time
		want bool
	}{
		{"zero schedule is always", Schedule{}, cst(23, 3, 0, 0), true},
		{"curfew: 21:59:59", curfew, cst(23, 21, 59, 59), false},
		{"curfew: 22:00:00", curfew, cst(23, 22, 0, 0), true},
		{"curfew: just before midnight", curfew, cst(23, 23, 59, 59).Add(999 * time.Millisecond), true},
		{"curfew: midnight", curfew, cst(24, 0, 0, 0), true},
		{"curfew: 05:59:59", curfew, cst(24, 5, 59, 59), true},
		{"curfew: 06:00:00", curfew, cst(24, 6, 0, 0), false},
		{"curfew: noon", curfew, cst(24, 12, 0, 0), false},
		{"curfew: 22:00 given in UTC", curfew, time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC), true},
		{"week nights: Friday 22:30", weekNights, cst(27, 22, 30, 0), true},
		{"week nights: Saturday 01:00 (Friday's night)", weekNights, cst(28, 1, 0, 0), true},
		{"week nights: Saturday 22:30", weekNights, cst(28, 22, 30, 0), false},
		{"week nights: Sunday 01:00", weekNights, cst(29, 1, 0, 0), false},
		{"week nights: Monday 01:00 (Sunday's night)", weekNights, cst(23, 1, 0, 0), false},
		{"week nights: Tuesday 01:00", weekNights, cst(24, 1, 0, 0), true},
		{"office: Monday 08:29:59", officeHours, cst(23, 8, 29, 59), false},
		{"office: Monday 08:30:00", officeHours, cst(23, 8, 30, 0), true},
		{"office: Monday 17:29:59", officeHours, cst(23, 17, 29, 59), true},
		{"office: Monday 17:30:00", officeHours, cst(23, 17, 30, 0), false},
		{"office: Saturday 10:00", officeHours, cst(28, 10, 0, 0), false},
		{"office: Sunday 10:00", officeHours, cst(29, 10, 0, 0), false},
		{"to midnight: 23:59:59", evenings, cst(23, 23, 59, 59), true},
		{"to midnight: Tuesday 00:00", evenings, cst(24, 0, 0, 0), false},
		{"all day Sunday: 03:00", evenings, cst(29, 3, 0, 0), true},
		{"all day Sunday: Monday 00:00", evenings, cst(30, 0, 0, 0), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.Active(c.at); got != c.want {
				t.Errorf("Active(%v) = %v, want %v", c.at, got, c.want)
			}
		})
	}
}

func TestScheduleNext(t *testing.T) {
	cases := []struct {
		name     string
		s        Schedule
		from     time.Time
		want     time.Time
		wantNone bool
	}{
		{"curfew from the morning", curfew, cst(23, 10, 0, 0), cst(23, 22, 0, 0), false},
		{"curfew from its own start", curfew, cst(23, 22, 0, 0), cst(24, 22, 0, 0), false},
		{"office from Friday evening", officeHours, cst(27, 18, 0, 0), cst(30, 8, 30, 0), false},
		{"the earlier of two windows", evenings, cst(28, 21, 0, 0), cst(29, 0, 0, 0), false},
		{"Sundays only, from Monday", Schedule{Location: ChinaStandardTime, Windows: []Window{{Days: On(time.Sunday), Start: hour, End: 2 * hour}}},
			cst(23, 10, 0, 0), cst(29, 1, 0, 0), false},
		{"no windows", Schedule{}, cst(23, 10, 0, 0), time.Time{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.s.next(c.from)
			if ok == c.wantNone || !got.Equal(c.want) {
				t.Errorf("next(%v) = %v, %v; want %v", c.from, got, ok, c.want)
			}
		})
	}
}

func TestScheduleValidate(t *testing.T) {
	w := func(ws ...Window) Schedule { return Schedule{Location: ChinaStandardTime, Windows: ws} }
	bad := []struct {
		name string
		s    Schedule
	}{
		{"no location", Schedule{Windows: []Window{{Start: 22 * hour, End: 6 * hour}}}},
		{"start at 24h", w(Window{Start: 24 * hour, End: hour})},
		{"negative start", w(Window{Start: -hour, End: hour})},
		{"end 0", w(Window{Start: hour, End: 0})},
		{"end past 24h", w(Window{Start: hour, End: 25 * hour})},
		{"empty window", w(Window{Start: hour, End: hour})},
		{"unknown day bit", w(Window{Days: 1 << 7, Start: hour, End: 2 * hour})},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := mustEngineErr(Zone{ID: "z", Kind: Inclusion, Shape: jiefangbei, Radius: 100, Schedule: c.s})
			if !errors.Is(err, ErrInvalidZone) || !errors.Is(err, errSchedule) {
				t.Errorf("Put: %v, want an invalid schedule", err)
			}
		})
	}
	for _, s := range []Schedule{{}, curfew, weekNights, officeHours, evenings} {
		if err := s.validate(); err != nil {
			t.Errorf("validate(%v): %v", s.Windows, err)
		}
	}
}

func mustEngineErr(z Zone) error { return New().Put(z) }

func TestScheduledZones(t *testing.T) {
	home := circle("home", Inclusion, 500)
	home.Schedule = curfew
	venue := box("venue", Exclusion, 100)
	venue.Schedule = officeHours
	mon := func(hh, mm, ss int) time.Duration { return cst(23, hh, mm, ss).Sub(monday) }
	day := 24 * hour
	out, in := east(900), east(0)
	play(t, []scenario{
		{"curfew: 21:59:59 outside is fine, 22:00:00 is a violation", []Zone{home}, []step{
			{at: mon(21, 59, 59), p: out},
			{at: mon(22, 0, 0), p: out, want: ev("exit home definite violation")},
		}},
		{"curfew: a window opening on a violation fires via Tick", []Zone{home}, []step{
			{at: mon(21, 50, 0), p: out},
			{at: mon(21, 59, 59), tick: true},
			{at: mon(22, 0, 0), tick: true, want: ev("exit home definite violation")},
			{at: mon(23, 0, 0), tick: true},
		}},
		{"curfew: 05:59:59 is in force, 06:00:00 is not", []Zone{home}, []step{
			{at: day + mon(5, 59, 59), p: out, want: ev("exit home definite violation")},
			{at: day + mon(6, 0, 0), p: in},
			{at: day + mon(21, 0, 0), p: in},
			{at: day + mon(22, 0, 0), p: in, want: ev("enter home definite")},
		}},
		{"curfew: in force across midnight", []Zone{home}, []step{
			{at: mon(23, 30, 0), p: in},
			{at: day + mon(0, 30, 0), p: out, want: ev("exit home definite violation")},
		}},
		{"curfew: out and back during the day raises nothing", []Zone{home}, []step{
			{at: mon(12, 0, 0), p: out},
			{at: mon(18, 0, 0), p: in},
			{at: mon(22, 0, 0), p: in},
		}},
		{"office hours: a venue at the weekend raises nothing until Monday 08:30", []Zone{venue}, []step{
			{at: -2 * day, p: in}, // Saturday 10:00
			{at: mon(8, 29, 59), p: in},
			{at: mon(8, 30, 0), p: in, want: ev("enter venue definite violation")},
		}},
		{"office hours: staying on after hours is not a new violation", []Zone{venue}, []step{
			{at: 0, p: in, want: ev("enter venue definite violation")},
			{at: mon(18, 0, 0), p: in},
			{at: day + mon(9, 0, 0), p: in},
		}},
		{"office hours: leaving and coming back after hours is a new one next morning", []Zone{venue}, []step{
			{at: 0, p: in, want: ev("enter venue definite violation")},
			{at: mon(18, 0, 0), p: out},
			{at: mon(20, 0, 0), p: in},
			{at: day + mon(8, 30, 0), p: in, want: ev("enter venue definite violation")},
		}},
	})
}
