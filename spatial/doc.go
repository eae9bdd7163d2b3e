// Package spatial is Lookout's pure spatial core: an R-tree index of feature
// IDs, great-circle distances, bearings and destinations, exact point-in-polygon
// and point-to-geometry distance, and geometry validation.
//
// It does no I/O and takes no locks: the caller (layers.World) owns
// synchronisation. Coordinates are WGS 84 longitude/latitude in degrees, in
// github.com/paulmach/orb types; distances are metres on a sphere of the
// mean Earth radius.
package spatial
