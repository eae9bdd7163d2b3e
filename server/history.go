package server

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/track"
)

// errTooManyPoints stops a track read past maxTrackPoints.
var errTooManyPoints = errors.New("too many track points")

// trackJSON is one object's track in an answer.
type trackJSON struct {
	Layer     string        `json:"layer"`
	ID        string        `json:"id"`
	Name      string        `json:"name,omitempty"`
	Points    [][3]float64  `json:"points"` // lon, lat, unix ms
	Segments  []segmentJSON `json:"segments"`
	Distance  float64       `json:"distance_m"`
	Truncated bool          `json:"truncated,omitempty"`
}

type segmentJSON struct {
	Kind     string     `json:"kind"`
	From     time.Time  `json:"from"`
	To       time.Time  `json:"to"`
	First    int        `json:"first"`
	Last     int        `json:"last"`
	Distance float64    `json:"distance_m"`
	Center   *orb.Point `json:"center,omitempty"`
}

// tracks answers GET /api/v1/tracks?ids=layer/id,…&from=…&to=…&stop_m=…&stop_s=…:
// the tracks of several objects on one clock, each with its points
// ([lon, lat, unix ms], oldest first) and its moving and stopped segments.
// An object with no point in the window has an empty track.
func (s *Server) tracks(w http.ResponseWriter, r *http.Request) {
	store := s.trackStore(w, r)
	if store == nil {
		return
	}
	q := r.URL.Query()
	keys, err := s.trackKeysOf(r, q.Get("ids"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	keys = slices.DeleteFunc(keys, func(k layers.Key) bool { return !s.keyVisible(r, k) })
	s.auditTracks(r, "tracks", keys)
	from, to, err := trackWindowOf(q, time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	stop, err := stopOf(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pts, truncated, err := readTracks(r, store, keys, from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]trackJSON, 0, len(keys))
	for _, k := range keys {
		t := trackJSON{Layer: k.Layer, ID: k.ID, Name: s.nameOf(k), Points: [][3]float64{}, Segments: []segmentJSON{},
			Truncated: truncated[k]}
		for _, p := range pts[k] {
			t.Points = append(t.Points, [3]float64{p.Point[0], p.Point[1], float64(p.At.UnixMilli())})
		}
		for _, sg := range track.Segments(pts[k], stop) {
			j := segmentJSON{Kind: sg.Kind.String(), From: sg.From, To: sg.To, First: sg.First, Last: sg.Last, Distance: round1(sg.Distance)}
			if sg.Kind == track.Stopped {
				c := sg.Centre
				j.Center = &c
			}
			t.Distance += j.Distance
			t.Segments = append(t.Segments, j)
		}
		t.Distance = round1(t.Distance)
		out = append(out, t)
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to,
		"stop": map[string]any{"radius_m": stop.Radius, "min_s": stop.MinDuration.Seconds()}, "tracks": out})
}

// readTracks reads the points of keys in [from, to], at most
// maxTrackPoints in all: a track cut short is marked truncated.
func readTracks(r *http.Request, store layers.Tracks, keys []layers.Key, from, to time.Time) (map[layers.Key][]track.Point, map[layers.Key]bool, error) {
	pts := map[layers.Key][]track.Point{}
	truncated := map[layers.Key]bool{}
	n := 0
	err := store.Track(r.Context(), keys, from, to, func(p layers.TrackPoint) error {
		k := layers.Key{Layer: p.Layer, ID: p.ID}
		if n >= maxTrackPoints {
			truncated[k] = true
			return errTooManyPoints
		}
		n++
		pts[k] = append(pts[k], track.Point{At: p.At, Point: p.Point})
		return nil
	})
	if errors.Is(err, errTooManyPoints) {
		err = nil
	}
	return pts, truncated, err
}

// visitJSON is one stay inside the area in an answer.
type visitJSON struct {
	Layer         string    `json:"layer"`
	ID            string    `json:"id"`
	Name          string    `json:"name,omitempty"`
	Enter         time.Time `json:"enter"`
	Exit          time.Time `json:"exit"`
	InsideAtStart bool      `json:"inside_at_start"`
	InsideAtEnd   bool      `json:"inside_at_end"`
}

// within answers GET /api/v1/history/within?polygon=…&from=…&to=…&layers=…:
// who was inside an area during a time window, each stay with its entry
// and exit times (inside_at_start / inside_at_end when the window cut it).
// The polygon is a GeoJSON Polygon or MultiPolygon, or "lon lat,lon lat,…".
func (s *Server) within(w http.ResponseWriter, r *http.Request) {
	store := s.trackStore(w, r)
	if store == nil {
		return
	}
	q := r.URL.Query()
	if q.Get("polygon") == "" {
		s.writeError(w, r, badRequest("polygon", `required: a GeoJSON Polygon or "lon lat,lon lat,…"`))
		return
	}
	mp, err := track.ParsePolygon(q.Get("polygon"), 0)
	if err != nil {
		s.writeError(w, r, badRequest("polygon", strings.TrimPrefix(err.Error(), track.ErrPolygon.Error()+": ")))
		return
	}
	from, to, err := trackWindowOf(q, time.Now())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, err := s.trackLayersOf(r, q.Get("layers"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	area := track.NewArea(mp)
	keys, err := store.Visitors(r.Context(), names, area.Bound(), from.Add(-visitSlack), to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	keys = slices.DeleteFunc(keys, func(k layers.Key) bool { return !s.keyVisible(r, k) })
	if len(keys) > maxVisitors {
		s.writeError(w, r, badRequest("polygon", "more than 10,000 objects passed through this area in the window: narrow the area or the window"))
		return
	}
	visits, err := s.visitsOf(r, store, keys, area, from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.auditTracks(r, "within", keys)
	writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "visits": visits})
}

// visitsOf reads each candidate's track around the window and returns its
// stays in the area, by entry time.
func (s *Server) visitsOf(r *http.Request, store layers.Tracks, keys []layers.Key, area *track.Area, from, to time.Time) ([]visitJSON, error) {
	out := []visitJSON{}
	for chunk := range slices.Chunk(keys, maxTrackIDs) {
		pts, _, err := readTracks(r, store, chunk, from.Add(-visitSlack), to.Add(visitSlack))
		if err != nil {
			return nil, err
		}
		for _, k := range chunk {
			name := s.nameOf(k)
			for _, v := range track.Visits(pts[k], area, track.Window{From: from, To: to, InterpolateWithin: interpolateWithin}) {
				out = append(out, visitJSON{Layer: k.Layer, ID: k.ID, Name: name, Enter: v.Enter, Exit: v.Exit,
					InsideAtStart: v.InsideAtStart, InsideAtEnd: v.InsideAtEnd})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b visitJSON) int { return a.Enter.Compare(b.Enter) })
	return out, nil
}

// trackLayersOf reads layers: tracked layers, comma-separated; empty is
// every tracked layer.
func (s *Server) trackLayersOf(r *http.Request, v string) ([]string, error) {
	var out []string
	if v == "" {
		for _, def := range principalOf(r).Visible(s.world.Layers()) {
			if def.Track {
				out = append(out, def.Name)
			}
		}
		if len(out) == 0 { // an empty list would ask the store for every layer
			return nil, forbidden("layers", "this token sees no layer with tracks")
		}
		return out, nil
	}
	for i, name := range strings.Split(v, ",") {
		if err := s.tracked(r, name); err != nil {
			return nil, fieldOf(err, fmt.Sprintf("layers[%d]", i))
		}
		out = append(out, name)
	}
	return out, nil
}

// round1 rounds metres to a decimetre.
func round1(v float64) float64 { return math.Round(v*10) / 10 }
