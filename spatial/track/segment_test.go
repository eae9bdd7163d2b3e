package track

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// stopFor is the stop rule of the table tests: 50 m for 5 minutes.
var stopFor = Stop{Radius: 50, MinDuration: 5 * time.Minute}

func TestSegments(t *testing.T) {
	// parked returns n fixes a minute apart from sec on, jittering within
	// 15 m of (x, 0).
	parked := func(sec, x float64, n int) []Point {
		jitter := [][2]float64{{0, 0}, {12, -5}, {-8, 9}, {3, 14}, {-14, -4}, {6, -11}}
		var out []Point
		for i := range n {
			j := jitter[i%len(jitter)]
			out = append(out, fix(sec+60*float64(i), x+j[0], j[1]))
		}
		return out
	}
	// drive returns n fixes 10 s apart from sec on, 100 m apart along y = 0
	// from x onwards.
	drive := func(sec, x float64, n int) []Point {
		var out []Point
		for i := range n {
			out = append(out, fix(sec+10*float64(i), x+100*float64(i), 0))
		}
		return out
	}
	cat := func(parts ...[]Point) []Point {
		var out []Point
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name string
		pts  []Point
		stop Stop
		want string
	}{
		{"no points", nil, stopFor, ""},
		{"one point is a moving segment of nothing", []Point{fix(0, 0, 0)}, stopFor, "moving[0..0 0s-0s 0m]"},
		{"two fixes at one instant are no stop", []Point{fix(0, 0, 0), fix(0, 0, 0)}, stopFor, "moving[0..1 0s-0s 0m]"},
		{"two fixes at one instant are a stop of no duration when MinDuration is 0",
			[]Point{fix(0, 0, 0), fix(0, 3, 4)}, Stop{Radius: 50}, "stopped[0..1 0s-0s 5m]"},
		{"a drive", drive(0, 0, 4), stopFor, "moving[0..3 0s-30s 300m]"},
		{"jitter within the radius is one stop",
			parked(0, 0, 10), stopFor, "stopped[0..9 0s-9m0s 157m]"},
		{"drive, stop, drive: the moving segments reach the stop's ends",
			cat(drive(0, -300, 3), parked(30, 0, 6), drive(330, 100, 3)), stopFor,
			"moving[0..2 0s-30s 300m] stopped[3..8 30s-5m30s 95m] moving[9..11 5m30s-5m50s 295m]"},
		{"a stop at the start of the window", cat(parked(0, 0, 6), drive(310, 100, 2)), stopFor,
			"stopped[0..5 0s-5m0s 95m] moving[6..7 5m0s-5m20s 195m]"},
		{"a stop at the end of the window", cat(drive(0, -300, 3), parked(30, 0, 6)), stopFor,
			"moving[0..2 0s-30s 300m] stopped[3..8 30s-5m30s 95m]"},
		{"a stay at the end shorter than MinDuration is moving", cat(drive(0, -300, 3), parked(30, 0, 4)), stopFor,
			"moving[0..6 0s-3m30s 349m]"},
		{"a stay in the middle shorter than MinDuration is moving",
			cat(drive(0, -300, 3), parked(30, 0, 3), drive(170, 100, 2)), stopFor,
			"moving[0..7 0s-3m0s 546m]"},
		{"a gap in reporting while parked is stopped",
			[]Point{fix(0, -500, 0), fix(60, 0, 0), fix(13*3600, 8, -6), fix(13*3600+60, 500, 0)}, stopFor,
			"moving[0..0 0s-1m0s 500m] stopped[1..2 1m0s-13h0m0s 10m] moving[3..3 13h0m0s-13h1m0s 492m]"},
		{"two stops with no fix between are joined by a moving segment of no points",
			cat(parked(0, 0, 6), parked(3600, 5000, 6)), stopFor,
			"stopped[0..5 0s-5m0s 95m] moving[6..5 5m0s-1h0m0s 4994m] stopped[6..11 1h0m0s-1h5m0s 95m]"},
		{"one fix beyond the radius splits a stop",
			cat(parked(0, 0, 6), []Point{fix(330, 80, 0)}, parked(360, 0, 6)), stopFor,
			"stopped[0..5 0s-5m0s 95m] moving[6..6 5m0s-6m0s 155m] stopped[7..12 6m0s-11m0s 95m]"},
		{"a radius of 0 stops only on one spot", cat(drive(0, -300, 3), parked(30, 0, 1), parked(90, 0, 1),
			parked(600, 0, 1)), Stop{MinDuration: 5 * time.Minute},
			"moving[0..2 0s-30s 300m] stopped[3..5 30s-10m0s 0m]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeSegments(Segments(tc.pts, tc.stop)); got != tc.want {
				t.Errorf("Segments =\n  %s\nwant\n  %s", got, tc.want)
			}
		})
	}
}

