package gather

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Scenarios happen on a line running east from 解放碑 (Jiefangbei, 渝中区),
// one fix a minute unless told otherwise; positions are metres east.
var (
	jiefangbei = orb.Point{106.5771, 29.5576}
	t0         = time.Date(2026, 11, 23, 14, 0, 0, 0, time.FixedZone("CST", 8*3600))
)

// at returns the instant min minutes after t0.
func at(min float64) time.Time { return t0.Add(time.Duration(min * float64(time.Minute))) }

// east returns the point m metres east of 解放碑.
func east(m float64) orb.Point { return spatial.Destination(jiefangbei, 90, m) }

// step is a fix of who at minute min, m metres east, or a Tick when who is
// empty.
type step struct {
	min float64
	who string
	m   float64
}

// every returns fixes of who at m metres each minute from..to (inclusive).
func every(who string, from, to int, m float64) []step {
	var s []step
	for i := from; i <= to; i++ {
		s = append(s, step{float64(i), who, m})
	}
	return s
}

func tick(min float64) []step { return []step{{min: min}} }

// inOrder merges parts by time, keeping the given order at equal times.
func inOrder(parts ...[]step) []step {
	s := slices.Concat(parts...)
	slices.SortStableFunc(s, func(a, b step) int {
		switch {
		case a.min < b.min:
			return -1
		case a.min > b.min:
			return 1
		}
		return 0
	})
	return s
}

// then joins parts in arrival order: each part arrives after the one
// before, whatever its times, which is how a late batch is written.
func then(parts ...[]step) []step { return slices.Concat(parts...) }

// run feeds steps to d and returns every event.
func run(d *Detector, steps []step) []Event {
	var out []Event
	for _, s := range steps {
		if s.who == "" {
			out = append(out, d.Tick(at(s.min))...)
		} else {
			out = append(out, d.Observe(s.who, east(s.m), at(s.min))...)
		}
	}
	return out
}

// describe renders events compactly, e.g. "start@10 since 0 A,B" or
// "end@15 since 0 A,B apart late", minutes after t0.
func describe(evs []Event) []string {
	min := func(t time.Time) string { return fmt.Sprint(t.Sub(t0).Minutes()) }
	var out []string
	for _, e := range evs {
		var ids []string
		for _, m := range e.Members {
			ids = append(ids, m.Person)
		}
		s := fmt.Sprintf("%s@%s since %s %s", e.Kind, min(e.At), min(e.Start), strings.Join(ids, ","))
		if e.Cause != "" {
			s += " " + e.Cause
		}
		if e.Late {
			s += " late"
		}
		out = append(out, s)
	}
	return out
}

// check compares events with the expected descriptions.
func check(t *testing.T, got []Event, want []string) {
	t.Helper()
	if g := describe(got); !slices.Equal(g, want) {
		t.Errorf("events:\n got  %q\n want %q", g, want)
	}
}

// groups sets every person's group: "A:c1 B:c1 C:c2".
func groups(d *Detector, spec string) {
	for _, f := range strings.Fields(spec) {
		who, g, _ := strings.Cut(f, ":")
		d.SetGroup(who, g)
	}
}
