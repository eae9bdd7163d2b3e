package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/spatial/track"
)

// Limits of the track queries: what one answer may cover.
const (
	maxTrackIDs    = 100
	maxTrackWindow = 31 * 24 * time.Hour
	maxTrackPoints = 1_000_000 // over all tracks of one answer
	maxVisitors    = 10_000    // candidates of one area query
	// trackDefault is the window when from is not given.
	trackDefault = time.Hour
	// visitSlack is how far beyond the window an area query reads each
	// candidate's track: its last fix before from says whether it was
	// already inside, its first after to when it left.
	visitSlack = time.Hour
	// interpolateWithin times a boundary crossing between two fixes at
	// most this far apart where the line between them meets it.
	interpolateWithin = 5 * time.Minute
)

// trackStore returns the store's track history, or a 404 when it keeps
// none.
func (s *Server) trackStore(w http.ResponseWriter, r *http.Request) layers.Tracks {
	if s.opt.Tracks == nil {
		s.writeError(w, r, &requestError{Field: "path", Reason: "this server's store keeps no track history", Kind: errNotFound})
	}
	return s.opt.Tracks
}

// trackWindowOf reads the window of a track or audit query: trackDefault
// back from now unless given, at most maxTrackWindow long.
func trackWindowOf(v url.Values, now time.Time) (from, to time.Time, err error) {
	return windowOf(v, now, trackDefault, maxTrackWindow)
}

// trackKeysOf reads ids: layer/id pairs, comma-separated, of tracked
// layers, at most maxTrackIDs, no duplicates.
func (s *Server) trackKeysOf(r *http.Request, v string) ([]layers.Key, error) {
	if v == "" {
		return nil, badRequest("ids", "required: layer/id pairs separated by commas, such as vehicles/veh-0001,responders/rsp-ranger-0001")
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxTrackIDs {
		return nil, badRequest("ids", fmt.Sprintf("at most %d objects", maxTrackIDs))
	}
	seen := map[layers.Key]bool{}
	keys := make([]layers.Key, 0, len(parts))
	for i, p := range parts {
		layer, id, ok := strings.Cut(strings.TrimSpace(p), "/")
		if !ok || layer == "" || id == "" {
			return nil, badRequest(fmt.Sprintf("ids[%d]", i), fmt.Sprintf("%q is not layer/id", p))
		}
		if err := s.tracked(r, layer); err != nil {
			return nil, fieldOf(err, fmt.Sprintf("ids[%d]", i))
		}
		k := layers.Key{Layer: layer, ID: id}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// tracked says why a layer has no tracks the request may read, or nil.
func (s *Server) tracked(r *http.Request, layer string) error {
	def, err := s.world.Layer(layer)
	if err != nil {
		return fmt.Errorf("no layer %q", layer)
	}
	if !principalOf(r).SeesLayer(def) {
		return forbidden("layer", "this token may not see layer "+layer)
	}
	if !def.Track {
		return fmt.Errorf("layer %q keeps no tracks", layer)
	}
	return nil
}

// keyVisible reports whether the request may see an object's track: its
// layer, and the object as it is now (a district-scoped token sees only
// the objects of its district, and no object that is gone).
func (s *Server) keyVisible(r *http.Request, k layers.Key) bool {
	p := principalOf(r)
	def, err := s.world.Layer(k.Layer)
	if err != nil || !p.SeesLayer(def) {
		return false
	}
	f, err := s.world.Feature(k.Layer, k.ID)
	if err != nil {
		return p.District == ""
	}
	return p.Sees(def, f)
}

// auditTracks records a read of custody tracks.
func (s *Server) auditTracks(r *http.Request, action string, keys []layers.Key) {
	var ids []string
	for _, k := range keys {
		if k.Layer == "custody_persons" {
			ids = append(ids, k.ID)
		}
	}
	if len(ids) > 0 {
		s.audit(r, access.Entry{Action: action, Layer: "custody_persons", Count: len(ids), Detail: strings.Join(ids, ",")})
	}
}

// stopOf reads stop_m (metres, 1–5000) and stop_s (seconds, 10–86400).
func stopOf(v url.Values) (track.Stop, error) {
	stop := track.DefaultStop
	if x := v.Get("stop_m"); x != "" {
		m, err := strconv.ParseFloat(x, 64)
		if err != nil || !(m >= 1 && m <= 5000) {
			return stop, badRequest("stop_m", "metres from 1 to 5000")
		}
		stop.Radius = m
	}
	if x := v.Get("stop_s"); x != "" {
		sec, err := strconv.Atoi(x)
		if err != nil || sec < 10 || sec > 86400 {
			return stop, badRequest("stop_s", "seconds from 10 to 86400")
		}
		stop.MinDuration = time.Duration(sec) * time.Second
	}
	return stop, nil
}

// nameOf returns the label of a feature as the map shows it ("" when the
// feature is gone).
func (s *Server) nameOf(k layers.Key) string {
	def, err := s.world.Layer(k.Layer)
	if err != nil || def.Label == "" {
		return ""
	}
	f, err := s.world.Feature(k.Layer, k.ID)
	if err != nil {
		return ""
	}
	name, _ := f.Props[def.Label].(string)
	return name
}

// fieldOf names the parameter a layer check failed on, keeping a 403 a
// 403 and making anything else a 400.
func fieldOf(err error, field string) error {
	var re *requestError
	if errors.As(err, &re) {
		return &requestError{Field: field, Reason: re.Reason, Kind: re.Kind}
	}
	return badRequest(field, err.Error())
}
