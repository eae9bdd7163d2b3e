package track

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Kind says whether an object was moving or stopped during a segment.
type Kind uint8

// Kinds of segment.
const (
	Moving Kind = iota + 1
	Stopped
)

// String returns "moving" or "stopped", the names the API uses.
func (k Kind) String() string {
	switch k {
	case Moving:
		return "moving"
	case Stopped:
		return "stopped"
	}
	return "invalid"
}

// Stop says what counts as a stop: staying within Radius metres of where
// the stop began for at least MinDuration.
type Stop struct {
	Radius      float64 // metres; larger than the GPS jitter of a parked device
	MinDuration time.Duration
}

// DefaultStop is the stop a track query uses unless it asks otherwise: 50 m
// absorbs the jitter of a parked vehicle's GPS (typically 5–20 m), and
// 5 minutes is longer than a traffic light or a queue at a barrier.
var DefaultStop = Stop{Radius: 50, MinDuration: 5 * time.Minute}

// Segment is a stretch of a track during which the object was either moving
// or stopped.
//
// Segments partition the points: every point belongs to exactly one
// segment, First and Last are the indices of its first and last point, and
// the next segment starts at Last+1. Their times tile the track: the first
// segment starts at the first point's time, each starts when the one before
// it ends, and the last ends at the last point's time. Stops and moving
// segments alternate.
//
// A stop runs from its first point to its last. A moving segment runs from
// the last point of the stop before it to the first point of the stop after
// it (from or to its own first or last point at the ends of the track), so
// its From, To and Distance include the legs that join it to its
// neighbours. Between two stops with no point between them (the object
// reappeared elsewhere after a gap in reporting) it has no point of its
// own: First is Last+1. Adding up Distance over the segments gives the
// length of the whole track.
type Segment struct {
	Kind        Kind
	From, To    time.Time
	First, Last int
	// Distance is the length in metres of the path through the segment's
	// points (for a stop, its GPS jitter).
	Distance float64
	// Centre is, for a stop, the mean position of its points: where the
	// object was, better than any single fix. It is zero for a moving
	// segment.
	Centre orb.Point
}

// Duration returns how long the segment lasted.
func (s Segment) Duration() time.Duration { return s.To.Sub(s.From) }

// Len returns the number of points the segment holds (0 only for a moving
// segment between two stops).
func (s Segment) Len() int { return s.Last - s.First + 1 }

// Segments splits one object's time-sorted points into stopped and moving
// segments.
//
// A stop is a run of at least two consecutive points, all within
// stop.Radius of the run's first point (its anchor), whose last point is at
// least stop.MinDuration after its first. Runs are found greedily from the
// start: a run is extended while the next point is within the radius of the
// anchor, so a stop is maximal (the point after it is beyond the radius);
// when the run is too short, the anchor moves on by one point. The points
// that are in no stop form the moving segments.
//
// The edge cases follow from that rule:
//
//   - No points give no segments. A single point is one moving segment of
//     no length and no duration: one fix shows no stay.
//   - Points at the same time add no duration: two fixes at one instant are
//     a stop only when MinDuration is 0.
//   - GPS jitter within Radius does not break a stop; it is the stop's
//     Distance. One fix beyond Radius (a multipath outlier) ends the stop:
//     choose Radius above the jitter, or filter outliers first.
//   - A stop at the start or end of the window is reported from the first
//     or to the last point the window holds; the object may have been there
//     longer. A stay at either end shorter than MinDuration within the
//     window is part of a moving segment.
//   - A gap in reporting between two points within Radius of the anchor
//     counts as stopped (a tracker that sleeps while parked); a gap between
//     points farther apart is part of a moving segment, or is the pointless
//     moving segment between two stops.
//
// Each leg is measured once. Each point is measured against the anchor of
// each run it may belong to, unless the path from a point already measured
// is too short to have left the radius: once while the object moves more
// than Radius between fixes or walks steadily away, and at most as many
// times as there are fixes in MinDuration while it wanders about within
// Radius without stopping long enough. A stop is scanned once.
func Segments(pts []Point, stop Stop) []Segment {
	if len(pts) == 0 {
		return nil
	}
	var out []Segment
	along := cumulative(pts)
	moving := 0 // the first point not yet in a segment
	for i := 0; i < len(pts); {
		j := i + 1
		for j < len(pts) {
			d := spatial.Distance(pts[i].Point, pts[j].Point)
			if !(d <= stop.Radius) {
				break
			}
			// By the triangle inequality the points after j are within the
			// radius too until the path from j has run Radius-d: skip them
			// unmeasured (a walker's next minute, a parked device's
			// repeats).
			reach := along[j] + (stop.Radius - d)
			for j++; j < len(pts) && along[j] <= reach; j++ {
			}
		}
		if j-1 > i && pts[j-1].At.Sub(pts[i].At) >= stop.MinDuration {
			if i > moving || len(out) > 0 {
				out = append(out, movingSegment(pts, along, moving, i-1))
			}
			out = append(out, stopSegment(pts, along, i, j-1))
			moving, i = j, j
			continue
		}
		if j == len(pts) {
			// Every later anchor's run also ends at the last point, and is
			// shorter: no stop is left to find.
			break
		}
		i++
	}
	if moving < len(pts) {
		out = append(out, movingSegment(pts, along, moving, len(pts)-1))
	}
	return out
}

// movingSegment returns the moving segment of points first..last (empty
// when last is first-1), joined to the points either side of it; along is
// the cumulative path length.
func movingSegment(pts []Point, along []float64, first, last int) Segment {
	from, to := first, last
	if first > 0 {
		from = first - 1
	}
	if last < len(pts)-1 {
		to = last + 1
	}
	return Segment{Kind: Moving, From: pts[from].At, To: pts[to].At, First: first, Last: last,
		Distance: along[to] - along[from]}
}

// stopSegment returns the stop of points first..last.
func stopSegment(pts []Point, along []float64, first, last int) Segment {
	return Segment{Kind: Stopped, From: pts[first].At, To: pts[last].At, First: first, Last: last,
		Distance: along[last] - along[first], Centre: centre(pts[first : last+1])}
}

// cumulative returns the length in metres of the path from the first point
// to each point.
func cumulative(pts []Point) []float64 {
	along := make([]float64, len(pts))
	for i := 1; i < len(pts); i++ {
		along[i] = along[i-1] + spatial.Distance(pts[i-1].Point, pts[i].Point)
	}
	return along
}

// centre returns the mean position of pts, averaged as offsets from the
// first point so that a stop astride the antimeridian stays where it is.
func centre(pts []Point) orb.Point {
	a := pts[0].Point
	var dlon, dlat float64
	for _, p := range pts {
		dlon += math.Remainder(p.Point[0]-a[0], 360)
		dlat += p.Point[1] - a[1]
	}
	n := float64(len(pts))
	return orb.Point{math.Remainder(a[0]+dlon/n, 360), a[1] + dlat/n}
}
