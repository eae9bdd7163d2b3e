package fence

import (
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// Fix is one position report of a subject.
type Fix struct {
	// Subject is the ID of the person or vehicle reporting.
	Subject string
	// Point is the position, WGS 84 longitude and latitude.
	Point orb.Point
	// Accuracy is the radius in metres of the circle the subject is in
	// (the horizontal accuracy the device reports); 0 means exact.
	Accuracy float64
	// Time is when the position was taken, not when it arrived.
	Time time.Time
}

// State is where a subject is relative to a zone.
type State uint8

// The states. The zero State is not used.
const (
	// Outside the zone (and outside its warning ring, for an exclusion zone).
	Outside State = iota + 1
	// Warning is inside the warning ring: within Warn metres outside an
	// exclusion zone's edge, or within Warn metres inside an inclusion
	// zone's edge.
	Warning
	// Inside the zone (and, for an inclusion zone, deeper than its ring).
	Inside
)

var stateNames = [...]string{"", "outside", "warning", "inside"}

// String returns the state's name, such as "inside".
func (s State) String() string {
	if int(s) < len(stateNames) && s != 0 {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Certainty says whether the fix's accuracy circle lies wholly on one side
// of the zone's boundary.
type Certainty uint8

// The certainties. The zero Certainty is not used.
const (
	// Possible: the accuracy circle straddles the zone's boundary (or the
	// state has not yet held long enough as Definite). Never a violation.
	Possible Certainty = iota + 1
	// Definite: the whole accuracy circle is on the reported side.
	Definite
)

// String returns "possible" or "definite".
func (c Certainty) String() string {
	switch c {
	case Possible:
		return "possible"
	case Definite:
		return "definite"
	}
	return "Certainty(" + strconv.Itoa(int(c)) + ")"
}

// EventType says what happened.
type EventType uint8

// The event types. The zero EventType is not used.
const (
	// Enter: the subject came into the zone, across its edge.
	Enter EventType = iota + 1
	// Exit: the subject left the zone, across its edge.
	Exit
	// WarnEnter: the subject came into the warning ring from the safe side
	// (towards an exclusion zone, or towards an inclusion zone's edge).
	WarnEnter
	// WarnExit: the subject left the warning ring back to the safe side.
	WarnExit
	// InsideTooLong: the subject has been inside the zone for its MaxInside.
	InsideTooLong
	// Crossed: the straight segment between two fixes, neither of them in
	// the exclusion zone, passes through it.
	Crossed
)

var typeNames = [...]string{"", "enter", "exit", "warn_enter", "warn_exit", "inside_too_long", "crossed"}

// String returns the type's name in snake case, such as "warn_enter".
func (t EventType) String() string {
	if int(t) < len(typeNames) && t != 0 {
		return typeNames[t]
	}
	return "EventType(" + strconv.Itoa(int(t)) + ")"
}

// Event is one fence event of one subject against one zone.
type Event struct {
	Type    EventType
	Zone    string
	Kind    Kind
	Subject string
	// State is the subject's state against the zone after the event.
	State State
	// Certainty of the state (for Crossed: whether the segment runs deeper
	// into the zone than the fixes' accuracy).
	Certainty Certainty
	// Violation is true for leaving an inclusion zone definitely, entering
	// an exclusion zone definitely, crossing an exclusion zone definitely,
	// and staying inside too long definitely — and only while the zone's
	// schedule is in force.
	Violation bool
	// Time is when the event took effect: the fix's time, or the deadline a
	// Tick acted on (when a dwell ran out or MaxInside was reached with no
	// new fix, or a schedule window opened).
	Time time.Time
	// Since is when the state began: the first fix of the run that
	// confirmed it (for InsideTooLong, when the subject entered).
	Since time.Time
	// Fix is the fix the event was judged on: the current fix, or for an
	// event raised by Tick the subject's last fix.
	Fix Fix
	// Prev is the previous fix, for Crossed only.
	Prev Fix
	// Distance is the signed distance in metres from Fix to the zone's
	// edge, negative inside. For Crossed it is minus the depth the segment
	// reaches inside the zone.
	Distance float64
}
