package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// ingestItem is one item of a POST /api/v1/ingest batch: a position fix
// ("type":"position", with lon/lat and optional speed/heading/accuracy) or
// a sensor event ("type":"event", with an event name and properties).
type ingestItem struct {
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

// itemResult is the answer for one ingest item.
type itemResult struct {
	Index    int       `json:"index"`
	Status   int       `json:"status"`
	Seq      uint64    `json:"seq,omitempty"`
	Version  uint64    `json:"version,omitempty"`
	Stale    bool      `json:"stale,omitempty"`
	Warnings []string  `json:"warnings,omitempty"`
	Error    *apiError `json:"error,omitempty"`
}

// ingest applies a batch of positions and sensor events through World.Apply
// and answers, after the commit, with a result per item. Items are
// independent: a bad item is rejected with its reason and the others are
// applied. The answer is 200 when at least one item was accepted, else the
// status of the first rejection.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var batch struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(body, &batch); err != nil {
		s.writeError(w, r, badRequest("body", "want {\"items\": [...]}: "+err.Error()))
		return
	}
	if len(batch.Items) > s.opt.MaxItems {
		s.writeError(w, r, badRequest("items", fmt.Sprintf("more than %d items in one batch", s.opt.MaxItems)))
		return
	}
	results := make([]itemResult, len(batch.Items))
	var changes []layers.Change
	var index []int // index[k] is the item of changes[k]
	for i, raw := range batch.Items {
		results[i].Index = i
		c, warnings, err := s.ingestChange(raw)
		results[i].Warnings = warnings
		if err != nil {
			results[i].reject(prefixField(err, fmt.Sprintf("items[%d].", i)))
			continue
		}
		changes = append(changes, c)
		index = append(index, i)
	}
	res, err := s.world.Apply(r.Context(), changes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for k, rr := range res {
		ir := &results[index[k]]
		if rr.Err != nil {
			ir.reject(prefixField(rr.Err, fmt.Sprintf("items[%d].", index[k])))
			continue
		}
		ir.Status, ir.Seq, ir.Version, ir.Stale = http.StatusOK, rr.Seq, rr.Version, rr.Stale
	}
	writeJSON(w, batchStatus(results), ingestAnswer(results, s.world.Seq()))
}

func (ir *itemResult) reject(err error) {
	p := problem(err)
	ir.Status, ir.Error = p.Status, &p
}

func batchStatus(results []itemResult) int {
	for _, r := range results {
		if r.Error == nil {
			return http.StatusOK
		}
	}
	if len(results) == 0 {
		return http.StatusOK
	}
	return results[0].Status
}

func ingestAnswer(results []itemResult, seq uint64) map[string]any {
	accepted := 0
	for _, r := range results {
		if r.Error == nil {
			accepted++
		}
	}
	return map[string]any{"accepted": accepted, "rejected": len(results) - accepted, "seq": seq, "results": results}
}

// ingestChange turns one item into a Patch of an existing feature. Optional
// fix members the layer has no property for are dropped with a warning.
func (s *Server) ingestChange(raw json.RawMessage) (layers.Change, []string, error) {
	var it ingestItem
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&it); err != nil {
		return layers.Change{}, nil, badRequest("", "not an ingest item: "+err.Error())
	}
	l, err := s.world.Layer(it.Layer)
	if err != nil {
		return layers.Change{}, nil, &requestError{Field: "layer", Reason: fmt.Sprintf("unknown layer %q", it.Layer), Kind: layers.ErrUnknownLayer}
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
			return c, nil, badRequest("lon", "a position needs lon and lat")
		}
		c.Geometry = orb.Point{*it.Lon, *it.Lat}
		var warnings []string
		for _, m := range []struct {
			name string
			v    *float64
		}{{"speed", it.Speed}, {"heading", it.Heading}, {"accuracy", it.Accuracy}} {
			name, v := m.name, m.v
			if v == nil {
				continue
			}
			if _, ok := l.Field(name); !ok {
				warnings = append(warnings, fmt.Sprintf("%s ignored: layer %s has no such property", name, l.Name))
				continue
			}
			c.Props[name] = *v
		}
		return c, warnings, nil
	case "event":
		if it.Event == "" {
			return c, nil, badRequest("event", "an event needs its name, such as \"alarm\"")
		}
		if it.Lon != nil || it.Lat != nil {
			return c, nil, badRequest("lon", "an event has no position; send a position item")
		}
		return c, nil, nil
	}
	return c, nil, badRequest("type", fmt.Sprintf("want \"position\" or \"event\", got %q", it.Type))
}

// parseTime reads an RFC 3339 string or a Unix time in seconds (or
// milliseconds, when above 1e12); absent means "now".
func parseTime(field string, raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, badRequest(field, "want RFC 3339 (2026-11-23T08:00:00+08:00) or Unix seconds")
	}
	var n float64
	if err := json.Unmarshal(raw, &n); err != nil || n <= 0 || math.IsInf(n, 0) {
		return time.Time{}, badRequest(field, "want RFC 3339 (2026-11-23T08:00:00+08:00) or Unix seconds")
	}
	scale := int64(time.Second)
	if n > 1e12 {
		scale = int64(time.Millisecond)
	}
	if n > 1e15 {
		return time.Time{}, badRequest(field, "time too far in the future")
	}
	whole, frac := math.Modf(n)
	return time.Unix(0, int64(whole)*scale+int64(math.Round(frac*float64(scale)))).UTC(), nil
}

// applyBatch applies upserts that were validated together and answers 201
// with the IDs, or the first failure.
func (s *Server) applyBatch(w http.ResponseWriter, r *http.Request, changes []layers.Change) {
	res, err := s.world.Apply(r.Context(), changes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ids := make([]string, len(changes))
	created := 0
	for i, rr := range res {
		if rr.Err != nil {
			s.writeError(w, r, prefixField(rr.Err, fmt.Sprintf("features[%d].", i)))
			return
		}
		ids[i] = changes[i].ID
		if rr.Created {
			created++
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"created": created, "updated": len(ids) - created, "ids": ids, "seq": s.world.Seq()})
}