func TestSegmentCentre(t *testing.T) {
	cases := []struct {
		name string
		pts  []Point
		want orb.Point
	}{
		{"the mean of the fixes", []Point{fix(0, 0, 0), fix(300, 10, 0), fix(600, 20, 30)}, xy(10, 10)},
		{"astride the antimeridian", []Point{
			{At: t0, Point: orb.Point{179.9999, 10}},
			{At: t0.Add(10 * time.Minute), Point: orb.Point{-179.9997, 10}},
		}, orb.Point{-179.9999, 10}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			segs := Segments(tc.pts, stopFor)
			if len(segs) != 1 || segs[0].Kind != Stopped {
				t.Fatalf("Segments = %s, want one stop", describeSegments(segs))
			}
			if d := spatial.Distance(segs[0].Centre, tc.want); d > 0.01 {
				t.Errorf("centre %v is %.3f m from %v", segs[0].Centre, d, tc.want)
			}
		})
	}
}

// TestSegmentsProperties checks on random tracks what Segments promises:
// the segments partition the points in order, tile the time, alternate in
// kind and add up to the track's length; every stop keeps to its rule and
// cannot be extended; no moving point could anchor a stop.
func TestSegmentsProperties(t *testing.T) {
	var stops, pointless int // that the tracks exercise the rule
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 7))
		pts := randomTrack(r, 1+r.IntN(400))
		stop := Stop{Radius: []float64{0, 20, 50, 200}[r.IntN(4)], MinDuration: time.Duration(r.IntN(600)) * time.Second}
		segs := Segments(pts, stop)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, %+v: "+format, append([]any{seed, stop}, args...)...)
		}
		if len(segs) == 0 {
			fail("no segments for %d points", len(pts))
		}
		if segs[0].First != 0 || segs[len(segs)-1].Last != len(pts)-1 {
			fail("segments cover %d..%d of %d points", segs[0].First, segs[len(segs)-1].Last, len(pts))
		}
		if !segs[0].From.Equal(pts[0].At) || !segs[len(segs)-1].To.Equal(pts[len(pts)-1].At) {
			fail("segments span %v..%v, the points %v..%v", segs[0].From, segs[len(segs)-1].To, pts[0].At, pts[len(pts)-1].At)
		}
		total := 0.0
		for k, s := range segs {
			total += s.Distance
			if k > 0 {
				prev := segs[k-1]
				if s.First != prev.Last+1 || !s.From.Equal(prev.To) || s.Kind == prev.Kind {
					fail("segment %d %+v does not follow %+v", k, s, prev)
				}
			}
			if s.Len() < 0 || (s.Len() == 0 && (s.Kind != Moving || k == 0 || k == len(segs)-1)) {
				fail("segment %d %+v is empty", k, s)
			}
			switch s.Kind {
			case Stopped:
				stops++
				if s.Len() < 2 || s.Duration() < stop.MinDuration {
					fail("stop %+v is too short", s)
				}
				for i := s.First; i <= s.Last; i++ {
					if spatial.Distance(pts[s.First].Point, pts[i].Point) > stop.Radius {
						fail("stop %+v: point %d is beyond the radius", s, i)
					}
				}
				if s.Last+1 < len(pts) && spatial.Distance(pts[s.First].Point, pts[s.Last+1].Point) <= stop.Radius {
					fail("stop %+v could take point %d", s, s.Last+1)
				}
			case Moving:
				if s.Len() == 0 {
					pointless++
				}
				for i := s.First; i <= s.Last; i++ {
					j := i + 1
					for j < len(pts) && spatial.Distance(pts[i].Point, pts[j].Point) <= stop.Radius {
						j++
					}
					if j-1 > i && pts[j-1].At.Sub(pts[i].At) >= stop.MinDuration {
						fail("moving point %d anchors a stop to point %d", i, j-1)
					}
				}
			default:
				fail("segment %d has kind %v", k, s.Kind)
			}
		}
		if want := pathLength(pts); !near(total, want) {
			fail("segments add up to %f m, the track is %f m", total, want)
		}
	}
	if stops < 300 || pointless < 10 {
		t.Errorf("the random tracks made %d stops and %d moving segments between stops; too few to judge", stops, pointless)
	}
	t.Logf("%d stops, %d moving segments between stops", stops, pointless)
}

// randomTrack returns n time-sorted fixes of an object that parks (with
// jitter and, now and then, an outlier), drives, and sometimes reports
// twice at one instant or falls silent.
func randomTrack(r *rand.Rand, n int) []Point {
	pts := make([]Point, 0, n)
	x, y, sec := 0.0, 0.0, 0.0
	for len(pts) < n {
		k := 1 + r.IntN(40)
		parked := r.IntN(2) == 0
		heading := r.Float64() * 2 * math.Pi
		for range k {
			switch {
			case parked && r.IntN(20) == 0:
				pts = append(pts, fix(sec, x+100, y)) // an outlier
			case parked:
				pts = append(pts, fix(sec, x+r.NormFloat64()*8, y+r.NormFloat64()*8))
			default:
				v := r.Float64() * 20
				x, y = x+v*10*math.Cos(heading), y+v*10*math.Sin(heading)
				pts = append(pts, fix(sec, x, y))
			}
			switch r.IntN(30) {
			case 0: // the next fix at the same instant
			case 1:
				sec += float64(r.IntN(7200)) // silent for up to two hours
			default:
				sec += float64(5 + r.IntN(60))
			}
			if len(pts) == n {
				break
			}
		}
	}
	return pts
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Moving: "moving", Stopped: "stopped", 0: "invalid"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}
