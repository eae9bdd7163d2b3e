package track

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// testdata returns the contents of a file in testdata, trimmed.
func testdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// shape renders a multipolygon as the lengths of its rings, polygon by
// polygon: "[[5 4] [4]]".
func shape(mp orb.MultiPolygon) string {
	var polys []string
	for _, p := range mp {
		var rings []string
		for _, r := range p {
			rings = append(rings, fmt.Sprint(len(r)))
		}
		polys = append(polys, "["+strings.Join(rings, " ")+"]")
	}
	return "[" + strings.Join(polys, " ") + "]"
}

func TestParsePolygon(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"a ring as text is closed", "106.55 29.55,106.58 29.55,106.58 29.57", 0, "[[4]]"},
		{"a closed ring as text stays as it is", "106.55 29.55,106.58 29.55,106.58 29.57,106.55 29.55", 0, "[[4]]"},
		{"spaces around vertices", "  106.55   29.55 , 106.58 29.55,106.58\t29.57 ", 0, "[[4]]"},
		{"渝中区 as text", testdata(t, "yuzhong.txt"), 0, "[[54]]"},
		{"a GeoJSON Polygon with a hole",
			`{"type":"Polygon","coordinates":[[[106,29],[107,29],[107,30],[106,30],[106,29]],[[106.2,29.2],[106.2,29.4],[106.4,29.4],[106.2,29.2]]]}`,
			0, "[[5 4]]"},
		{"an open GeoJSON ring is closed",
			`{"type":"Polygon","coordinates":[[[106,29],[107,29],[107,30],[106,30]]]}`, 0, "[[5]]"},
		{"大渡口区 as a GeoJSON MultiPolygon", testdata(t, "dadukou.geojson"), 0, "[[157] [4]]"},
		{"as many vertices as allowed", "0 0,1 0,1 1,0 1,0 0", 4, "[[5]]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mp, err := ParsePolygon(tc.in, tc.limit)
			if err != nil {
				t.Fatalf("ParsePolygon: %v", err)
			}
			if got := shape(mp); got != tc.want {
				t.Errorf("ParsePolygon = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParsePolygonText(t *testing.T) {
	mp, err := ParsePolygon("106.55 29.55,106.58 29.55,106.58 29.57", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := orb.MultiPolygon{{{{106.55, 29.55}, {106.58, 29.55}, {106.58, 29.57}, {106.55, 29.55}}}}
	if !mp.Equal(want) {
		t.Errorf("ParsePolygon = %v, want %v", mp, want)
	}
}

func TestParsePolygonErrors(t *testing.T) {
	square := `[[106,29],[107,29],[107,30],[106,30],[106,29]]`
	cases := []struct {
		name     string
		in       string
		limit    int
		want     string
		geometry bool // the error wraps a *spatial.GeometryError
	}{
		{"empty", " ", 0, `empty; want a GeoJSON Polygon or MultiPolygon, or "lon lat,lon lat,…"`, false},
		{"two vertices", "106.55 29.55,106.58 29.55", 0, "a ring needs at least 3 distinct vertices, got 2", false},
		{"repeated vertices do not count", "1 1,2 2,1 1,2 2", 0, "a ring needs at least 3 distinct vertices, got 2", false},
		{"one number for a vertex", "106.55,29.55,1 2", 0, `vertex 1: want "lon lat", got "106.55"`, false},
		{"a trailing comma", "0 0,1 0,1 1,", 0, `vertex 4: want "lon lat", got ""`, false},
		{"three numbers for a vertex", "0 0,1 0 5,1 1", 0, `vertex 2: want "lon lat", got "1 0 5"`, false},
		{"not a number", "0 0,1 0,1 north", 0, `vertex 3: latitude "north" is not a finite number`, false},
		{"NaN", "NaN 29,1 2,3 4", 0, `vertex 1: longitude "NaN" is not a finite number`, false},
		{"infinity", "0 0,+Inf 0,1 1", 0, `vertex 2: longitude "+Inf" is not a finite number`, false},
		{"longitude out of range", "200 29,1 2,3 4", 0, "vertex 1: longitude 200 out of range [-180, 180]", false},
		{"latitude out of range", "0 0,106 91,3 4", 0, "vertex 2: latitude 91 out of range [-90, 90]", false},
		{"a bow-tie", "0 0,1 1,1 0,0 1", 0, "invalid geometry at edge 1–2: crosses edge 3–4", true},
		{"a bow-tie across the closing edge", "0 0,1 0,0 1,1 1", 0, "invalid geometry at edge 2–3: crosses edge 4–1", true},
		{"more vertices than allowed, closed", "0 0,1 0,1 1,0 1,0 0", 3, "more than the 3 vertices allowed", false},
		{"more vertices than allowed, open", "0 0,1 0,1 1,0 1", 3, "4 vertices, more than the 3 allowed", false},
		{"far more vertices than allowed", "0 0,1 0,1 1,0 1,0 2,0 3", 3, "more than the 3 vertices allowed", false},
		{"too long to read", "0 0,1 0,1" + strings.Repeat(" ", 5000) + "1", 3, "5010 bytes is too long for a polygon of at most 3 vertices", false},
		{"not GeoJSON", "{", 0, "invalid geometry: not a GeoJSON geometry object: malformed JSON at byte 1", true},
		{"a GeoJSON LineString", `{"type":"LineString","coordinates":[[0,0],[1,1]]}`, 0, "want a Polygon or MultiPolygon, got a LineString", false},
		{"a GeoJSON Feature", `{"type":"Feature","geometry":null}`, 0,
			"want a Polygon or MultiPolygon geometry, got a Feature (pass its geometry)", false},
		{"a GeoJSON longitude out of range", `{"type":"Polygon","coordinates":[[[106,29],[200,29],[107,30],[106,29]]]}`, 0,
			"invalid geometry at coordinates[0][1]: longitude 200 out of range [-180, 180]", true},
		{"a GeoJSON ring of two positions", `{"type":"Polygon","coordinates":[[[106,29],[107,29]]]}`, 0,
			"invalid geometry at coordinates[0]: a ring needs at least 4 positions", true},
		{"a GeoJSON hole across the shell",
			`{"type":"Polygon","coordinates":[` + square + `,[[106.5,29.5],[107.5,29.5],[107.5,29.6],[106.5,29.5]]]}`, 0,
			"invalid geometry at coordinates[0][1]: ring edge crosses edge 0 of ring 1", true},
		{"a GeoJSON Polygon without rings", `{"type":"Polygon","coordinates":[]}`, 0,
			"invalid geometry at coordinates: a polygon needs an exterior ring", true},
		{"a GeoJSON MultiPolygon without polygons", `{"type":"MultiPolygon","coordinates":[]}`, 0, "no polygon", false},
		{"a GeoJSON MultiPolygon over the limit", `{"type":"MultiPolygon","coordinates":[[` + square + `],[` + square + `]]}`, 7,
			"8 vertices, more than the 7 allowed", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mp, err := ParsePolygon(tc.in, tc.limit)
			if err == nil {
				t.Fatalf("ParsePolygon = %v, want an error", mp)
			}
			if got, want := err.Error(), "track: invalid polygon: "+tc.want; got != want {
				t.Errorf("error\n  %s\nwant\n  %s", got, want)
			}
			if !errors.Is(err, ErrPolygon) {
				t.Errorf("error %v does not wrap ErrPolygon", err)
			}
			var ge *spatial.GeometryError
			if got := errors.As(err, &ge); got != tc.geometry {
				t.Errorf("error wraps a *spatial.GeometryError: %v, want %v", got, tc.geometry)
			}
		})
	}
}
