package track

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// holed is a square of 200 m around the origin with a square hole of 60 m,
// and a second square of 100 m around (500, 0): along y = 0 the area is
// x in [-100, -30], [30, 100] and [450, 550].
var holed = NewArea(orb.MultiPolygon{
	{square(0, 0, 100), square(0, 0, 30)},
	{square(500, 0, 50)},
})

// window returns the window from and to seconds after t0.
func window(from, to float64) Window {
	return Window{From: t0.Add(time.Duration(from * float64(time.Second))), To: t0.Add(time.Duration(to * float64(time.Second)))}
}

func TestVisits(t *testing.T) {
	cases := []struct {
		name string
		pts  []Point
		w    Window
		want string
	}{
		{"no points", nil, window(0, 600), ""},
		{"always outside", []Point{fix(0, -200, 0), fix(60, -150, 0), fix(120, 0, 0)}, window(0, 600), ""},
		{"enters at the first fix inside and leaves at the first fix outside",
			[]Point{fix(0, -200, 0), fix(60, -50, 0), fix(90, -60, 10), fix(120, 200, 0)}, window(0, 600),
			"1m0s-2m0s(1..2)"},
		{"inside at the start, as the fix before From says",
			[]Point{fix(0, -50, 0), fix(120, -60, 0), fix(180, 200, 0)}, window(60, 600),
			"|1m0s-3m0s(0..1)"},
		{"the first fix is inside and none is before it",
			[]Point{fix(60, -50, 0), fix(180, 200, 0)}, window(0, 600),
			"|1m0s-3m0s(0..0)"},
		{"still inside at the end", []Point{fix(0, -200, 0), fix(60, -50, 0)}, window(0, 600),
			"1m0s-10m0s|(1..1)"},
		{"leaves after the window", []Point{fix(0, -200, 0), fix(60, -50, 0), fix(700, 200, 0)}, window(0, 600),
			"1m0s-10m0s|(1..1)"},
		{"a visit over before the window",
			[]Point{fix(0, -200, 0), fix(60, -50, 0), fix(120, 200, 0), fix(400, 300, 0)}, window(300, 600), ""},
		{"leaving at From exactly is no visit",
			[]Point{fix(0, -200, 0), fix(60, -50, 0), fix(120, 200, 0)}, window(120, 600), ""},
		{"a visit after the window", []Point{fix(0, -200, 0), fix(120, -50, 0)}, window(0, 100), ""},
		{"entering at To exactly is a visit of no duration",
			[]Point{fix(0, -200, 0), fix(120, -50, 0)}, window(0, 120), "2m0s-2m0s|(1..1)"},
		{"through the hole is two visits",
			[]Point{fix(0, -200, 0), fix(60, -60, 0), fix(120, 0, 0), fix(180, 60, 0), fix(240, 200, 0)}, window(0, 600),
			"1m0s-2m0s(1..1) 3m0s-4m0s(3..3)"},
		{"a fix inside long before holds through the window",
			[]Point{fix(0, -50, 0)}, window(600, 1200), "|10m0s-20m0s|(0..0)"},
		{"a fix inside and a fix outside at one instant",
			[]Point{fix(0, -200, 0), fix(60, -50, 0), fix(60, -200, 0), fix(120, -200, 0)}, window(0, 600),
			"1m0s-1m0s(1..1)"},
		{"a fix outside and a fix inside at one instant",
			[]Point{fix(0, -200, 0), fix(60, -200, 0), fix(60, -50, 0), fix(120, -200, 0)}, window(0, 600),
			"1m0s-2m0s(2..2)"},
		{"both parts of a multipolygon",
			[]Point{fix(0, -50, 0), fix(60, 200, 0), fix(120, 500, 0), fix(180, 700, 0)}, window(0, 600),
			"|0s-1m0s(0..0) 2m0s-3m0s(2..2)"},
		{"a window of one instant inside", []Point{fix(0, -200, 0), fix(60, -50, 0), fix(120, 200, 0)},
			window(90, 90), "|1m30s-1m30s|(1..1)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeVisits(Visits(tc.pts, holed, tc.w)); got != tc.want {
				t.Errorf("Visits =\n  %s\nwant\n  %s", got, tc.want)
			}
		})
	}
}

