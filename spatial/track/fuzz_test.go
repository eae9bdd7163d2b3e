package track

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/geojson"
)

// FuzzParsePolygon feeds ParsePolygon arbitrary parameters and vertex
// limits. It must never panic; it must refuse with an error wrapping
// ErrPolygon, or return polygons that spatial.Validate accepts, with closed
// rings and no more vertices than allowed, which read back the same from
// their GeoJSON (and, for one ring, from their text form).
func FuzzParsePolygon(f *testing.F) {
	f.Add(testdata(f, "yuzhong.txt"), uint8(0))
	f.Add(testdata(f, "yuzhong.txt"), uint8(50))
	f.Add(testdata(f, "dadukou.geojson"), uint8(0))
	f.Add("106.55 29.55,106.58 29.55,106.58 29.57", uint8(0))
	f.Add("106.55 29.55,106.58 29.55,106.58 29.57,106.55 29.55", uint8(3))
	f.Add("  106.55   29.55 , 106.58 29.55,106.58\t29.57 ", uint8(0))
	f.Add("0 0,1 1,1 0,0 1", uint8(0))  // a bow-tie
	f.Add("1 1,2 2,1 1,2 2", uint8(0))  // two distinct vertices
	f.Add("NaN 29,1 2,3 4", uint8(0))   // not finite
	f.Add("200 29,1 2,3 4", uint8(0))   // out of range
	f.Add("0x1p-2 0,1 0,1 1", uint8(0)) // Go's hexadecimal floats parse
	f.Add("106.55 29.55,,106.58 29.57", uint8(0))
	f.Add(`{"type":"Polygon","coordinates":[[[106,29],[107,29],[107,30],[106,30],[106,29]],[[106.2,29.2],[106.2,29.4],[106.4,29.4],[106.2,29.2]]]}`, uint8(0))
	f.Add(`{"type":"Polygon","coordinates":[[[106,29],[107,29],[107,30],[106,30]]]}`, uint8(4))
	f.Add(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`, uint8(0))
	f.Add(`{"type":"MultiPolygon","coordinates":[]}`, uint8(0))
	f.Add(`{"type":"Polygon","coordinates":[[[106,29],[200,29],[107,30],[106,29]]]}`, uint8(0))
	f.Add(`{"type":"LineString","coordinates":[[0,0],[1,1]]}`, uint8(0))
	f.Add(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`, uint8(0))
	f.Add(`{"type":"GeometryCollection","geometries":[]}`, uint8(0))
	f.Add("{", uint8(0))

	f.Fuzz(func(t *testing.T, s string, limit uint8) {
		mp, err := ParsePolygon(s, int(limit))
		if err != nil {
			if !errors.Is(err, ErrPolygon) || !strings.HasPrefix(err.Error(), "track: invalid polygon: ") {
				t.Fatalf("ParsePolygon(%q) = %v, want an error wrapping ErrPolygon", s, err)
			}
			return
		}
		allowed := int(limit)
		if allowed == 0 {
			allowed = MaxVertices
		}
		n := 0
		for _, p := range mp {
			for _, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("ParsePolygon(%q) has an open or short ring %v", s, r)
				}
				n += len(r) - 1
			}
		}
		if len(mp) == 0 || n > allowed {
			t.Fatalf("ParsePolygon(%q) has %d polygons and %d vertices, at most %d allowed", s, len(mp), n, allowed)
		}
		if err := spatial.Validate(mp, spatial.Limits{}); err != nil {
			t.Fatalf("ParsePolygon(%q) returned an invalid geometry: %v", s, err)
		}
		again, err := ParsePolygon(string(geojson.AppendGeometry(nil, mp)), int(limit))
		if err != nil || !again.Equal(mp) {
			t.Fatalf("ParsePolygon(%q) = %v does not read back from its GeoJSON: %v, %v", s, mp, again, err)
		}
		if len(mp) == 1 && len(mp[0]) == 1 {
			again, err := ParsePolygon(ringText(mp[0][0]), int(limit))
			if err != nil || !again.Equal(mp) {
				t.Fatalf("ParsePolygon(%q) = %v does not read back from its text: %v, %v", s, mp, again, err)
			}
		}
		NewArea(mp).Contains(mp[0][0][0])
	})
}

// ringText writes a ring in the text form ParsePolygon reads.
func ringText(r orb.Ring) string {
	var b []byte
	for i, p := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, p[0], 'g', -1, 64)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, p[1], 'g', -1, 64)
	}
	return string(b)
}
