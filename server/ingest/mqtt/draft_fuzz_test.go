package mqtt

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/catalog"
	"lookout/server/ingest"
)

// FuzzDraft feeds the subscriber's draft (an MQTT message: a topic any
// client of the broker may publish to, and its payload) arbitrary topics
// and payloads. It must never panic; it must refuse with a FieldError of
// kind ErrInvalid or ErrUnknownLayer, or return a Patch of the layer and ID
// the topic names, of the kind the topic's last level says.
func FuzzDraft(f *testing.F) {
	for _, s := range []struct{ topic, payload string }{
		{"city/cq/vehicles/v1/position", `{"lon":106.6,"lat":29.6,"time":1700000000,"speed":38.5,"heading":92}`},
		{"city/cq/vehicles/v1/position", `{"lon":106.574,"lat":29.601,"time":"2026-11-23T09:15:02+08:00","accuracy":8}`},
		{"city/cq/vehicles/v1/event", `{"event":"ignition","properties":{"ignition":true}}`},
		{"city/cq/cameras/cam-0001/event", `{"event":"smoke","properties":{"smoke_bearing":245.5,"smoke_confidence":0.82}}`},
		{"city/cq/ir_detectors/ir-0001/event", `{"event":"alarm","properties":{"status":"alarm","flame":72}}`},
		{"city/cq/pharmacies/ph-0001/event", `{"event":"fridge","properties":{"fridge_c":9.5},"time":1700000000123}`},
		{"city/cq/vehicles/v1/position", `{"type":"position","layer":"vehicles","id":"v1","lon":106.6,"lat":29.6}`},
		{"city/cq/vehicles/v1/position", `{"type":"event","event":"x"}`},
		{"city/cq/vehicles/v1/position", `{"lon":1e400,"lat":29.6}`},
		{"city/cq/vehicles/v1/position", `{"lon":106.6,"lat":29.6,"time":1e10}`},
		{"city/cq/vehicles//position", `{"lon":106.6,"lat":29.6}`},
		{"city/cq/vehicles/v1/x/position", `{}`},
		{"city/cq/+/#", `{}`},
		{"city/cq/ufos/v1/position", `{"lon":106.6,"lat":29.6}`},
		{"lookout/vehicles/v1/position", `{"lon":106.6,"lat":29.6}`},
		{"city/cq/vehicles/v1/heartbeat", ``},
		{"", ``},
	} {
		f.Add(s.topic, []byte(s.payload))
	}
	w := fuzzWorld(f)
	s, err := newSubscriber(w, Options{URL: "tcp://127.0.0.1:1", Topic: "city/cq"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, topic string, payload []byte) {
		d := s.draft(topic, payload)
		if d.Err != nil {
			var fe *ingest.FieldError
			if !errors.As(d.Err, &fe) || fe.Reason == "" || !(errors.Is(d.Err, ingest.ErrInvalid) || errors.Is(d.Err, layers.ErrUnknownLayer)) {
				t.Fatalf("draft(%q, %q): error %v (%T) is not a FieldError of a known kind", topic, payload, d.Err, d.Err)
			}
			return
		}
		levels := strings.Split(strings.TrimPrefix(topic, "city/cq/"), "/")
		c := d.Change
		if !strings.HasPrefix(topic, "city/cq/") || len(levels) != 3 || c.Op != layers.Patch || c.Layer != levels[0] || c.ID != levels[1] {
			t.Fatalf("draft(%q, %q) = %+v: not the topic's feature", topic, payload, c)
		}
		if _, ok := c.Geometry.(orb.Point); ok != (levels[2] == "position") {
			t.Fatalf("draft(%q, %q): geometry %v for a %s", topic, payload, c.Geometry, levels[2])
		}
		if !c.Time.IsZero() && (c.Time.Before(time.Unix(0, 0)) || !time.Unix(0, c.Time.UnixNano()).Equal(c.Time)) {
			t.Fatalf("draft(%q, %q): time %v cannot be kept", topic, payload, c.Time)
		}
	})
}

// fuzzWorld is a World of every layer on a GeoPackage in a temp dir with
// the vehicle v1, as newWorld makes for a test.
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
	err = layers.ApplyAll(context.Background(), w, []layers.Change{{Op: layers.Upsert, Layer: "vehicles", ID: "v1",
		Geometry: orb.Point{106.57, 29.60}, Props: map[string]any{"plate": "渝A·D1234", "status": "parked"}}})
	if err != nil {
		f.Fatal(err)
	}
	return w
}
