package geojson

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestDecodeGeometry(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want orb.Geometry
	}{
		{"point", `{"type":"Point","coordinates":[106.5,29.5]}`, orb.Point{106.5, 29.5}},
		{"point with altitude", `{"type":"Point","coordinates":[106.5,29.5,300]}`, orb.Point{106.5, 29.5}},
		{"line", `{"type":"LineString","coordinates":[[1,2],[3,4]]}`, orb.LineString{{1, 2}, {3, 4}}},
		{"multipoint", `{"type":"MultiPoint","coordinates":[[1,2]]}`, orb.MultiPoint{{1, 2}}},
		{"polygon with hole", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}`,
			orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}}},
		{"multilinestring", `{"type":"MultiLineString","coordinates":[[[1,2],[3,4]]]}`, orb.MultiLineString{{{1, 2}, {3, 4}}}},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`,
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}},
		{"collection", `{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}`,
			orb.Collection{orb.Point{1, 2}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := DecodeGeometry([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(g, tc.want) {
				t.Fatalf("got %#v, want %#v", g, tc.want)
			}
			back := AppendGeometry(nil, g)
			g2, err := DecodeGeometry(back)
			if err != nil || !orb.Equal(g2, tc.want) {
				t.Fatalf("round trip through %s: %v %#v", back, err, g2)
			}
		})
	}
}

func TestDecodeGeometryErrors(t *testing.T) {
	cases := []struct {
		name, in, path, reason string
	}{
		{"not json", `{`, "", "not a GeoJSON geometry object"},
		{"null", `null`, "", "missing geometry"},
		{"no type", `{"coordinates":[1,2]}`, "type", "missing"},
		{"unknown type", `{"type":"Circle","coordinates":[1,2]}`, "type", "unknown geometry type"},
		{"no coordinates", `{"type":"Point"}`, "coordinates", "missing"},
		{"one number", `{"type":"Point","coordinates":[1]}`, "coordinates", "longitude and latitude"},
		{"string coordinate", `{"type":"Point","coordinates":["a",2]}`, "coordinates", "found a JSON string"},
		{"short position in ring", `{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}`, "coordinates[0][1]", "longitude and latitude"},
		{"too deep", `{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}]}]}]}`,
			"geometries[0].geometries[0].geometries[0].geometries[0]", "nested too deep"},
		{"huge number", `{"type":"Point","coordinates":[1e400,2]}`, "coordinates", "want a position"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeGeometry([]byte(tc.in))
			var ge *spatial.GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("got %v, want a GeometryError", err)
			}
			if ge.Path != tc.path || !strings.Contains(ge.Reason, tc.reason) {
				t.Fatalf("got path %q reason %q, want %q and %q", ge.Path, ge.Reason, tc.path, tc.reason)
			}
		})
	}
}

func TestDecodeFeature(t *testing.T) {
	cases := []struct {
		name, in, id, field string
	}{
		{"string id", `{"type":"Feature","id":"cam-1","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"n":1}}`, "cam-1", ""},
		{"numeric id", `{"type":"Feature","id":42,"geometry":null,"properties":null}`, "42", ""},
		{"no id", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}`, "", ""},
		{"not a feature", `{"type":"Point","coordinates":[1,2]}`, "", "type"},
		{"bad id", `{"type":"Feature","id":{"a":1}}`, "", "id"},
		{"bad geometry", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}`, "", "geometry.coordinates"},
		{"bad properties", `{"type":"Feature","geometry":null,"properties":[1]}`, "", "properties"},
		{"malformed", `{"type":"Feature",`, "", "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := DecodeFeature([]byte(tc.in))
			if tc.field == "" {
				if err != nil || f.ID != tc.id {
					t.Fatalf("got %q, %v; want id %q", f.ID, err, tc.id)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("got %v, want field %q", err, tc.field)
			}
		})
	}
}

func TestDecodeCollectionNamesTheFeature(t *testing.T) {
	in := `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}},
		{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],["x",3]]}}]}`
	_, err := DecodeCollection([]byte(in))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "features[1].geometry.coordinates" {
		t.Fatalf("got %v", err)
	}
}

func TestAppendFloat(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{{106.5771, "106.5771"}, {-0.000001, "-0.000001"}, {1e21, "1000000000000000000000"}}
	for _, tc := range cases {
		if got := string(AppendFloat(nil, tc.in)); got != tc.want {
			t.Errorf("AppendFloat(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// FuzzDecodeFeature checks that no input panics and that whatever decodes
// encodes back to a document that decodes to the same geometry.
func FuzzDecodeFeature(f *testing.F) {
	for _, s := range []string{
		`{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[106.5,29.5]},"properties":{"name":"解放碑"}}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
		`{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"MultiPoint","coordinates":[[1,2]]}]}}`,
		`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}`,
		`{"type":"Feature","id":1e3,"geometry":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feat, err := DecodeFeature(data)
		if err != nil || feat.Geometry == nil {
			return
		}
		_ = spatial.Validate(feat.Geometry, spatial.Limits{MaxVertices: 1000})
		back := AppendGeometry(nil, feat.Geometry)
		g, err := DecodeGeometry(back)
		if err != nil {
			t.Fatalf("re-decode of %s: %v", back, err)
		}
		if !orb.Equal(g, feat.Geometry) {
			t.Fatalf("round trip changed the geometry: %s", back)
		}
	})
}
