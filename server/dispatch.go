package server

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/dispatch"
	"lookout/layers/incident"
)

// recommend answers GET /api/v1/incidents/{id}/recommend?k=5 (and
// radius_m, max_age_s, stale=include, capability=… or any, order=distance
// for the straight-line shortlist): the responders
// who can reach the incident first, ranked by ETA, each with its distance,
// ETA, travel mode and the reason it ranks there; what was passed over; and,
// when fewer than k fit, a shortfall saying why.
func (s *Server) recommend(w http.ResponseWriter, r *http.Request) {
	inc, err := s.world.Feature(incident.Incidents.Name, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := recommendQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.desk.Recommend(inc, q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recommendation(rec))
}

// recommendQuery reads and checks the recommendation's parameters.
func recommendQuery(r *http.Request) (dispatch.Query, error) {
	q := dispatch.Query{Now: time.Now(), Capability: r.URL.Query().Get("capability")}
	var err error
	if q.K, err = intParam(r, "k", dispatch.DefaultK, 1, dispatch.MaxK); err != nil {
		return q, err
	}
	if q.Radius, err = floatParam(r, "radius_m", dispatch.DefaultRadius, 1, 1_000_000); err != nil {
		return q, err
	}
	age, err := floatParam(r, "max_age_s", dispatch.DefaultMaxAge.Seconds(), 1, 7*86400)
	if err != nil {
		return q, err
	}
	q.MaxAge = time.Duration(age * float64(time.Second))
	switch v := r.URL.Query().Get("stale"); v {
	case "", "exclude":
	case "include":
		q.IncludeStale = true
	default:
		return q, badRequest("stale", `want "include" or "exclude", got `+strconv.Quote(v))
	}
	switch v := r.URL.Query().Get("order"); v {
	case "", "eta":
	case "distance":
		q.ByDistance = true
	default:
		return q, badRequest("order", `want "eta" or "distance", got `+strconv.Quote(v))
	}
	if len(q.Capability) > 64 {
		return q, badRequest("capability", "longer than 64 bytes")
	}
	return q, nil
}

// recommendation is the JSON answer of a recommendation.
func recommendation(rec *dispatch.Recommendation) map[string]any {
	cands := make([]map[string]any, 0, len(rec.Candidates))
	for _, c := range rec.Candidates {
		f := c.Responder
		p := f.Bound().Center()
		cands = append(cands, map[string]any{
			"rank": c.Rank, "id": f.ID, "name": f.Props["name"], "kind": f.Props["kind"], "unit": f.Props["unit"],
			"availability": f.Props["availability"], "capabilities": f.Props["capabilities"], "point": [2]float64{p[0], p[1]},
			"distance_m": math.Round(c.Distance), "eta_s": math.Round(c.ETA.Seconds()), "mode": c.Mode.Name,
			"speed_kmh": c.Mode.SpeedKmh, "detour": c.Mode.Detour, "turnout_s": c.Mode.Turnout.Seconds(),
			"fix_age_s": math.Round(c.FixAge.Seconds()), "stale": c.Stale, "reason": c.Reason, "reason_zh": c.ReasonZh,
		})
	}
	x := rec.Excluded
	out := map[string]any{
		"incident": rec.Incident, "point": [2]float64{rec.Point[0], rec.Point[1]}, "capability": rec.Capability,
		"k": rec.Query.K, "radius_m": rec.Query.Radius, "max_age_s": rec.Query.MaxAge.Seconds(), "stale": rec.Query.IncludeStale, "order": order(rec.Query),
		"candidates": cands, "considered": rec.Considered, "shortfall": nil,
		"excluded": map[string]int{"wrong_capability": x.WrongCapability, "off_duty": x.OffDuty, "unavailable": x.Unavailable,
			"busy": x.Busy, "stale": x.Stale, "outside_radius": x.OutsideRadius},
	}
	if sf := rec.Shortfall; sf != nil {
		out["shortfall"] = map[string]any{"reason": sf.Reason, "message": sf.Message, "message_zh": sf.MessageZh}
	}
	return out
}

// actionBody is the body of an incident or task action.
type actionBody struct {
	By           string   `json:"by"`
	Note         string   `json:"note"`
	ResponderIDs []string `json:"responder_ids"`
}

// dispatchIncident answers POST /api/v1/incidents/{id}/dispatch with body
// {"by", "note", "responder_ids"}: the incident is dispatched and each
// responder gets a task (their devices see it on the assignments layer).
// The answer is the incident with a foreign member "assignments".
func (s *Server) dispatchIncident(w http.ResponseWriter, r *http.Request, body actionBody) {
	inc, tasks, err := s.desk.Dispatch(r.Context(), r.PathValue("id"), body.ResponderIDs, body.By, body.Note, time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeWithMembers(w, inc, map[string]any{"assignments": json.RawMessage(encodeFeatures(tasks))})
}

// actTask answers POST /api/v1/assignments/{id}/{accept|arrive|release}
// with an optional body {"by", "note"}: the responder (or an operator for
// them) sets out, arrives or is released. The answer is the assignment.
func (s *Server) actTask(w http.ResponseWriter, r *http.Request) {
	body, err := s.actionBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.desk.Act(r.Context(), r.PathValue("id"), r.PathValue("action"), body.By, body.Note, time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.audit(r, access.Entry{Action: "assignment." + r.PathValue("action"), Layer: a.Layer, ID: a.ID, Detail: body.Note})
	writeFeature(w, http.StatusOK, a)
}

// actionBody reads an optional action body; by defaults to "operator".
func (s *Server) actionBody(w http.ResponseWriter, r *http.Request) (actionBody, error) {
	var body actionBody
	if r.ContentLength != 0 {
		raw, err := s.readBody(w, r)
		if err != nil {
			return body, err
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return body, badRequest("body", `want {"by": "…", "note": "…", "responder_ids": […]}: `+err.Error())
		}
	}
	if body.By == "" {
		body.By = "operator"
		if p := principalOf(r); p != open && p.Name != "" {
			body.By = p.Name // who acts is the token's holder
		}
	}
	if len(body.By) > layers.MaxIDLen {
		return body, badRequest("by", "longer than 128 bytes")
	}
	return body, nil
}

// writeWithMembers writes feature f with extra top-level members.
func writeWithMembers(w http.ResponseWriter, f *layers.Feature, members map[string]any) {
	buf := appendFeature(nil, f, -1)
	extra, _ := json.Marshal(members)
	buf = append(buf[:len(buf)-1], ',')
	buf = append(append(buf, extra[1:]...), '\n')
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("ETag", etag(f.Version))
	_, _ = w.Write(buf)
}

func order(q dispatch.Query) string {
	if q.ByDistance {
		return "distance"
	}
	return "eta"
}
