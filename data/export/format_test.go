package export

import (
	"errors"
	"testing"
)

func TestChoose(t *testing.T) {
	cases := []struct {
		name, format, path string
		want               Format
		err                string
	}{
		{"standard output", "", "", GeoJSON, ""},
		{"by extension, .geojson", "", "out/vehicles.geojson", GeoJSON, ""},
		{"by extension, .json in capitals", "", "V.JSON", GeoJSON, ""},
		{"by extension, .gpkg", "", "vehicles.gpkg", GeoPackage, ""},
		{"named, over the extension", "gpkg", "vehicles.bin", GeoPackage, ""},
		{"named geopackage", "GeoPackage", "x", GeoPackage, ""},
		{"an unknown extension", "", "vehicles.shp", "", "export: unknown format: vehicles.shp ends in .shp, want .geojson, .json or .gpkg"},
		{"no extension", "", "vehicles", "", "export: unknown format: vehicles has no extension; name the format"},
		{"an unknown name", "kml", "", "", `export: unknown format "kml": want geojson or gpkg`},
		{"a GeoPackage on standard output", "gpkg", "", "", "export: a GeoPackage is a file, not a stream: name the file to write"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Choose(tc.format, tc.path)
			var msg string
			if err != nil {
				msg = err.Error()
			}
			if got != tc.want || msg != tc.err {
				t.Errorf("Choose(%q, %q) = %q, %q; want %q, %q", tc.format, tc.path, got, msg, tc.want, tc.err)
			}
			if tc.want == "" && tc.path != "" && !errors.Is(err, ErrFormat) {
				t.Errorf("error %v does not wrap ErrFormat", err)
			}
		})
	}
}
