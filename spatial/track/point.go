package track

import (
	"time"

	"github.com/paulmach/orb"
)

// Point is one reported position of an object: where it was and when. It
// is layers.TrackPoint without the names, which this package cannot
// import (spatial sits below layers).
type Point struct {
	At    time.Time
	Point orb.Point
}
