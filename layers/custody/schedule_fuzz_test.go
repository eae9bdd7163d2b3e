package custody

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"lookout/spatial/fence"
)

// FuzzParseSchedule feeds ParseSchedule (the schedule property of a
// custody zone, written by anyone who may write zones) arbitrary text. It
// must never panic; it must refuse with an error starting "custody: ", or
// return always (no windows) or one daily window in China Standard Time
// whose start and end are distinct times of day, that prints back as the
// same window and that Active can judge at any time.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{
		"", "全天", "always", "ALWAYS", "07:00-22:00", "22:00-06:00", "00:00-24:00", "7:00-22:00", " 08:30 - 17:30 ",
		"07:00", "07:00-07:00", "25:00-06:00", "07:60-08:00", "ab:cd-ef:gh", "24:30-01:00", "24:00-00:00",
		"+7:00-22:00", "-1:00-02:00", "07:00-22:00-23:00", "07:00–22:00", "07：00-22：00", "7-22", "07:00-22:00 周一至周五",
		"9223372036854775807:00-01:00", "\x00",
	} {
		f.Add(s)
	}
	probes := []time.Time{
		time.Date(2026, 11, 23, 7, 0, 0, 0, fence.ChinaStandardTime),
		time.Date(2026, 11, 23, 23, 59, 59, 0, fence.ChinaStandardTime),
		time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, s string) {
		sched, err := ParseSchedule(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "custody: ") {
				t.Fatalf("ParseSchedule(%q): error %v without the package prefix", s, err)
			}
			return
		}
		switch len(sched.Windows) {
		case 0:
			return
		case 1:
		default:
			t.Fatalf("ParseSchedule(%q) = %d windows", s, len(sched.Windows))
		}
		w := sched.Windows[0]
		if sched.Location != fence.ChinaStandardTime || w.Days != 0 || w.Start == w.End ||
			w.Start < 0 || w.Start > 24*time.Hour || w.End < 0 || w.End > 24*time.Hour ||
			w.Start%time.Minute != 0 || w.End%time.Minute != 0 {
			t.Fatalf("ParseSchedule(%q) = %+v", s, sched)
		}
		hm := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
		again, err := ParseSchedule(hm(w.Start) + "-" + hm(w.End))
		if err != nil || len(again.Windows) != 1 || again.Windows[0] != w {
			t.Fatalf("ParseSchedule(%q) = %+v does not read back from %s-%s: %+v, %v", s, w, hm(w.Start), hm(w.End), again, err)
		}
		for _, at := range probes {
			sched.Active(at)
		}
	})
}
