package server_test

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"
)

// seedDevices puts one feature in each layer that reports positions: a
// responder r1, a vehicle v1 and a supervised person p1.
func seedDevices(t *testing.T, f *fixture) {
	t.Helper()
	seeds := map[string]string{
		"/api/v1/layers/responders/features/r1": `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.50,29.50]},
			"properties":{"name":"缙云山护林员一组","kind":"ranger","availability":"available"}}`,
		"/api/v1/layers/vehicles/features/v1": `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.57,29.60]},
			"properties":{"plate":"渝A·D1234","status":"parked"}}`,
		"/api/v1/layers/custody_persons/features/p1": `{"type":"Feature","geometry":{"type":"Point","coordinates":[106.58,29.56]},
			"properties":{"name":"张某","case":"渝中2026-001","status":"normal"}}`,
	}
	for path, body := range seeds {
		if code, res := f.do("PUT", path, body); code != 201 {
			t.Fatalf("seed %s: %d %v", path, code, res)
		}
	}
}

// TestOsmAnd sends fixes in every form OsmAnd and Traccar Client use and
// checks that the right feature moved, with speed in km/h and the fix time.
func TestOsmAnd(t *testing.T) {
	f := newFixture(t)
	seedDevices(t, f)
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}
	jsonCT := []string{"Content-Type", "application/json"}
	// Each fix is a few seconds after the last, so none is stale.
	base := time.Now().Add(time.Second).Truncate(time.Second).UTC()
	at := func(i int) time.Time { return base.Add(time.Duration(i) * time.Second) }
	cases := []struct {
		name, method, path, body string
		header                   []string
		layer, id                string
		lon, lat                 float64
		time                     time.Time
		props                    map[string]any // expected properties; nil: absent
	}{
		{"query, Unix seconds, knots", "GET",
			fmt.Sprintf("/osmand?id=r1&lat=29.51&lon=106.51&timestamp=%d&speed=10&bearing=90&altitude=240&accuracy=8&hdop=0.9&batt=87&charge=true", at(1).Unix()),
			"", nil, "responders", "r1", 106.51, 29.51, at(1),
			map[string]any{"speed": 18.52, "heading": 90.0, "accuracy": 8.0}},
		{"query, Unix milliseconds, deviceid", "GET",
			fmt.Sprintf("/osmand?deviceid=v1&lat=29.61&lon=106.58&timestamp=%d&speed=20&heading=180", at(2).UnixMilli()),
			"", nil, "vehicles", "v1", 106.58, 29.61, at(2),
			map[string]any{"speed": 37.04, "heading": 180.0, "accuracy": nil}},
		{"query, ISO 8601", "GET",
			"/osmand?id=p1&lat=29.57&lon=106.59&accuracy=12&timestamp=" + url.QueryEscape(at(3).Format(time.RFC3339)),
			"", nil, "custody_persons", "p1", 106.59, 29.57, at(3),
			map[string]any{"accuracy": 12.0, "speed": nil}},
		{"query, zone-less ISO 8601 as UTC, location=lat,lon", "GET",
			"/osmand?id=r1&location=29.52,106.52&timestamp=" + url.QueryEscape(at(4).Format("2006-01-02 15:04:05")),
			"", nil, "responders", "r1", 106.52, 29.52, at(4), nil},
		{"legacy Traccar Client: POST with the query in the URL", "POST",
			fmt.Sprintf("/osmand?id=v1&lat=29.62&lon=106.59&timestamp=%d&speed=0", at(5).Unix()),
			"", nil, "vehicles", "v1", 106.59, 29.62, at(5), map[string]any{"speed": 0.0}},
		{"form body", "POST", "/osmand",
			fmt.Sprintf("id=r1&lat=29.53&lon=106.53&timestamp=%d&speed=5.4&bearing=45.5", at(6).Unix()),
			form, "responders", "r1", 106.53, 29.53, at(6), map[string]any{"speed": 5.4 * 1.852, "heading": 45.5}},
		{"layer:id", "GET",
			fmt.Sprintf("/osmand?id=vehicles:v1&lat=29.63&lon=106.60&timestamp=%d", at(7).Unix()),
			"", nil, "vehicles", "v1", 106.60, 29.63, at(7), nil},
		{"Traccar Client 9 JSON, m/s", "POST", "/osmand",
			`{"location":{"timestamp":"` + at(8).Format("2006-01-02T15:04:05.000Z") + `","coords":{"latitude":29.54,"longitude":106.54,
			"accuracy":5,"speed":5,"heading":-1,"altitude":5},"is_moving":true,"odometer":0,"event":"motionchange",
			"battery":{"level":0.79,"is_charging":false},"activity":{"type":"in_vehicle"},"extras":{}},"device_id":"r1"}`,
			jsonCT, "responders", "r1", 106.54, 29.54, at(8), map[string]any{"speed": 18.0, "accuracy": 5.0}},
		{"JSON without a content type", "POST", "/osmand",
			`{"device_id":"p1","location":{"timestamp":"` + at(9).Format(time.RFC3339) + `","coords":{"latitude":29.58,"longitude":106.60,"speed":-1}}}`,
			nil, "custody_persons", "p1", 106.60, 29.58, at(9), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.world.Seq()
			code, body := f.do(tc.method, tc.path, tc.body, tc.header...)
			if code != 200 || body != nil {
				t.Fatalf("status %d, body %v; want 200 and an empty body", code, body)
			}
			if f.world.Seq() != before+1 {
				t.Fatalf("seq %d after %d: want one change", f.world.Seq(), before)
			}
			feat, err := f.world.Feature(tc.layer, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if p := feat.Geometry.Bound().Center(); math.Abs(p[0]-tc.lon) > 1e-9 || math.Abs(p[1]-tc.lat) > 1e-9 {
				t.Errorf("at %v, want [%g %g]", p, tc.lon, tc.lat)
			}
			if !feat.Updated.Equal(tc.time) {
				t.Errorf("updated %s, want %s", feat.Updated, tc.time)
			}
			for k, want := range tc.props {
				got, ok := feat.Props[k]
				switch {
				case want == nil && ok:
					t.Errorf("property %s = %v, want none", k, got)
				case want != nil && (!ok || math.Abs(got.(float64)-want.(float64)) > 1e-9):
					t.Errorf("property %s = %v, want %v", k, got, want)
				}
			}
		})
	}
}

