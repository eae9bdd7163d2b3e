// Package fence is Lookout's geofence engine: it holds zones — the allowed
// area of a person under non-custodial supervision, an official vehicle's
// jurisdiction, a forbidden venue or listed place — and turns a stream of
// position fixes into fence events (enter, exit, warning, inside too long,
// crossed between two sparse fixes), each marked as a violation or not.
//
// # Model
//
// Every subject (a person, a vehicle) has, against every zone that applies
// to it, a state: Inside, Warning (in the zone's warning ring) or Outside.
// A fix is classified by the signed distance from its point to the zone's
// boundary (negative inside) and by its accuracy circle: the classification
// is Definite when the whole circle lies on the point's side of the boundary
// (|distance| > accuracy) and Possible when the circle straddles it. A
// Possible state is reported, but only a Definite one is a violation.
// Certainty is always judged against the zone's own boundary, never against
// the warning ring's, which is advisory.
//
// A change of state is debounced: it is confirmed only after it has held for
// the zone's Dwell and DwellFixes consecutive fixes, so a single stray fix
// raises nothing. An upgrade from Possible to Definite is debounced the same
// way. A zone whose Schedule is not in force raises nothing, but states are
// still tracked, so that the first fix (or Tick) inside a window already in
// violation raises it.
//
// A subject never seen is assumed compliant: inside its inclusion zones and
// outside its exclusion zones. Tracks are kept only while a subject is not
// in that resting state, so memory grows with what is happening, not with
// subjects × zones.
//
// # Time
//
// The engine never reads the clock: fixes carry their own time and Tick is
// given the time to act at. Fixes of one subject must arrive in time order;
// a late batch (uploaded after a dead zone, minutes old) is processed
// correctly as long as it is sorted and newer than the subject's last fix.
// A fix not newer than the subject's last one is stale and is ignored
// altogether: it neither changes any state nor raises events, so a late fix
// can never flip the current state backwards (the caller keeps it for track
// history, as layers.World does). Tick assumes that a subject stays where it
// was last seen; a late batch arriving afterwards corrects the state from
// then on but cannot retract an event already raised.
//
// # Cost
//
// Zones that apply to everyone are kept in a spatial.Index by their bound,
// grown by the warning ring; a fix searches it with its point and never
// scans the zones. Subject-specific zones sit in a per-subject list, so a
// fix checks its own subject's zones, the zones for everyone near it, the
// zones its subject is currently being tracked against, and the inclusion
// zones for everyone (which must be checked everywhere, since being far from
// them is a violation; keep them few). Deadlines for Tick sit in a min-heap.
//
// The package is pure: no I/O, no goroutines, no locks. An Engine is not
// safe for concurrent use; the caller serialises Put, Delete, Observe and
// Tick.
package fence
