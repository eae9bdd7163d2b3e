package sim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/paulmach/orb"
)

// maxBatch caps the items of one ingest POST.
const maxBatch = 1000

// layerOrder is the order in which a tick's batches are sent.
var layerOrder = []string{
	"vehicles", "responders", "custody_persons", "cameras", "ir_detectors",
	"pharmacies", "kitchens", "elevators",
}

// item is one item of an ingest batch, as the API spells it.
type item struct {
	Type       string         `json:"type"`
	Layer      string         `json:"layer"`
	ID         string         `json:"id"`
	Lon        *float64       `json:"lon,omitempty"`
	Lat        *float64       `json:"lat,omitempty"`
	Time       string         `json:"time"`
	Speed      *float64       `json:"speed,omitempty"`
	Heading    *float64       `json:"heading,omitempty"`
	Accuracy   *float64       `json:"accuracy,omitempty"`
	Event      string         `json:"event,omitempty"`
	Properties map[string]any `json:"properties,omitempty"`
}

// kind is the item's Key kind: "position" or the event's name.
func (it *item) kind() string {
	if it.Type == "position" {
		return "position"
	}
	return it.Event
}

// fix is a position fix to send; nil members are left out.
type fix struct {
	speed, heading, accuracy *float64
	props                    map[string]any
}

func f64(x float64) *float64 { return &x }

// creation is a new feature to PUT.
type creation struct {
	layer, id string
	p         orb.Point
	props     map[string]any
}

// outbox collects one tick's writes.
type outbox struct {
	items   map[string][]item
	creates []creation
}

func newOutbox() *outbox { return &outbox{items: map[string][]item{}} }

// position queues a position fix.
func (o *outbox) position(layer, id string, p orb.Point, f fix) {
	lon, lat := round(p[0], 6), round(p[1], 6)
	o.items[layer] = append(o.items[layer], item{Type: "position", Layer: layer, ID: id, Lon: &lon, Lat: &lat,
		Speed: f.speed, Heading: f.heading, Accuracy: f.accuracy, Properties: f.props})
}

// event queues a sensor event.
func (o *outbox) event(layer, id, event string, props map[string]any) {
	o.items[layer] = append(o.items[layer], item{Type: "event", Layer: layer, ID: id, Event: event, Properties: props})
}

// create queues a new feature.
func (o *outbox) create(layer, id string, p orb.Point, props map[string]any) {
	o.creates = append(o.creates, creation{layer, id, p, props})
}

// ingestAnswer is what POST /api/v1/ingest answers.
type ingestAnswer struct {
	Results []struct {
		Status int `json:"status"`
		Error  *struct {
			Field  string `json:"field"`
			Reason string `json:"reason"`
		} `json:"error"`
	} `json:"results"`
}

// flush sends the tick's writes, stamped now: the new features first, then
// one batch per layer (split at maxBatch) in layerOrder.
func (s *Sim) flush(ctx context.Context, o *outbox, now time.Time) {
	stamp := now.Format(time.RFC3339Nano)
	for _, c := range o.creates {
		s.put(ctx, c)
	}
	for _, layer := range layerOrder {
		items := o.items[layer]
		for len(items) > 0 && ctx.Err() == nil {
			n := min(len(items), maxBatch)
			s.post(ctx, items[:n], stamp)
			items = items[n:]
		}
	}
}

// post sends one ingest batch and counts the answer item by item.
func (s *Sim) post(ctx context.Context, items []item, stamp string) {
	for i := range items {
		items[i].Time = stamp
	}
	body, err := json.Marshal(map[string]any{"items": items})
	if err != nil {
		s.log.Error("sim: encode batch", "err", err)
		return
	}
	out, err := s.api.do(ctx, http.MethodPost, "/api/v1/ingest", body, writeAttempts)
	var ans ingestAnswer
	var se *statusError
	switch {
	case err == nil || errors.As(err, &se) && se.status < 500:
		if json.Unmarshal(out, &ans) != nil || len(ans.Results) != len(items) {
			s.log.Error("sim: ingest batch refused as a whole", "layer", items[0].Layer, "items", len(items), "err", err)
			s.stats.update(func(st *Stats) {
				st.Dropped++
				for i := range items {
					st.Rejected[Key{items[i].Layer, items[i].kind()}]++
				}
			})
			return
		}
	case ctx.Err() != nil:
		return
	default:
		s.log.Warn("sim: ingest batch dropped", "layer", items[0].Layer, "items", len(items), "err", err)
		s.stats.update(func(st *Stats) { st.Dropped++ })
		return
	}
	s.stats.update(func(st *Stats) {
		st.Batches++
		for i, r := range ans.Results {
			k := Key{items[i].Layer, items[i].kind()}
			if r.Status/100 == 2 {
				st.Accepted[k]++
				continue
			}
			st.Rejected[k]++
			if r.Error != nil {
				s.log.Error("sim: item rejected (a simulator bug)", "layer", k.Layer, "id", items[i].ID, "kind", k.Kind,
					"status", r.Status, "field", r.Error.Field, "reason", r.Error.Reason)
			}
		}
	})
}

// put creates one feature with PUT.
func (s *Sim) put(ctx context.Context, c creation) {
	body, err := json.Marshal(map[string]any{
		"type": "Feature", "id": c.id,
		"geometry":   map[string]any{"type": "Point", "coordinates": []float64{round(c.p[0], 6), round(c.p[1], 6)}},
		"properties": c.props,
	})
	if err != nil {
		s.log.Error("sim: encode feature", "err", err)
		return
	}
	path := "/api/v1/layers/" + url.PathEscape(c.layer) + "/features/" + url.PathEscape(c.id)
	_, err = s.api.do(ctx, http.MethodPut, path, body, writeAttempts)
	k := Key{c.layer, "create"}
	var se *statusError
	switch {
	case err == nil:
		s.stats.update(func(st *Stats) { st.Accepted[k]++ })
	case ctx.Err() != nil:
	case errors.As(err, &se) && se.status < 500:
		s.log.Error("sim: feature refused (a simulator bug)", "layer", c.layer, "id", c.id, "err", err)
		s.stats.update(func(st *Stats) { st.Rejected[k]++ })
	default:
		s.log.Warn("sim: feature dropped", "layer", c.layer, "id", c.id, "err", err)
		s.stats.update(func(st *Stats) { st.Dropped++ })
	}
}