// TestOsmAndBadInput checks that a bad or unknown report gets a 4xx naming
// the member, and changes nothing.
func TestOsmAndBadInput(t *testing.T) {
	f := newFixture(t)
	seedDevices(t, f)
	jsonCT := []string{"Content-Type", "application/json"}
	cases := []struct {
		name, method, path, body string
		header                   []string
		status                   int
		field, reason            string
	}{
		{"unknown device", "GET", "/osmand?id=ghost-7&lat=29.5&lon=106.5", "", nil, 404, "id", `"ghost-7"`},
		{"unknown device in a layer", "GET", "/osmand?id=vehicles:r1&lat=29.5&lon=106.5", "", nil, 404, "id", `"r1"`},
		{"unknown device, JSON", "POST", "/osmand", `{"device_id":"ghost-8","location":{"coords":{"latitude":29.5,"longitude":106.5}}}`,
			jsonCT, 404, "device_id", `"ghost-8"`},
		{"missing id", "GET", "/osmand?lat=29.5&lon=106.5", "", nil, 400, "id", ""},
		{"no query at all", "GET", "/osmand", "", nil, 400, "id", ""},
		{"latitude out of range", "GET", "/osmand?id=r1&lat=95&lon=106.5", "", nil, 400, "lat", ""},
		{"latitude not a number", "GET", "/osmand?id=r1&lat=north&lon=106.5", "", nil, 400, "lat", ""},
		{"latitude NaN", "GET", "/osmand?id=r1&lat=NaN&lon=106.5", "", nil, 400, "lat", ""},
		{"missing longitude", "GET", "/osmand?id=r1&lat=29.5", "", nil, 400, "lon", ""},
		{"bad timestamp", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&timestamp=yesterday", "", nil, 400, "timestamp", ""},
		{"timestamp in the future", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&timestamp=4102444800", "", nil, 400, "time", ""},
		{"bad speed", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&speed=fast", "", nil, 400, "speed", ""},
		{"speed of a rocket", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&speed=1e9", "", nil, 400, "speed", ""},
		{"bad bearing", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&bearing=400", "", nil, 400, "bearing", ""},
		{"bad valid", "GET", "/osmand?id=r1&lat=29.5&lon=106.5&valid=maybe", "", nil, 400, "valid", ""},
		{"not a point layer", "GET", "/osmand?id=markets:m1&lat=29.5&lon=106.5", "", nil, 400, "id", ""},
		{"bad form encoding", "POST", "/osmand", "id=r1&lat=%zz", []string{"Content-Type", "application/x-www-form-urlencoded"}, 400, "query", ""},
		{"empty POST", "POST", "/osmand", "", nil, 400, "body", ""},
		{"JSON, malformed", "POST", "/osmand", `{"device_id":`, jsonCT, 400, "body", ""},
		{"JSON, missing device_id", "POST", "/osmand", `{"location":{"coords":{"latitude":29.5,"longitude":106.5}}}`, jsonCT, 400, "device_id", ""},
		{"JSON, missing coords", "POST", "/osmand", `{"device_id":"r1","location":{"timestamp":"2026-11-23T01:00:00Z"}}`, jsonCT, 400, "location.coords", ""},
		{"JSON, latitude out of range", "POST", "/osmand", `{"device_id":"r1","location":{"coords":{"latitude":-91,"longitude":106.5}}}`,
			jsonCT, 400, "location.coords.latitude", ""},
		{"JSON, bad timestamp", "POST", "/osmand", `{"device_id":"r1","location":{"timestamp":"noon","coords":{"latitude":29.5,"longitude":106.5}}}`,
			jsonCT, 400, "location.timestamp", ""},
		{"JSON, bad battery", "POST", "/osmand", `{"device_id":"r1","location":{"coords":{"latitude":29.5,"longitude":106.5},"battery":{"level":7}}}`,
			jsonCT, 400, "location.battery.level", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.world.Seq()
			code, body := f.do(tc.method, tc.path, tc.body, tc.header...)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %v", code, tc.status, body)
			}
			field, reason := errorOf(body)
			if field != tc.field || reason == "" {
				t.Errorf("field %q (%s), want %q with a reason", field, reason, tc.field)
			}
			if !strings.Contains(reason, tc.reason) {
				t.Errorf("reason %q does not name %s", reason, tc.reason)
			}
			if got := f.world.Seq(); got != before {
				t.Fatalf("seq moved from %d to %d: a bad report changed something", before, got)
			}
		})
	}
}

// TestOsmAndInvalidFix checks that a fix the device flags invalid is
// acknowledged but does not move the feature.
func TestOsmAndInvalidFix(t *testing.T) {
	f := newFixture(t)
	seedDevices(t, f)
	before := f.world.Seq()
	if code, body := f.do("GET", "/osmand?id=r1&lat=29.9&lon=106.9&valid=false", ""); code != 200 {
		t.Fatalf("status %d: %v", code, body)
	}
	if f.world.Seq() != before {
		t.Fatalf("an invalid fix was applied")
	}
}

func FuzzOsmAndBody(f *testing.F) {
	fuzzBodies(f, "POST", "/osmand", []string{
		`id=v1&lat=29.61&lon=106.58&timestamp=1700000000&speed=12&bearing=90`,
		`id=v1&location=29.61,106.58&timestamp=2026-11-23T08:00:00%2B08:00&batt=87&charge=true&valid=1`,
		`deviceid=vehicles:v1&lat=1e308&lon=-1e308&timestamp=1e300&altitude=-5000`,
		`{"device_id":"v1","location":{"timestamp":"2026-11-23T00:00:00.000Z","coords":{"latitude":29.6,"longitude":106.5,"speed":3,"heading":-1},"battery":{"level":-1,"is_charging":true}}}`,
		`{"device_id":"v1","location":{"coords":{"latitude":"x"}}}`,
		`{"device_id":"nope"}`, `{}`, `null`, `id=%`,
	})
}
