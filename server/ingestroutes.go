package server

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"

	"lookout/layers/dispatch"
	"lookout/layers/incident"
	"lookout/server/ingest"
)

// ingestRoutes registers the ingest endpoints: everything through which
// positions and sensor events enter the world over HTTP. (The MQTT
// subscriber, package ingest/mqtt, is started beside the server.)
func (s *Server) ingestRoutes() {
	s.mux.HandleFunc("POST /api/v1/ingest", s.ingest)
	s.mux.HandleFunc("GET /osmand", s.osmand)
	s.mux.HandleFunc("POST /osmand", s.osmand)
	s.mux.HandleFunc("GET /ws/ingest", s.wsIngest)
}

// osmand serves the OsmAnd protocol as OsmAnd and Traccar Client speak it:
// a query string (GET, or POST with the query in the URL), a form-encoded
// POST body, or the JSON body of Traccar Client 9+. The fix moves the
// device's feature (see ingest.Locate) through World.Apply, and the answer
// is 200 with an empty body once it is committed, which the client takes as
// its acknowledgement: an unanswered or failed report is sent again. An
// unknown device is a 404 and a bad member a 400, each naming the member,
// and neither changes anything. A fix the device flags invalid is answered
// 200 and not applied, so the client does not resend it forever.
func (s *Server) osmand(w http.ResponseWriter, r *http.Request) {
	fix, idField, err := s.osmandFix(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d := fix.Draft(s.world, idField)
	if d.Err == nil {
		d.Err = s.mayWrite(r, d.Change)
	}
	if d.Err != nil {
		s.writeError(w, r, d.Err)
		return
	}
	if fix.Valid {
		out, err := ingest.Apply(r.Context(), s.world, []ingest.Draft{d})
		if err == nil {
			err = out[0].Err
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if len(d.Warnings) > 0 {
		s.log.Debug("osmand: fix members dropped", "device", fix.Device, "warnings", d.Warnings)
	}
	w.WriteHeader(http.StatusOK)
	if d.Change.Layer == dispatch.Responders.Name {
		_, _ = w.Write(s.taskText(d.Change.ID))
	}
}

// taskText is what a responder's OsmAnd device is told with each fix: its
// active task (Traccar Client shows a 200 answer's body to the user), one
// line, or nothing when it is free.
func (s *Server) taskText(responder string) []byte {
	r, err := s.world.Feature(dispatch.Responders.Name, responder)
	if err != nil {
		return nil
	}
	inc, _ := r.Props["task"].(string)
	if inc == "" {
		return nil
	}
	f, err := s.world.Feature(incident.Incidents.Name, inc)
	if err != nil {
		return nil
	}
	title, _ := f.Props["title"].(string)
	state, _ := r.Props["task_state"].(string)
	p := f.Bound().Center()
	return fmt.Appendf(nil, "TASK %s %s: %s at %.6f,%.6f\n", inc, state, title, p[1], p[0])
}

// osmandFix reads the fix of an OsmAnd request, choosing the form as
// Traccar does: a JSON content type (or a body that is a JSON object)
// means the JSON form, else the query string, else a form-encoded body. It
// also returns the name of the member that carries the device ID.
func (s *Server) osmandFix(w http.ResponseWriter, r *http.Request) (ingest.Fix, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" && r.URL.RawQuery != "" {
		return osmandQuery(r.URL.RawQuery)
	}
	if r.Method != http.MethodPost {
		return osmandQuery("")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return ingest.Fix{}, "id", err
	}
	if ct == "application/json" || bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		fix, err := ingest.ParseOsmAndJSON(body)
		return fix, "device_id", err
	}
	return osmandQuery(string(body))
}

// osmandQuery reads the query or form form from its encoded text.
func osmandQuery(raw string) (ingest.Fix, string, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ingest.Fix{}, "id", &ingest.FieldError{Field: "query", Reason: "not URL-encoded: " + err.Error()}
	}
	fix, err := ingest.ParseOsmAndQuery(q)
	return fix, "id", err
}