func TestVisitsInterpolated(t *testing.T) {
	w := window(0, 600)
	w.InterpolateWithin = time.Minute
	cases := []struct {
		name string
		pts  []Point
		want string
	}{
		{"enter and exit where the line meets the boundary",
			// In at x = -100, halfway; out at x = 100, a quarter of the way.
			[]Point{fix(0, -150, 0), fix(10, -50, 0), fix(20, 50, 0), fix(30, 250, 0)}, "5s-22.5s(1..2)"},
		{"across a gap longer than InterpolateWithin the fix time stays",
			// The exit, at the hole's edge x = -30, a tenth of the way.
			[]Point{fix(0, -150, 0), fix(120, -50, 0), fix(130, 150, 0)}, "2m0s-2m1s(1..1)"},
		{"entering across the hole: the last crossing counts",
			// Crossings at x = -100, -30 and 30, nine tenths of the way.
			[]Point{fix(0, -150, 0), fix(10, 50, 0), fix(20, 250, 0)}, "9s-12.5s(1..1)"},
		{"leaving across the hole: the first crossing counts",
			[]Point{fix(0, -150, 0), fix(10, -50, 0), fix(20, 150, 0)}, "5s-11s(1..1)"},
		{"an interpolated entry before From is clipped to it",
			[]Point{fix(-20, -150, 0), fix(10, -50, 0), fix(20, 150, 0)}, "|0s-11s(1..1)"},
		{"an interpolated entry at From exactly is seen",
			[]Point{fix(-10, -150, 0), fix(10, -50, 0), fix(20, 150, 0)}, "0s-11s(1..1)"},
		{"a fix on the boundary itself keeps its time",
			// Along y = 50, clear of the hole; out at x = 100 at 26 s.
			[]Point{fix(0, -200, 50), fix(10, -100, 50), fix(20, -50, 50), fix(30, 200, 50)}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := describeVisits(Visits(tc.pts, holed, w))
			if tc.want == "" {
				// Whether a fix on the boundary is inside is not promised,
				// nor whether a line from it meets the edge it is on; the
				// entry is at that fix or at the next.
				switch got {
				case "10s-26s(1..2)", "10s-26s(2..2)", "20s-26s(2..2)":
				default:
					t.Errorf("Visits = %s, want 10s-26s(1..2), 10s-26s(2..2) or 20s-26s(2..2)", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("Visits =\n  %s\nwant\n  %s", got, tc.want)
			}
		})
	}
}

// TestVisitsProperties checks on random tracks and windows that visits are
// ordered, disjoint, within the window and bounded by the fixes they name,
// and, timed at the fixes, that the object is inside exactly when the last
// fix before says so (sample and hold).
func TestVisitsProperties(t *testing.T) {
	var visits int
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 11))
		pts := make([]Point, r.IntN(200))
		sec := 0.0
		for i := range pts {
			pts[i] = fix(sec, -250+r.Float64()*900, -150+r.Float64()*300)
			if r.IntN(10) > 0 {
				sec += float64(r.IntN(60))
			}
		}
		w := window(r.Float64()*sec, 0)
		w.To = w.From.Add(time.Duration(r.Float64() * sec * float64(time.Second)))
		if r.IntN(2) == 0 {
			w.InterpolateWithin = time.Duration(r.IntN(60)) * time.Second
		}
		vs := Visits(pts, holed, w)
		visits += len(vs)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d: "+format+"\nvisits %s", append(append([]any{seed}, args...), describeVisits(vs))...)
		}
		for k, v := range vs {
			if v.Enter.Before(w.From) || v.Exit.After(w.To) || v.Exit.Before(v.Enter) || v.First > v.Last {
				fail("visit %d is out of the window %s-%s or inside out", k, since(w.From), since(w.To))
			}
			if k > 0 && (v.Enter.Before(vs[k-1].Exit) || v.First <= vs[k-1].Last) {
				fail("visit %d overlaps the one before", k)
			}
			for i := v.First; i <= v.Last; i++ {
				if !holed.Contains(pts[i].Point) {
					fail("visit %d names fix %d, which is outside", k, i)
				}
			}
			if (v.First > 0 && holed.Contains(pts[v.First-1].Point)) || (v.Last+1 < len(pts) && holed.Contains(pts[v.Last+1].Point)) {
				fail("visit %d is not a whole run of fixes inside", k)
			}
			if v.First > 0 && !v.InsideAtStart && (v.Enter.Before(pts[v.First-1].At) || v.Enter.After(pts[v.First].At)) {
				fail("visit %d enters outside the leg from fix %d to %d", k, v.First-1, v.First)
			}
			if v.Last+1 < len(pts) && !v.InsideAtEnd && (v.Exit.Before(pts[v.Last].At) || v.Exit.After(pts[v.Last+1].At)) {
				fail("visit %d leaves outside the leg from fix %d to %d", k, v.Last, v.Last+1)
			}
		}
		if w.InterpolateWithin > 0 {
			continue
		}
		// Sample and hold, at every fix time in the window and halfway
		// between: inside exactly when a visit covers the time.
		var probes []time.Time
		for i, p := range pts {
			probes = append(probes, p.At)
			if i > 0 {
				probes = append(probes, pts[i-1].At.Add(p.At.Sub(pts[i-1].At)/2))
			}
		}
		for _, at := range append(probes, w.From) {
			if at.Before(w.From) || !at.Before(w.To) {
				continue
			}
			held := false
			for i := len(pts) - 1; i >= 0; i-- {
				if !pts[i].At.After(at) {
					held = holed.Contains(pts[i].Point)
					break
				}
			}
			covered := false
			for _, v := range vs {
				covered = covered || (!at.Before(v.Enter) && at.Before(v.Exit))
			}
			if held != covered {
				fail("at %s the last fix says inside=%v, the visits %v", since(at), held, covered)
			}
		}
	}
	if visits < 300 {
		t.Errorf("the random tracks made %d visits; too few to judge", visits)
	}
}
