package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Speed conversions to km/h, the unit of Lookout's speed property.
const (
	kmhPerKnot = 1.852 // OsmAnd query speed: knots, as Traccar reads it by default
	kmhPerMps  = 3.6   // Traccar Client 9+ JSON speed: metres per second
)

// Fix is one position report in the OsmAnd protocol, as OsmAnd and Traccar
// Client send it, converted to Lookout's units: speed in km/h, heading in
// degrees, accuracy and altitude in metres, battery in percent. Optional
// members are nil when the device did not send them (or sent -1, the
// JSON form's "unknown").
type Fix struct {
	Device   string    // the device identifier: a feature ID, or layer:id
	Lat, Lon float64   // WGS 84 degrees, in range
	Time     time.Time // when the fix was taken; zero means now
	Valid    bool      // false when the device flags the fix as invalid
	Speed    *float64
	Heading  *float64
	Accuracy *float64
	Altitude *float64
	HDOP     *float64
	Battery  *float64
	Charging *bool
}

// ParseOsmAndQuery reads the query (or form) form of the protocol, as
// OsmAnd and Traccar Client up to version 8 send it:
//
//	id=123456&lat=29.56&lon=106.55&timestamp=1700000000&speed=12.5&bearing=90
//	&altitude=240&accuracy=8&hdop=0.9&batt=87&charge=true
//
// id (or deviceid) and a position (lat and lon, or location=lat,lon) are
// required; timestamp is Unix seconds or milliseconds or ISO 8601; speed is
// in knots. Parameters it does not know are ignored, as Traccar keeps them
// as attributes Lookout has no place for.
func ParseOsmAndQuery(q url.Values) (Fix, error) {
	f := Fix{Valid: true, Device: first(q, "id", "deviceid")}
	if f.Device == "" {
		return f, invalid("id", "required: the device identifier")
	}
	lat, lon := q.Get("lat"), q.Get("lon")
	if loc := q.Get("location"); loc != "" && lat == "" && lon == "" {
		var ok bool
		if lat, lon, ok = strings.Cut(loc, ","); !ok {
			return f, invalid("location", "want lat,lon")
		}
	}
	var err error
	if f.Lat, err = coordinate("lat", lat, 90); err != nil {
		return f, err
	}
	if f.Lon, err = coordinate("lon", lon, 180); err != nil {
		return f, err
	}
	if f.Time, err = ParseTimeText("timestamp", q.Get("timestamp")); err != nil {
		return f, err
	}
	if v := q.Get("valid"); v != "" {
		switch strings.ToLower(v) {
		case "true", "1":
		case "false", "0":
			f.Valid = false
		default:
			return f, invalid("valid", "want true, false, 1 or 0")
		}
	}
	for _, m := range []struct {
		field string
		dst   **float64
		scale float64
		max   float64
	}{
		{"speed", &f.Speed, kmhPerKnot, maxSpeed}, {"bearing", &f.Heading, 1, 360}, {"heading", &f.Heading, 1, 360},
		{"accuracy", &f.Accuracy, 1, maxAccuracy},
		{"hdop", &f.HDOP, 1, maxHDOP}, {"batt", &f.Battery, 1, 100},
	} {
		if *m.dst != nil {
			continue // bearing was given; heading is its other name
		}
		if *m.dst, err = optional(m.field, q.Get(m.field), m.scale, m.max); err != nil {
			return f, err
		}
	}
	if v := q.Get("altitude"); v != "" {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return f, invalid("altitude", fmt.Sprintf("want a number, got %q", v))
		}
		if f.Altitude, err = altitude("altitude", x); err != nil {
			return f, err
		}
	}
	if v := q.Get("charge"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, invalid("charge", "want true or false")
		}
		f.Charging = &b
	}
	return f, nil
}

// Bounds of a plausible fix, in Lookout's units; beyond them a member is
// garbage, and the request is refused rather than the map misled.
const (
	maxSpeed    = 1200    // km/h
	minAltitude = -1000   // m
	maxAltitude = 100_000 // m
	maxAccuracy = 1e7     // m
	maxHDOP     = 1000
)

// first returns the first non-empty value of the named parameters.
func first(q url.Values, names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(q.Get(n)); v != "" {
			return v
		}
	}
	return ""
}

// coordinate reads a required latitude or longitude within ±limit.
func coordinate(field, v string, limit float64) (float64, error) {
	if v == "" {
		return 0, invalid(field, "required: a fix needs lat and lon")
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(x) || x < -limit || x > limit {
		return 0, invalid(field, fmt.Sprintf("want a number from %g to %g, got %q", -limit, limit, v))
	}
	return x, nil
}

// optional reads an optional measurement, converts it by scale and checks
// it is at most max (in Lookout's unit). A negative value means "unknown",
// as -1 does in Traccar Client's JSON, and is dropped.
func optional(field, v string, scale, max float64) (*float64, error) {
	if v == "" {
		return nil, nil
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return nil, invalid(field, fmt.Sprintf("want a number, got %q", v))
	}
	return measure(field, x, scale, max)
}

// measure converts a finite measurement by scale; negative means unknown.
func measure(field string, x, scale, max float64) (*float64, error) {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return nil, invalid(field, "want a finite number")
	case x < 0:
		return nil, nil
	case x*scale > max:
		return nil, invalid(field, fmt.Sprintf("%g is more than %g", x, max/scale))
	}
	x *= scale
	return &x, nil
}

