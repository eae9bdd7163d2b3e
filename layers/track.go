package layers

import (
	"context"
	"time"

	"github.com/paulmach/orb"
)

// TrackPoint is one reported position of a feature of a tracked layer
// (Layer.Track): where it was and when, and the change that carried it.
type TrackPoint struct {
	Layer string
	ID    string
	// At is when the position was fixed at the source (Change.Time), or
	// when the server took it if the source gave no time.
	At    time.Time
	Point orb.Point
	// Seq is the sequence number of the change that carried the point.
	Seq uint64
}

// Key names one feature of one layer.
type Key struct {
	Layer string `json:"layer"`
	ID    string `json:"id"`
}

// TrackPointOf returns the track point a journalled record carries: a
// point geometry of a tracked layer, late (stale) fixes included, since
// they are real positions even though they did not move the feature.
func TrackPointOf(l *Layer, r Record) (TrackPoint, bool) {
	if l == nil || !l.Track || r.Change.Op == Delete {
		return TrackPoint{}, false
	}
	p, ok := r.Change.Geometry.(orb.Point)
	if !ok {
		return TrackPoint{}, false
	}
	at := r.Change.Time
	if at.IsZero() {
		at = r.At
	}
	return TrackPoint{Layer: r.Change.Layer, ID: r.Change.ID, At: at, Point: p, Seq: r.Seq}, true
}

// Tracks is the track history a store keeps beside the features: every
// point TrackPointOf finds in the records it commits, written in the same
// transaction as the records, so an acknowledged fix is in the history.
// Both the embedded store and the PostGIS store implement it.
type Tracks interface {
	// Track calls fn with the points of the features keys names whose At
	// is within [from, to], feature by feature in the order of keys, each
	// feature's points by At (then Seq). A key with no points is skipped.
	Track(ctx context.Context, keys []Key, from, to time.Time, fn func(TrackPoint) error) error
	// Visitors returns the features of the given layers (every tracked
	// layer when layers is empty) with at least one point inside b whose
	// At is within [from, to], sorted by layer then ID.
	Visitors(ctx context.Context, layers []string, b orb.Bound, from, to time.Time) ([]Key, error)
	// Prune enforces the retention of one layer: it deletes the points
	// older than drop, and of the points older than thin keeps, per
	// feature, only the first of each period of length every counted from
	// the Unix epoch (down-sampling; every <= 0 keeps them all). It returns
	// how many points it deleted. Pruning twice deletes nothing more.
	Prune(ctx context.Context, layer string, drop, thin time.Time, every time.Duration) (int64, error)
}
