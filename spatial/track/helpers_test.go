package track

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// t0 is the start of every test track and window.
var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// jiefangbei is the origin of the tests' local frame: Liberation Monument
// in 渝中区, so that x and y read as metres east and north of it.
var jiefangbei = spatial.NewFrame(orb.Point{106.5775, 29.5575})

// xy returns the position x metres east and y north of the origin.
func xy(x, y float64) orb.Point { return jiefangbei.LonLat(x, y) }

// fix returns a point x metres east and y north of the origin, sec seconds
// after t0.
func fix(sec, x, y float64) Point {
	return Point{At: t0.Add(time.Duration(sec * float64(time.Second))), Point: xy(x, y)}
}

// square returns the square ring of side 2·r metres around (cx, cy),
// counter-clockwise and closed.
func square(cx, cy, r float64) orb.Ring {
	return orb.Ring{xy(cx-r, cy-r), xy(cx+r, cy-r), xy(cx+r, cy+r), xy(cx-r, cy+r), xy(cx-r, cy-r)}
}

// since formats a time as its offset from t0, to the millisecond, the way
// the tests' wants read (interpolated times are off by a nanosecond or so).
func since(t time.Time) string { return t.Sub(t0).Round(time.Millisecond).String() }

// describeSegments renders segments as "kind[first..last from-to distance]"
// with times from t0 and distances rounded to metres, for comparing with a
// want string.
func describeSegments(segs []Segment) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s[%d..%d %s-%s %.0fm]", s.Kind, s.First, s.Last, since(s.From), since(s.To), s.Distance)
	}
	return b.String()
}

// describeVisits renders visits as "enter-exit(first..last)", with "|"
// before the enter time for InsideAtStart and after the exit time for
// InsideAtEnd.
func describeVisits(vs []Visit) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(' ')
		}
		if v.InsideAtStart {
			b.WriteByte('|')
		}
		fmt.Fprintf(&b, "%s-%s", since(v.Enter), since(v.Exit))
		if v.InsideAtEnd {
			b.WriteByte('|')
		}
		fmt.Fprintf(&b, "(%d..%d)", v.First, v.Last)
	}
	return b.String()
}

// pathLength returns the length in metres of the path through pts.
func pathLength(pts []Point) float64 {
	d := 0.0
	for i := 1; i < len(pts); i++ {
		d += spatial.Distance(pts[i-1].Point, pts[i].Point)
	}
	return d
}

// near reports whether a and b agree to a relative 1e-9.
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
