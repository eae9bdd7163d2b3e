// Package bearing locates smoke from the bearings that forest lookout
// cameras report.
//
// A camera that sees smoke reports the direction to it: a Sighting, a
// bearing in degrees clockwise from true north with a 1-sigma error. The
// smoke lies somewhere in the camera's cone: the bearing ± 2σ (about 95% of
// bearing errors), out to the distance the camera can see. One camera gives
// that cone, a Sector estimate. Two or more cameras whose cones meet give a
// Located estimate: the common part of their cones is the uncertainty
// region, and the weighted least-squares crossing of their bearing lines is
// the best single point. Locate does this for sightings known to be of one
// fire; Cluster groups the sightings of several fires first.
//
// The geometry is planar, in a local tangent plane. Cameras that could see
// a common fire are projected together onto the plane tangent at their
// mean position, with the gnomonic projection rather than the simpler
// equirectangular one: it maps every great circle to a straight line, so a
// bearing is exactly a straight ray and two rays cross exactly where the
// great circles do, and at these distances (a camera sees at most
// MaxRange, 30 km) its scale is true to a few parts in a hundred thousand.
// In an equirectangular plane a 20 km east–west bearing line strays about
// 4 m from its great circle at Chongqing's latitude, enough to spoil an
// exact fix. Cone vertices are placed on the sphere with
// spatial.Destination and then projected; the arc at a camera's range is
// approximated by chords at most 2° apart.
//
// The package is pure: no I/O, no goroutines, no clock. Coordinates are WGS
// 84 longitude/latitude in degrees in github.com/paulmach/orb types;
// distances are metres.
package bearing
