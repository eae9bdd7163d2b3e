package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
)

// fuzzWorld is a World of every layer on a GeoPackage in a temp dir, with
// one vehicle (v1) and one camera (c1) for items to be about.
func fuzzWorld(f *testing.F) *layers.World {
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(f.TempDir(), "fuzz.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	w, err := layers.Open(context.Background(), store, catalog.All(), layers.Options{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { w.Close(); store.Close() })
	err = layers.ApplyAll(context.Background(), w, []layers.Change{
		{Op: layers.Upsert, Layer: "vehicles", ID: "v1", Geometry: orb.Point{106.57, 29.60},
			Props: map[string]any{"plate": "渝A·D1234", "status": "parked"}},
		{Op: layers.Upsert, Layer: "cameras", ID: "c1", Geometry: orb.Point{106.4, 29.8},
			Props: map[string]any{"name": "缙云山1号", "status": "online", "range_m": 5000.0}},
	})
	if err != nil {
		f.Fatal(err)
	}
	return w
}

// saneTime fails unless t is the zero time ("now") or a time int64
// nanoseconds can hold, so that the journal and the track store keep it as
// it is, on or after the Unix epoch.
func saneTime(t *testing.T, what string, at time.Time) {
	t.Helper()
	if at.IsZero() {
		return
	}
	if at.Before(time.Unix(0, 0)) || !time.Unix(0, at.UnixNano()).Equal(at) {
		t.Fatalf("%s: accepted the time %v, which is before 1970 or beyond int64 nanoseconds", what, at)
	}
}

// FuzzDecodeItem feeds Decode (one item of an ingest batch, of the
// WebSocket ingest, or an MQTT payload) arbitrary JSON. It must never
// panic; it must refuse with a FieldError of kind ErrInvalid or
// ErrUnknownLayer, or return a Patch of the item's layer and ID, with the
// item's position as a point and a time that is "now" or one the stores
// can keep.
func FuzzDecodeItem(f *testing.F) {
	for _, s := range []string{
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.574,"lat":29.601,"time":"2026-11-23T09:15:02+08:00","speed":38.5,"heading":92}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.61,"speed":42.5,"time":1700000000}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.61,"time":1700000000123,"accuracy":8}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.61,"time":1700000000.5}`,
		`{"type":"event","layer":"vehicles","id":"v1","event":"ignition","properties":{"ignition":true}}`,
		`{"type":"event","layer":"cameras","id":"c1","event":"smoke","properties":{"smoke_bearing":245.5,"smoke_confidence":0.82},"time":"2026-11-23T01:15:00Z"}`,
		`{"type":"event","layer":"ir_detectors","id":"ir-0001","event":"alarm","properties":{"status":"alarm","flame":72}}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":1e308,"lat":-1e308,"time":1e300}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.5,"lat":29.5,"time":1e10}`,
		`{"type":"position","layer":"vehicles","id":"v1","lon":106.5,"lat":29.5,"time":"0001-01-01T00:00:00Z"}`,
		`{"type":"position","layer":"vehicles","id":"v1","lng":106.5,"lat":29.5}`,
		`{"type":"event","layer":"vehicles","id":"v1","event":"x","lon":1,"lat":2}`,
		`{"type":"position","layer":"nope","id":""}`,
		`{"type":"position"}{"type":"event"}`,
		`{}`, `[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	w := fuzzWorld(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, warnings, err := Decode(raw, w)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Reason == "" || !(errors.Is(err, ErrInvalid) || errors.Is(err, layers.ErrUnknownLayer)) {
				t.Fatalf("error %v (%T) is not a FieldError of a known kind", err, err)
			}
			return
		}
		it, err := DecodeItem(raw)
		if err != nil {
			t.Fatalf("Decode accepted what DecodeItem refuses: %v", err)
		}
		if _, err := w.Layer(c.Layer); err != nil || c.Op != layers.Patch || c.Layer != it.Layer || c.ID != it.ID || c.Props == nil {
			t.Fatalf("change %+v from item %+v", c, it)
		}
		saneTime(t, "time", c.Time)
		switch it.Type {
		case "position":
			p, ok := c.Geometry.(orb.Point)
			if !ok || p[0] != *it.Lon || p[1] != *it.Lat {
				t.Fatalf("position %v from lon %v lat %v", c.Geometry, *it.Lon, *it.Lat)
			}
		case "event":
			if c.Geometry != nil || c.Event == "" || len(warnings) != 0 {
				t.Fatalf("event change %+v, warnings %q", c, warnings)
			}
		default:
			t.Fatalf("accepted an item of type %q", it.Type)
		}
	})
}

// FuzzParseTimeText feeds ParseTimeText (an OsmAnd timestamp) and, as a
// JSON value, parseTime (an ingest item's time) arbitrary text. Neither may
// panic; each must refuse with a FieldError naming the field, or return
// the zero time ("now") for nothing, and otherwise a time the stores can
// keep: a number is Unix seconds, or milliseconds above 1e12.
func FuzzParseTimeText(f *testing.F) {
	for _, s := range []string{
		"1700000000", "1700000000123", "1700000000.5", "1.7e9", "2026-11-23T08:00:00+08:00",
		"2026-11-23T08:00:00.123456789Z", "2026-11-23 08:00:00", "2026-11-23T08:00:00.5", "2026-11-23 08:00:00.25",
		`"2026-11-23T08:00:00+08:00"`, "null", "", "  ", "0", "-5", "NaN", "Inf", "1e10", "9223372037",
		"9.3e12", "1e15", "1e16", "0x1p30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-13-01T00:00:00Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []struct {
			name  string
			parse func(string) (time.Time, error)
		}{
			{"ParseTimeText", func(s string) (time.Time, error) { return ParseTimeText("timestamp", s) }},
			{"parseTime", func(s string) (time.Time, error) { return parseTime("time", json.RawMessage(s)) }},
		} {
			at, err := p.parse(s)
			if err != nil {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field == "" || !errors.Is(err, ErrInvalid) {
					t.Fatalf("%s(%q): error %v does not name the field", p.name, s, err)
				}
				continue
			}
			// The zero time means "now": it may come only from nothing, or
			// from a text naming the zero time itself (0001-01-01T00:00:00Z,
			// which some trackers send without a GPS time: read as now).
			if p.name == "ParseTimeText" && at.IsZero() && strings.TrimSpace(s) != "" && !strings.HasPrefix(strings.TrimSpace(s), "0001-01-01") {
				t.Fatalf("%s(%q) = the zero time, which means now", p.name, s)
			}
			if p.name == "ParseTimeText" && strings.TrimSpace(s) == "" && !at.IsZero() {
				t.Fatalf("%s(%q) = %v, want the zero time", p.name, s, at)
			}
			// A number must be read as Unix seconds, or milliseconds above
			// 1e12, to the nearest nanosecond or so, or refused.
			if n, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !at.IsZero() {
				saneTime(t, p.name+"("+strconv.Quote(s)+")", at)
				secs := n
				if n > 1e12 {
					secs = n / 1e3
				}
				got := float64(at.UnixNano()) / 1e9
				if math.Abs(got-secs) > 1e-6*math.Max(1, math.Abs(secs)) {
					t.Fatalf("%s(%q) = %v (%v s), want %v s", p.name, s, at, got, secs)
				}
			}
		}
	})
}
