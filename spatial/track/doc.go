// Package track computes what the track APIs answer from an object's
// reported positions: its moving and stopped segments (Segments, for
// GET /api/v1/tracks) and its visits to an area, with entry and exit times
// (Visits, for GET /api/v1/history/within), and it reads the polygon such a
// query names (ParsePolygon).
//
// Like the rest of package spatial it is pure: no I/O, no goroutines, no
// locks, no clock. Points are WGS 84 longitude/latitude in orb types;
// distances are great-circle metres (spatial.Distance); containment is
// spatial.Contains (holes excluded, a point on the boundary either way).
//
// Every function takes the points of one object sorted by time, as
// layers.Tracks returns them (by At, then by sequence number). Equal times
// are allowed; a point earlier than the one before it breaks no invariant
// that would panic, but the answer is then unspecified.
package track
