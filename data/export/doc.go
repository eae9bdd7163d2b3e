// Package export writes what a store holds to files an analyst opens
// elsewhere: the features of one layer, or the tracks of some features, as
// GeoJSON or as a GeoPackage. It is what `lookout export` runs; the command
// only reads flags and opens the store.
//
// GeoJSON is streamed, a feature at a time, so a layer of a million
// features costs the memory of one (a track, of one feature's points). A
// GeoPackage is written through the embedded store, package gpkg, so it
// is the same format a Lookout data directory holds and GDAL and QGIS open.
// Files are written beside their final name and renamed into place once
// complete: a failed export leaves nothing behind.
package export
