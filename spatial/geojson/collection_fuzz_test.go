package geojson

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// districtSeeds returns the two smallest real district features of
// Chongqing (data/chongqing/districts.geojson, as the demo loads them),
// and the smallest in a FeatureCollection with a vehicle: real
// coordinates and properties, a few kilobytes at most, since the fuzzer
// spends its time minimising every large input it finds interesting.
func districtSeeds(f *testing.F) (features, collections []string) {
	raw, err := os.ReadFile("../../data/chongqing/districts.geojson")
	if err != nil {
		f.Fatal(err)
	}
	var doc struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		f.Fatal(err)
	}
	fs := slices.Clone(doc.Features)
	slices.SortFunc(fs, func(a, b json.RawMessage) int { return len(a) - len(b) })
	fs = fs[:min(2, len(fs))]
	for _, x := range fs {
		features = append(features, string(x))
	}
	vehicle := `{"type":"Feature","id":"veh-0001","geometry":{"type":"Point","coordinates":[106.574,29.601]},"properties":{"plate":"渝A·D1234"}}`
	collections = append(collections, `{"type":"FeatureCollection","features":[`+features[0]+","+vehicle+`]}`)
	return features, collections
}

// FuzzDecodeCollection feeds DecodeCollection (the body of a POST of
// several features, applied all-or-nothing) arbitrary bytes. It must never
// panic; it must refuse with a *FieldError naming a member (a feature's by
// its index), or return features whose geometries and IDs read back the
// same from their GeoJSON.
func FuzzDecodeCollection(f *testing.F) {
	_, collections := districtSeeds(f)
	for _, s := range collections {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[` +
			`{"type":"Feature","id":"veh-0001","geometry":{"type":"Point","coordinates":[106.574,29.601]},"properties":{"plate":"渝A·D1234","status":"moving","speed":38.5}},` +
			`{"type":"Feature","id":42,"geometry":{"type":"Point","coordinates":[106.58,29.61]},"properties":{"name":"观音桥药房","fridge_c":4.2}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.5],[106.6,29.6],[106.5,29.5]]]},"properties":{"name":"观音桥农贸市场","stalls":80}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}]}]}]}}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":1e400,"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e400,0]}}]}`,
		`{"type":"FeatureCollection","features":[null,{"type":"Feature"}]}`,
		`{"type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection"}`,
		`{"type":"Feature","geometry":null}`,
		`[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := DecodeCollection(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Reason == "" {
				t.Fatalf("error %v (%T) does not name a member", err, err)
			}
			return
		}
		back := []byte(`{"type":"FeatureCollection","features":[`)
		for i, ft := range fs {
			if i > 0 {
				back = append(back, ',')
			}
			back = append(back, `{"type":"Feature","id":`...)
			back = strconv.AppendQuote(back, ft.ID)
			back = append(back, `,"geometry":`...)
			if ft.Geometry == nil {
				back = append(back, "null"...)
			} else {
				back = AppendGeometry(back, ft.Geometry)
			}
			back = append(back, '}')
		}
		back = append(back, "]}"...)
		again, err := DecodeCollection(back)
		if err != nil || len(again) != len(fs) {
			t.Fatalf("re-decode of %s: %d features, %v", back, len(again), err)
		}
		for i := range fs {
			if again[i].ID != fs[i].ID || (fs[i].Geometry == nil) != (again[i].Geometry == nil) ||
				fs[i].Geometry != nil && !orb.Equal(again[i].Geometry, fs[i].Geometry) {
				t.Fatalf("feature %d changed in a round trip: %+v, then %+v", i, fs[i], again[i])
			}
		}
	})
}

// FuzzDecodeGeometry feeds DecodeGeometry (every geometry the API reads,
// and the area of a history query) arbitrary bytes. It must never panic;
// it must refuse with a *spatial.GeometryError, or return a geometry that
// reads back the same from its GeoJSON and that spatial.Validate can judge
// without panicking.
func FuzzDecodeGeometry(f *testing.F) {
	features, _ := districtSeeds(f)
	for _, s := range features {
		var ft struct {
			Geometry json.RawMessage `json:"geometry"`
		}
		if err := json.Unmarshal([]byte(s), &ft); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(ft.Geometry))
	}
	if raw, err := os.ReadFile("../track/testdata/dadukou.geojson"); err == nil {
		f.Add(raw)
	}
	for _, s := range []string{
		`{"type":"Point","coordinates":[106.574,29.601]}`,
		`{"type":"Point","coordinates":[106.574,29.601,240.5]}`,
		`{"type":"MultiPoint","coordinates":[[106.5,29.5],[106.6,29.6]]}`,
		`{"type":"LineString","coordinates":[[106.5,29.5],[106.6,29.6],[106.7,29.55]]}`,
		`{"type":"MultiLineString","coordinates":[[[106.5,29.5],[106.6,29.6]],[[106.7,29.7],[106.8,29.8]]]}`,
		`{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.5],[106.6,29.6],[106.5,29.6],[106.5,29.5]],[[106.52,29.52],[106.52,29.58],[106.58,29.58],[106.52,29.52]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}`,
		`{"type":"Polygon","coordinates":[[[106.5,29.5],[106.6,29.6],[106.6,29.5],[106.5,29.6],[106.5,29.5]]]}`,
		`{"type":"Point","coordinates":["NaN",29]}`,
		`{"type":"Point","coordinates":[1e400,29]}`,
		`{"type":"Point","coordinates":[106]}`,
		`{"type":"Polygon","coordinates":[]}`,
		`{"type":"Polygon","coordinates":[[]]}`,
		`{"type":"Circle","coordinates":[0,0]}`,
		`null`, `{}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := DecodeGeometry(data)
		if err != nil {
			var ge *spatial.GeometryError
			if !errors.As(err, &ge) || ge.Reason == "" {
				t.Fatalf("error %v (%T) is not a GeometryError with a reason", err, err)
			}
			return
		}
		if g == nil {
			t.Fatalf("no geometry and no error for %q", data)
		}
		_ = spatial.Validate(g, spatial.Limits{MaxVertices: 10_000})
		back := AppendGeometry(nil, g)
		again, err := DecodeGeometry(back)
		if err != nil || !orb.Equal(again, g) {
			t.Fatalf("round trip of %q through %s: %v, %v", data, back, again, err)
		}
	})
}
