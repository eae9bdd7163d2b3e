package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// parseBBox reads "minLon,minLat,maxLon,maxLat" (RFC 7946 bbox order).
func parseBBox(field, v string) (orb.Bound, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return orb.Bound{}, badRequest(field, "want minLon,minLat,maxLon,maxLat")
	}
	var f [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return orb.Bound{}, badRequest(field, fmt.Sprintf("value %d (%q) is not a finite number", i+1, p))
		}
		f[i] = x
	}
	b := orb.Bound{Min: orb.Point{f[0], f[1]}, Max: orb.Point{f[2], f[3]}}
	switch {
	case b.Min[0] < -180 || b.Max[0] > 180:
		return b, badRequest(field, "longitudes must be within [-180, 180]")
	case b.Min[1] < -90 || b.Max[1] > 90:
		return b, badRequest(field, "latitudes must be within [-90, 90]")
	case b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]:
		return b, badRequest(field, "minimum greater than maximum")
	}
	return b, nil
}

// intParam reads an optional integer query parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest(name, fmt.Sprintf("want an integer from %d to %d", lo, hi))
	}
	return n, nil
}

// floatParam reads a required (def is NaN) or optional finite number within [lo, hi].
func floatParam(r *http.Request, name string, def, lo, hi float64) (float64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		if math.IsNaN(def) {
			return 0, badRequest(name, "required")
		}
		return def, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || x < lo || x > hi {
		return 0, badRequest(name, fmt.Sprintf("want a number from %g to %g", lo, hi))
	}
	return x, nil
}

// readBody reads the request body up to the server's limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opt.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &requestError{Field: "body", Reason: fmt.Sprintf("larger than %d bytes", s.opt.MaxBody), Kind: errTooLarge}
	case err != nil:
		return nil, badRequest("body", "could not be read: "+err.Error())
	case len(body) == 0:
		return nil, badRequest("body", "empty")
	}
	return body, nil
}

// readJSON reads the request body into v; a body that is not that JSON is
// a 400 on "body" saying what is wanted (want, such as `{"name", "role"}`).
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any, want string) error {
	raw, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return badRequest("body", "want "+want+": "+err.Error())
	}
	return nil
}

// windowOf reads the query parameters from and to (RFC 3339): a missing
// to is now, a missing from is back before to; both must lie in 1970–9999
// (nothing is kept from before, and such a time does not survive JSON),
// from before to, and the window no longer than longest (0: any length).
func windowOf(v url.Values, now time.Time, back, longest time.Duration) (from, to time.Time, err error) {
	to = now
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"to", &to}, {"from", &from}} {
		if s := v.Get(p.name); s != "" {
			if *p.t, err = time.Parse(time.RFC3339Nano, s); err != nil {
				return from, to, badRequest(p.name, fmt.Sprintf("%q is not an RFC 3339 time such as 2026-11-23T08:00:00+08:00", s))
			}
		}
	}
	if from.IsZero() {
		from = to.Add(-back)
	}
	for _, p := range []struct {
		name string
		t    time.Time
	}{{"from", from}, {"to", to}} {
		if p.t.Year() < 1970 || p.t.Year() > 9999 {
			return from, to, badRequest(p.name, "a time from 1970 to 9999")
		}
	}
	if !from.Before(to) {
		return from, to, badRequest("from", fmt.Sprintf("%s is not before to (%s)", from.Format(time.RFC3339), to.Format(time.RFC3339)))
	}
	if longest > 0 && to.Sub(from) > longest {
		return from, to, badRequest("from", fmt.Sprintf("the window may be at most %d days", int(longest.Hours()/24)))
	}
	return from, to, nil
}
