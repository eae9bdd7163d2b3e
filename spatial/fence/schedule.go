package fence

import (
	"errors"
	"fmt"
	"time"
)

// ChinaStandardTime is Asia/Shanghai, Chongqing's time zone, as a fixed
// offset: China has kept UTC+8 without summer time since 1991, so this needs
// no time zone database (which would mean reading files).
var ChinaStandardTime = time.FixedZone("CST", 8*60*60)

// Schedule says when a zone is in force: during any of its windows, read on
// the wall clock of Location. The zero Schedule is always in force.
//
// A curfew that keeps a person at home at night is
//
//	Schedule{Location: fence.ChinaStandardTime,
//		Windows: []Window{{Start: 22 * time.Hour, End: 6 * time.Hour}}}
//
// and office hours that keep official vehicles away from forbidden venues
// are {Days: Weekdays, Start: 8*time.Hour + 30*time.Minute, End: 17*time.Hour + 30*time.Minute}.
type Schedule struct {
	// Windows are the times the zone is in force; none means always.
	Windows []Window
	// Location is the time zone the windows are read in; required when
	// there are windows (a nil Location would silently mean UTC, which in
	// Chongqing puts a 22:00 curfew at 06:00).
	Location *time.Location
}

// Window is a daily time window, half open: in force from Start up to but
// not including End, both as durations since local midnight. An End before
// Start crosses midnight (22:00–06:00), and an End of 24 h runs to midnight.
// Days are the days the window starts on: a Monday–Friday curfew from 22:00
// to 06:00 holds from Friday 22:00 to Saturday 06:00 but not on Saturday
// night.
type Window struct {
	Days  Days
	Start time.Duration
	End   time.Duration
}

// Days is a set of weekdays, bit time.Weekday for each; the empty set means
// every day.
type Days uint8

// Common sets of days.
const (
	Weekdays = Days(1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday)
	Weekend  = Days(1<<time.Saturday | 1<<time.Sunday)
)

// On returns the set of the given days.
func On(days ...time.Weekday) Days {
	var d Days
	for _, w := range days {
		d |= 1 << w
	}
	return d
}

// Has reports whether the set holds day (every set holds every day when
// empty).
func (d Days) Has(day time.Weekday) bool {
	return d == 0 || d&(1<<day) != 0
}

const day = 24 * time.Hour

// Active reports whether the schedule is in force at t. It reads a nil
// Location as UTC (Put rejects a schedule without one).
func (s Schedule) Active(t time.Time) bool {
	if len(s.Windows) == 0 {
		return true
	}
	lt := t.In(s.location())
	h, m, sec := lt.Clock()
	tod := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(lt.Nanosecond())
	wd := lt.Weekday()
	for _, w := range s.Windows {
		if w.covers(wd, tod) {
			return true
		}
	}
	return false
}

// covers reports whether the window holds at time of day tod on weekday wd.
func (w Window) covers(wd time.Weekday, tod time.Duration) bool {
	if w.Start < w.End {
		return w.Days.Has(wd) && tod >= w.Start && tod < w.End
	}
	yesterday := (wd + 6) % 7
	return (w.Days.Has(wd) && tod >= w.Start) || (w.Days.Has(yesterday) && tod < w.End)
}

// next returns the first time after t at which one of the schedule's
// windows opens, and false for a schedule without windows. Tick uses it to
// raise, when a window opens, what the subject's state already violates.
func (s Schedule) next(t time.Time) (time.Time, bool) {
	var best time.Time
	loc := s.location()
	lt := t.In(loc)
	y, mo, d := lt.Date()
	for _, w := range s.Windows {
		for i := 0; i <= 7; i++ {
			// time.Date normalises the day and nanosecond overflow, which
			// keeps the start on the wall clock across summer-time changes.
			start := time.Date(y, mo, d+i, 0, 0, 0, int(w.Start), loc)
			if !w.Days.Has(start.Weekday()) || !start.After(t) {
				continue
			}
			if best.IsZero() || start.Before(best) {
				best = start
			}
			break
		}
	}
	return best, !best.IsZero()
}

func (s Schedule) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// errSchedule is wrapped by every schedule error.
var errSchedule = errors.New("schedule")

// validate checks that the schedule can be read: a Location when there are
// windows, and windows of a known set of days that start and end within the
// day and are not empty.
func (s Schedule) validate() error {
	if len(s.Windows) > 0 && s.Location == nil {
		return fmt.Errorf("%w: windows need a Location", errSchedule)
	}
	for i, w := range s.Windows {
		switch {
		case w.Days&^(Weekdays|Weekend) != 0:
			return fmt.Errorf("%w: window %d: unknown days %#x", errSchedule, i, uint8(w.Days))
		case w.Start < 0 || w.Start >= day:
			return fmt.Errorf("%w: window %d: start %v not within [0, 24h)", errSchedule, i, w.Start)
		case w.End <= 0 || w.End > day:
			return fmt.Errorf("%w: window %d: end %v not within (0, 24h]", errSchedule, i, w.End)
		case w.Start == w.End:
			return fmt.Errorf("%w: window %d: starts where it ends (%v); use 0 to 24h for a whole day", errSchedule, i, w.Start)
		}
	}
	return nil
}