// altitude checks an altitude in metres: unlike the other measurements it
// may be negative (below sea level), so it has no "unknown" value.
func altitude(field string, x float64) (*float64, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < minAltitude || x > maxAltitude {
		return nil, invalid(field, fmt.Sprintf("want metres from %g to %g", float64(minAltitude), float64(maxAltitude)))
	}
	return &x, nil
}

// osmandJSON is the JSON form Traccar Client 9+ sends (the native format of
// its background-location SDK); only the members Lookout uses are listed,
// the rest (is_moving, event, odometer, activity, extras, …) are ignored.
type osmandJSON struct {
	DeviceID *string `json:"device_id"`
	Location *struct {
		Timestamp *string `json:"timestamp"`
		Coords    *struct {
			Latitude  *float64 `json:"latitude"`
			Longitude *float64 `json:"longitude"`
			Accuracy  *float64 `json:"accuracy"`
			Speed     *float64 `json:"speed"`
			Heading   *float64 `json:"heading"`
			Altitude  *float64 `json:"altitude"`
		} `json:"coords"`
		Battery *struct {
			Level      *float64 `json:"level"`
			IsCharging *bool    `json:"is_charging"`
		} `json:"battery"`
	} `json:"location"`
}

// ParseOsmAndJSON reads the JSON form of the protocol, as Traccar Client 9+
// sends it:
//
//	{"device_id":"48241179","location":{"timestamp":"2026-11-23T01:15:02.862Z",
//	 "coords":{"latitude":29.56,"longitude":106.55,"accuracy":5,"speed":3.2,"heading":90,"altitude":240},
//	 "is_moving":true,"event":"motionchange","battery":{"level":0.79,"is_charging":false}}}
//
// Speed is in m/s, battery level a fraction; -1 means unknown.
func ParseOsmAndJSON(body []byte) (Fix, error) {
	var j osmandJSON
	f := Fix{Valid: true}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&j); err != nil {
		return f, invalid("body", "not a Traccar Client location: "+err.Error())
	}
	switch {
	case j.DeviceID == nil || strings.TrimSpace(*j.DeviceID) == "":
		return f, invalid("device_id", "required: the device identifier")
	case j.Location == nil:
		return f, invalid("location", "required")
	case j.Location.Coords == nil:
		return f, invalid("location.coords", "required: a fix needs a position")
	}
	f.Device = strings.TrimSpace(*j.DeviceID)
	loc, c := j.Location, j.Location.Coords
	var err error
	if f.Lat, err = jsonCoordinate("location.coords.latitude", c.Latitude, 90); err != nil {
		return f, err
	}
	if f.Lon, err = jsonCoordinate("location.coords.longitude", c.Longitude, 180); err != nil {
		return f, err
	}
	if loc.Timestamp != nil {
		if f.Time, err = ParseTimeText("location.timestamp", *loc.Timestamp); err != nil {
			return f, err
		}
	}
	for _, m := range []struct {
		field string
		src   *float64
		dst   **float64
		scale float64
		max   float64
	}{
		{"location.coords.speed", c.Speed, &f.Speed, kmhPerMps, maxSpeed},
		{"location.coords.heading", c.Heading, &f.Heading, 1, 360},
		{"location.coords.accuracy", c.Accuracy, &f.Accuracy, 1, maxAccuracy},
	} {
		if m.src == nil {
			continue
		}
		if *m.dst, err = measure(m.field, *m.src, m.scale, m.max); err != nil {
			return f, err
		}
	}
	if c.Altitude != nil {
		if f.Altitude, err = altitude("location.coords.altitude", *c.Altitude); err != nil {
			return f, err
		}
	}
	if b := loc.Battery; b != nil {
		if b.Level != nil {
			if f.Battery, err = measure("location.battery.level", *b.Level, 100, 100); err != nil {
				return f, err
			}
		}
		f.Charging = b.IsCharging
	}
	return f, nil
}

// jsonCoordinate checks a required latitude or longitude within ±limit.
func jsonCoordinate(field string, v *float64, limit float64) (float64, error) {
	if v == nil {
		return 0, invalid(field, "required: a fix needs latitude and longitude")
	}
	if math.IsNaN(*v) || *v < -limit || *v > limit {
		return 0, invalid(field, fmt.Sprintf("want a number from %g to %g", -limit, limit))
	}
	return *v, nil
}
