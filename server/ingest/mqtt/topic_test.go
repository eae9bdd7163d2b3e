package mqtt

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/server/ingest"
)

func TestDraft(t *testing.T) {
	w := newWorld(t)
	s, err := newSubscriber(w, Options{URL: "tcp://127.0.0.1:1", Topic: "city/cq/"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, topic, payload string
		field                string // of the error; "" for a good draft
		kind                 error
	}{
		{"position", "city/cq/vehicles/v1/position", `{"lon":106.6,"lat":29.6,"time":1700000000}`, "", nil},
		{"event", "city/cq/vehicles/v1/event", `{"event":"ignition","properties":{"ignition":true}}`, "", nil},
		{"payload agrees with the topic", "city/cq/vehicles/v1/position", `{"type":"position","layer":"vehicles","id":"v1","lon":106.6,"lat":29.6}`, "", nil},
		{"another prefix", "lookout/vehicles/v1/position", `{"lon":106.6,"lat":29.6}`, "topic", ingest.ErrInvalid},
		{"too many levels", "city/cq/vehicles/v1/x/position", `{"lon":106.6,"lat":29.6}`, "topic", ingest.ErrInvalid},
		{"empty id", "city/cq/vehicles//position", `{"lon":106.6,"lat":29.6}`, "topic", ingest.ErrInvalid},
		{"unknown kind", "city/cq/vehicles/v1/heartbeat", `{}`, "topic", ingest.ErrInvalid},
		{"type contradicts the topic", "city/cq/vehicles/v1/position", `{"type":"event","event":"x"}`, "type", ingest.ErrInvalid},
		{"layer contradicts the topic", "city/cq/vehicles/v1/position", `{"layer":"responders","lon":106.6,"lat":29.6}`, "layer", ingest.ErrInvalid},
		{"unknown layer", "city/cq/ufos/v1/position", `{"lon":106.6,"lat":29.6}`, "layer", layers.ErrUnknownLayer},
		{"empty payload", "city/cq/vehicles/v1/position", ``, "", ingest.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := s.draft(tc.topic, []byte(tc.payload))
			if tc.kind == nil {
				if d.Err != nil || d.Change.Layer != "vehicles" || d.Change.ID != "v1" {
					t.Fatalf("draft %+v", d)
				}
				if p, ok := d.Change.Geometry.(orb.Point); ok && p != (orb.Point{106.6, 29.6}) {
					t.Fatalf("at %v", p)
				}
				return
			}
			var fe *ingest.FieldError
			if !errors.Is(d.Err, tc.kind) || !errors.As(d.Err, &fe) || fe.Field != tc.field {
				t.Fatalf("error %v, want %v about %q", d.Err, tc.kind, tc.field)
			}
		})
	}
}
