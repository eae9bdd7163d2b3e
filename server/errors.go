package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/dispatch"
	"lookout/layers/incident"
	"lookout/server/ingest"
	"lookout/spatial/geojson"
	"lookout/spatial/heat"
	"lookout/tiles"
)

// Errors of the HTTP layer itself, mapped to statuses like the domain's.
var (
	errBadRequest = errors.New("server: bad request")
	errTooLarge   = errors.New("server: request body too large")
	errNotFound   = errors.New("server: no such resource")
	errMethod     = errors.New("server: method not allowed")
	errNotReady   = errors.New("server: not ready")
	errTooMany    = errors.New("server: too many requests for this token; slow down")
)

// statuses is the one table from errors to HTTP statuses; the first entry
// that errors.Is matches wins, and anything unlisted is a 500.
var statuses = []struct {
	err    error
	status int
}{
	{access.ErrUnauthenticated, http.StatusUnauthorized},
	{access.ErrForbidden, http.StatusForbidden},
	{errTooMany, http.StatusTooManyRequests},
	{access.ErrInvalid, http.StatusBadRequest},
	{layers.ErrInvalid, http.StatusBadRequest},
	{heat.ErrInput, http.StatusBadRequest},
	{errBadRequest, http.StatusBadRequest},
	{ingest.ErrInvalid, http.StatusBadRequest},
	{tiles.ErrAddress, http.StatusBadRequest},
	{tiles.ErrUnknownStyle, http.StatusNotFound},
	{layers.ErrUnknownLayer, http.StatusNotFound},
	{layers.ErrNotFound, http.StatusNotFound},
	{errNotFound, http.StatusNotFound},
	{ingest.ErrUnknownDevice, http.StatusNotFound},
	{errMethod, http.StatusMethodNotAllowed},
	{layers.ErrConflict, http.StatusConflict},
	{incident.ErrAction, http.StatusNotFound},
	{incident.ErrTransition, http.StatusConflict},
	{dispatch.ErrAction, http.StatusNotFound},
	{dispatch.ErrTransition, http.StatusConflict},
	{dispatch.ErrBusy, http.StatusConflict},
	{dispatch.ErrUnavailable, http.StatusConflict},
	{dispatch.ErrNoPlace, http.StatusConflict},
	{errTooLarge, http.StatusRequestEntityTooLarge},
	{layers.ErrCommit, http.StatusServiceUnavailable},
	{layers.ErrClosed, http.StatusServiceUnavailable},
	{errNotReady, http.StatusServiceUnavailable},
}

// statusOf returns the HTTP status for err.
func statusOf(err error) int {
	for _, s := range statuses {
		if errors.Is(err, s.err) {
			return s.status
		}
	}
	var fe *geojson.FieldError
	if errors.As(err, &fe) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every error answer:
// {"error":{"status":400,"field":"bbox","reason":"..."}}.
type apiError struct {
	Status int    `json:"status"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// problem describes err for a client: its status, the field it concerns and
// the reason. Internal errors are not described beyond their status.
func problem(err error) apiError {
	e := apiError{Status: statusOf(err), Reason: err.Error()}
	var lf *layers.FieldError
	var gf *geojson.FieldError
	var rf *requestError
	var af *tiles.AddressError
	var inf *ingest.FieldError
	switch {
	case errors.As(err, &af):
		e.Field, e.Reason = "tile."+af.Part, af.Reason
	case errors.As(err, &lf):
		e.Field, e.Reason = lf.Field, lf.Reason
	case errors.As(err, &gf):
		e.Field, e.Reason = gf.Field, gf.Reason
	case errors.As(err, &rf):
		e.Field, e.Reason = rf.Field, rf.Reason
	case errors.As(err, &inf):
		e.Field, e.Reason = inf.Field, inf.Reason
	case e.Status == http.StatusInternalServerError:
		e.Reason = "internal error"
	}
	return e
}

// requestError is a bad query parameter or body member.
type requestError struct {
	Field  string
	Reason string
	Kind   error // errBadRequest unless set
}

func (e *requestError) Error() string { return e.Field + ": " + e.Reason }

func (e *requestError) Unwrap() error {
	if e.Kind != nil {
		return e.Kind
	}
	return errBadRequest
}

func badRequest(field, reason string) error { return &requestError{Field: field, Reason: reason} }

// writeError answers with the JSON error body for err, and logs server faults.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problem(err)
	if p.Status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, p.Status, map[string]apiError{"error": p})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Encoded before the status is written, so that a value JSON
		// cannot hold is a 500 saying so, never an empty 200.
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `{"error":{"status":500,"reason":%q}}`+"\n", "encode the answer: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
