// Package ingest is how positions and sensor events enter Lookout from any
// protocol — the HTTP batch endpoint, the WebSocket ingest, OsmAnd and
// Traccar Client, MQTT — before they all go through layers.World.Apply, the
// one writer path. It holds the shared model of an ingest item, the OsmAnd
// decoders, the batch applier, and the errors the server's error table maps.
// It speaks no transport itself beyond parsing: the HTTP and WebSocket
// handlers live in package server, the MQTT subscriber in ingest/mqtt.
package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Item is one position fix ("type":"position", with lon/lat and optional
// speed/heading/accuracy) or one sensor event ("type":"event", with an event
// name and properties) for an existing feature, as POST /api/v1/ingest, the
// WebSocket ingest and MQTT payloads carry it:
//
//	{"type":"position","layer":"vehicles","id":"veh-0001","lon":106.574,"lat":29.601,
//	 "time":"2026-11-23T09:15:02+08:00","speed":38.5,"heading":92}
type Item struct {
	Type       string          `json:"type"`
	Layer      string          `json:"layer"`
	ID         string          `json:"id"`
	Lon        *float64        `json:"lon"`
	Lat        *float64        `json:"lat"`
	Time       json.RawMessage `json:"time"`
	Speed      *float64        `json:"speed"`
	Heading    *float64        `json:"heading"`
	Accuracy   *float64        `json:"accuracy"`
	Event      string          `json:"event"`
	Properties map[string]any  `json:"properties"`
}

// DecodeItem reads one item from JSON. Unknown members are refused, so a
// misspelt "lng" is an error rather than a silently missing position.
func DecodeItem(raw []byte) (Item, error) {
	var it Item
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&it); err != nil {
		return it, invalid("", "not an ingest item: "+err.Error())
	}
	if dec.More() {
		return it, invalid("", "not an ingest item: more than one JSON value")
	}
	return it, nil
}

// Decode reads one item from JSON and turns it into a change of w.
func Decode(raw []byte, w *layers.World) (layers.Change, []string, error) {
	it, err := DecodeItem(raw)
	if err != nil {
		return layers.Change{}, nil, err
	}
	return it.Change(w)
}

// Change turns the item into a Patch of an existing feature of w. Optional
// fix members the layer has no property for are dropped with a warning;
// everything else is left for World.Apply to validate against the schema.
func (it Item) Change(w *layers.World) (layers.Change, []string, error) {
	l, err := w.Layer(it.Layer)
	if err != nil {
		return layers.Change{}, nil, &FieldError{Field: "layer", Reason: fmt.Sprintf("unknown layer %q", it.Layer), Err: layers.ErrUnknownLayer}
	}
	c := layers.Change{Op: layers.Patch, Layer: it.Layer, ID: it.ID, Props: it.Properties, Event: it.Event}
	if c.Props == nil {
		c.Props = map[string]any{}
	}
	if c.Time, err = parseTime("time", it.Time); err != nil {
		return c, nil, err
	}
	switch it.Type {
	case "position":
		if it.Lon == nil || it.Lat == nil {
			return c, nil, invalid("lon", "a position needs lon and lat")
		}
		c.Geometry = orb.Point{*it.Lon, *it.Lat}
		var warnings []string
		for _, m := range []member{{"speed", it.Speed}, {"heading", it.Heading}, {"accuracy", it.Accuracy}} {
			warnings = m.set(l, c.Props, warnings)
		}
		return c, warnings, nil
	case "event":
		if it.Event == "" {
			return c, nil, invalid("event", "an event needs its name, such as \"alarm\"")
		}
		if it.Lon != nil || it.Lat != nil {
			return c, nil, invalid("lon", "an event has no position; send a position item")
		}
		return c, nil, nil
	}
	return c, nil, invalid("type", fmt.Sprintf("want \"position\" or \"event\", got %q", it.Type))
}

// member is an optional measurement of a fix, named as the layer property
// it goes to; v is a nil pointer when the source did not send it.
type member struct {
	name string
	v    any // *float64 or *bool
}

// set puts the member into props when it was sent and the layer has such a
// property, and otherwise notes in warnings that it was dropped.
func (m member) set(l *layers.Layer, props map[string]any, warnings []string) []string {
	var v any
	switch p := m.v.(type) {
	case *float64:
		if p == nil {
			return warnings
		}
		v = *p
	case *bool:
		if p == nil {
			return warnings
		}
		v = *p
	default:
		return warnings
	}
	if _, ok := l.Field(m.name); !ok {
		return append(warnings, fmt.Sprintf("%s ignored: layer %s has no such property", m.name, l.Name))
	}
	props[m.name] = v
	return warnings
}
