package server

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/incident"
)

// listIncidents answers GET /api/v1/incidents?status=new,verified&domain=forest&bbox=…&limit=…
// with the matching incidents, most recently alerted first.
func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var bound *orb.Bound
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox("bbox", v)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		bound = &b
	}
	limit, err := intParam(r, "limit", 500, 1, 10_000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	statuses, err := enumSet("status", q.Get("status"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	domains, err := enumSet("domain", q.Get("domain"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var out []*layers.Feature
	who := principalOf(r)
	err = s.world.Each(incident.Incidents.Name, bound, func(f *layers.Feature) {
		st, _ := f.Props["status"].(string)
		dom, _ := f.Props["domain"].(string)
		if (statuses == nil || statuses[st]) && (domains == nil || domains[dom]) && who.Sees(incident.Incidents, f) {
			out = append(out, f)
		}
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	slices.SortFunc(out, func(a, b *layers.Feature) int {
		ta, _ := a.Props["last_alert"].(time.Time)
		tb, _ := b.Props["last_alert"].(time.Time)
		return cmp.Or(tb.Compare(ta), cmp.Compare(a.ID, b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	writeCollection(w, out, nil, "")
}

// enumSet reads a comma-separated filter of one of the incidents' enum
// fields; nil means no filter. A value the field cannot take is a 400, not
// an empty answer that would look like "no incidents".
func enumSet(field, v string) (map[string]bool, error) {
	if v == "" {
		return nil, nil
	}
	def, _ := incident.Incidents.Field(field)
	out := map[string]bool{}
	for _, x := range strings.Split(v, ",") {
		x = strings.TrimSpace(x)
		if !slices.Contains(def.Enum, x) {
			return nil, badRequest(field, fmt.Sprintf("%q is not one of %s", x, strings.Join(def.Enum, ", ")))
		}
		out[x] = true
	}
	return out, nil
}

// getIncident answers GET /api/v1/incidents/{id}: the incident as a GeoJSON
// Feature with three foreign members, "evidence" (its alerts, with why each
// was merged), "timeline" (every change of the incident from the journal:
// what, who, when) and "assignments" (the responders sent, with their task
// states).
func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) {
	f, err := s.feature(r, incident.Incidents.Name, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	evidence, err := s.evidence(f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	history, err := s.world.History(r.Context(), incident.Incidents.Name, f.ID, 0)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type step struct {
		Seq    uint64         `json:"seq"`
		At     time.Time      `json:"at"`
		Event  string         `json:"event"`
		Actor  string         `json:"actor"`
		Status string         `json:"status,omitempty"`
		Props  map[string]any `json:"properties,omitempty"`
	}
	timeline := make([]step, 0, len(history))
	for _, rec := range history {
		st, _ := rec.Change.Props["status"].(string)
		timeline = append(timeline, step{Seq: rec.Seq, At: rec.Change.Time, Event: rec.Change.Event,
			Actor: rec.Change.Actor, Status: st, Props: rec.Change.Props})
	}
	tasks, err := s.desk.Tasks(f.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeWithMembers(w, f, map[string]any{"evidence": json.RawMessage(encodeFeatures(evidence)), "timeline": timeline,
		"assignments": json.RawMessage(encodeFeatures(tasks))})
}

// evidence returns the alerts merged into incident f, oldest first, each
// with its area as a GeoJSON object.
func (s *Server) evidence(f *layers.Feature) ([]*layers.Feature, error) {
	alerts, err := incident.Attached(s.world, incident.Alerts.Name, f)
	for i, a := range alerts {
		alerts[i] = withArea(a)
	}
	return alerts, err
}

// withArea returns an alert whose "area" (a GeoJSON geometry kept as
// text: a smoke estimate's cone intersection or sector) is answered as the
// geometry object itself, so that a map can draw it as it comes.
func withArea(a *layers.Feature) *layers.Feature {
	area, ok := a.Props["area"].(string)
	if !ok || !json.Valid([]byte(area)) {
		return a
	}
	c := *a
	c.Props = maps.Clone(a.Props)
	c.Props["area"] = json.RawMessage(area)
	return &c
}

func encodeFeatures(fs []*layers.Feature) []byte {
	buf := []byte{'['}
	for i, f := range fs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendFeature(buf, f, -1)
	}
	return append(buf, ']')
}

// actIncident answers POST /api/v1/incidents/{id}/{action} with an optional
// body {"by": "…", "note": "…"} (and "responder_ids" for dispatch): the
// action is applied if the incident's state allows it (409 otherwise), and
// answered with the incident. Resolving or dismissing an incident releases
// the responders still on it.
func (s *Server) actIncident(w http.ResponseWriter, r *http.Request) {
	f, err := s.feature(r, incident.Incidents.Name, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := s.actionBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	action := r.PathValue("action")
	if action == "dispatch" && !principalOf(r).Dispatches() {
		s.writeError(w, r, forbidden("action", "only command and admin tokens dispatch"))
		return
	}
	s.audit(r, access.Entry{Action: "incident." + action, Layer: incident.Incidents.Name, ID: f.ID, Detail: body.Note})
	if action == "dispatch" {
		s.dispatchIncident(w, r, body)
		return
	}
	now := time.Now()
	c, err := incident.Act(f, action, body.By, body.Note, now)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.world.Apply(r.Context(), []layers.Change{c})
	if err == nil {
		err = res[0].Err
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if action == "resolve" || action == "dismiss" {
		if _, err := s.desk.Release(r.Context(), f.ID, body.By, now); err != nil {
			s.log.Error("release the responders of a closed incident", "incident", f.ID, "err", err)
		}
	}
	if f, err = s.world.Feature(incident.Incidents.Name, f.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeFeature(w, http.StatusOK, f)
}
