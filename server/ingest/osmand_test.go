package ingest

import (
	"errors"
	"math"
	"net/url"
	"testing"
	"time"
)

func TestParseOsmAndQuery(t *testing.T) {
	cases := []struct {
		name, query string
		field       string // of the error; "" for success
		check       func(Fix) bool
	}{
		{"knots to km/h", "id=a&lat=29.5&lon=106.5&speed=10", "",
			func(f Fix) bool { return math.Abs(*f.Speed-18.52) < 1e-9 }},
		{"bearing wins over heading", "id=a&lat=29.5&lon=106.5&bearing=10&heading=20", "",
			func(f Fix) bool { return *f.Heading == 10 }},
		{"negative means unknown", "id=a&lat=29.5&lon=106.5&speed=-1&accuracy=-1", "",
			func(f Fix) bool { return f.Speed == nil && f.Accuracy == nil }},
		{"altitude below sea level", "id=a&lat=29.5&lon=106.5&altitude=-12", "",
			func(f Fix) bool { return *f.Altitude == -12 }},
		{"seconds", "id=a&lat=0&lon=0&timestamp=1700000000", "",
			func(f Fix) bool { return f.Time.Equal(time.Unix(1700000000, 0)) }},
		{"milliseconds", "id=a&lat=0&lon=0&timestamp=1700000000123", "",
			func(f Fix) bool { return f.Time.Equal(time.UnixMilli(1700000000123)) }},
		{"ISO 8601 with an offset", "id=a&lat=0&lon=0&timestamp=2026-11-23T08:00:00%2B08:00", "",
			func(f Fix) bool { return f.Time.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) }},
		{"battery and charge", "id=a&lat=0&lon=0&batt=87&charge=true", "",
			func(f Fix) bool { return *f.Battery == 87 && *f.Charging }},
		{"invalid fix", "id=a&lat=0&lon=0&valid=0", "", func(f Fix) bool { return !f.Valid }},
		{"blank id", "id=+&lat=0&lon=0", "id", nil},
		{"longitude out of range", "id=a&lat=0&lon=-181", "lon", nil},
		{"infinite latitude", "id=a&lat=Inf&lon=0", "lat", nil},
		{"location without a comma", "id=a&location=29.5", "location", nil},
		{"battery over 100", "id=a&lat=0&lon=0&batt=101", "batt", nil},
		{"hdop not a number", "id=a&lat=0&lon=0&hdop=x", "hdop", nil},
		{"altitude in orbit", "id=a&lat=0&lon=0&altitude=4e5", "altitude", nil},
		{"negative time", "id=a&lat=0&lon=0&timestamp=-5", "timestamp", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			f, err := ParseOsmAndQuery(q)
			var fe *FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.field == "" && !tc.check(f):
				t.Fatalf("fix %+v", f)
			case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, ErrInvalid)):
				t.Fatalf("error %v, want one about %s", err, tc.field)
			}
		})
	}
}

// checkFix fails unless a parsed fix is one Lookout can apply as it is.
func checkFix(t *testing.T, f Fix) {
	t.Helper()
	if f.Device == "" || math.IsNaN(f.Lat) || math.Abs(f.Lat) > 90 || math.IsNaN(f.Lon) || math.Abs(f.Lon) > 180 {
		t.Fatalf("accepted %+v", f)
	}
	for _, v := range []*float64{f.Speed, f.Heading, f.Accuracy, f.Altitude, f.HDOP, f.Battery} {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			t.Fatalf("accepted a non-finite measurement: %+v", f)
		}
	}
	if f.Speed != nil && (*f.Speed < 0 || *f.Speed > maxSpeed) || f.Heading != nil && *f.Heading > 360 {
		t.Fatalf("accepted an implausible fix: %+v", f)
	}
}

func FuzzOsmAndQuery(f *testing.F) {
	for _, s := range []string{
		"id=123456&lat=29.56&lon=106.55&timestamp=1700000000&speed=12.5&bearing=90&altitude=240&accuracy=8&hdop=0.9&batt=87&charge=true",
		"deviceid=vehicles:v1&location=29.5,106.5&timestamp=2026-11-23+08:00:00&valid=1",
		"id=a&lat=1e308&lon=-1e308&timestamp=1e300&speed=NaN&bearing=-0",
		"id=a&lat=0x1p-2&lon=0&timestamp=2026-11-23T08:00:00.123456789Z", "id=%zz", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fix, err := ParseOsmAndQuery(q)
		var fe *FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field == "") {
			t.Fatalf("error without a field: %v", err)
		}
		if err == nil {
			checkFix(t, fix)
		}
	})
}

func FuzzOsmAndJSON(f *testing.F) {
	for _, s := range []string{
		`{"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":29.56,"longitude":106.55,"accuracy":5,"speed":0,"heading":-1,"altitude":5},"is_moving":false,"odometer":0,"event":"motionchange","battery":{"level":1,"is_charging":false},"activity":{"type":"still"},"extras":{}},"device_id":"48241179"}`,
		`{"device_id":"r1","location":{"coords":{"latitude":-6.1,"longitude":106.68,"speed":18.67,"heading":63},"battery":{"is_charging":false,"level":0.79}}}`,
		`{"device_id":"r1","location":{"coords":{"latitude":1e400}}}`, `{"device_id":7}`, `[]`, `null`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fix, err := ParseOsmAndJSON(body)
		var fe *FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field == "") {
			t.Fatalf("error without a field: %v", err)
		}
		if err == nil {
			checkFix(t, fix)
		}
	})
}
