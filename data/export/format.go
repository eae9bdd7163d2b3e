package export

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a file format an export writes.
type Format string

// Formats.
const (
	GeoJSON    Format = "geojson" // RFC 7946 FeatureCollection
	GeoPackage Format = "gpkg"    // OGC GeoPackage, through the embedded store
)

// ErrFormat is wrapped by the errors of ParseFormat and FormatOf.
var ErrFormat = errors.New("export: unknown format")

// ParseFormat reads a format's name: "geojson" (or "json") or "gpkg" (or
// "geopackage"), in any case.
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(name) {
	case "geojson", "json":
		return GeoJSON, nil
	case "gpkg", "geopackage":
		return GeoPackage, nil
	}
	return "", fmt.Errorf("%w %q: want geojson or gpkg", ErrFormat, name)
}

// FormatOf returns the format a file name's extension names: .geojson or
// .json for GeoJSON, .gpkg for a GeoPackage.
func FormatOf(path string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".geojson", ".json":
		return GeoJSON, nil
	case ".gpkg":
		return GeoPackage, nil
	case "":
		return "", fmt.Errorf("%w: %s has no extension; name the format", ErrFormat, path)
	default:
		return "", fmt.Errorf("%w: %s ends in %s, want .geojson, .json or .gpkg", ErrFormat, path, ext)
	}
}

// Choose returns the format of an export: the one named (name, when not
// empty), else the one path's extension names, else GeoJSON when there is
// no path (standard output). A GeoPackage needs a path: it is a database,
// not a stream.
func Choose(name, path string) (Format, error) {
	f := GeoJSON
	var err error
	switch {
	case name != "":
		f, err = ParseFormat(name)
	case path != "":
		f, err = FormatOf(path)
	}
	if err != nil {
		return "", err
	}
	if f == GeoPackage && path == "" {
		return "", fmt.Errorf("export: a GeoPackage is a file, not a stream: name the file to write")
	}
	return f, nil
}
