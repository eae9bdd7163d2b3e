package track

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"lookout/spatial"
	"lookout/spatial/geojson"
)

// ErrPolygon is wrapped by every error of ParsePolygon, for the server's
// table of errors to statuses (a 400). When the geometry itself is invalid
// the error wraps the *spatial.GeometryError too.
var ErrPolygon = errors.New("track: invalid polygon")

// MaxVertices is the vertex limit ParsePolygon applies when it is given
// none: well above Chongqing's largest district (under 900 vertices), well
// below what would make a query slow.
const MaxVertices = 10_000

// bytesPerVertex bounds the text of one vertex, generously (pretty-printed
// GeoJSON with full float64 precision), so that an absurdly long parameter
// is refused before it is parsed.
const bytesPerVertex = 128

// ParsePolygon reads the polygon parameter of an area query, in either of
// two forms:
//
//   - a GeoJSON Polygon or MultiPolygon geometry object, holes and all:
//     {"type":"Polygon","coordinates":[[[106.55,29.55],[106.58,29.55],…]]}
//   - a ring as text, vertices separated by commas, longitude and latitude
//     by spaces: "106.55 29.55,106.58 29.55,106.58 29.57".
//
// A ring whose last vertex is not its first is closed. The polygon must have
// at least 3 distinct vertices per ring, finite longitudes in [-180, 180]
// and latitudes in [-90, 90], rings that neither cross themselves nor each
// other, and no more than maxVertices vertices in all, not counting the
// repeated first vertex that closes a ring (maxVertices <= 0 means
// MaxVertices). The result is a MultiPolygon (of one polygon for a Polygon
// or a ring), ready for NewArea. Errors wrap ErrPolygon and say what is
// wrong and where: a GeoJSON path such as "coordinates[0][3]", or a vertex
// of the text form counted from 1.
func ParsePolygon(s string, maxVertices int) (orb.MultiPolygon, error) {
	if maxVertices <= 0 {
		maxVertices = MaxVertices
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, fmt.Errorf("%w: empty; want a GeoJSON Polygon or MultiPolygon, or \"lon lat,lon lat,…\"", ErrPolygon)
	case len(s) > bytesPerVertex*maxVertices+4096:
		return nil, fmt.Errorf("%w: %d bytes is too long for a polygon of at most %d vertices", ErrPolygon, len(s), maxVertices)
	case s[0] == '{':
		return parseGeoJSON(s, maxVertices)
	}
	return parseRing(s, maxVertices)
}

// parseGeoJSON reads a GeoJSON Polygon or MultiPolygon.
func parseGeoJSON(s string, maxVertices int) (orb.MultiPolygon, error) {
	g, err := geojson.DecodeGeometry([]byte(s))
	if err != nil {
		var head struct{ Type string }
		if json.Unmarshal([]byte(s), &head) == nil && (head.Type == "Feature" || head.Type == "FeatureCollection") {
			return nil, fmt.Errorf("%w: want a Polygon or MultiPolygon geometry, got a %s (pass its geometry)", ErrPolygon, head.Type)
		}
		return nil, fmt.Errorf("%w: %w", ErrPolygon, err)
	}
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		g = closeRings(g)
		mp, err = orb.MultiPolygon{g}, checkGeometry(g, maxVertices)
	case orb.MultiPolygon:
		mp = make(orb.MultiPolygon, len(g))
		for i, p := range g {
			mp[i] = closeRings(p)
		}
		err = checkGeometry(mp, maxVertices)
	default:
		return nil, fmt.Errorf("%w: want a Polygon or MultiPolygon, got a %s", ErrPolygon, g.GeoJSONType())
	}
	if err != nil {
		return nil, err
	}
	return mp, nil
}

// closeRings returns p with every ring that is open closed, copying only
// what it changes.
func closeRings(p orb.Polygon) orb.Polygon {
	out, copied := p, false
	for i, r := range p {
		if len(r) > 0 && r[0] != r[len(r)-1] {
			if !copied {
				out, copied = append(orb.Polygon(nil), p...), true
			}
			out[i] = append(append(orb.Ring(nil), r...), r[0])
		}
	}
	return out
}

// checkGeometry checks the vertex limit, then everything spatial.Validate
// checks, with the geometry's own paths.
func checkGeometry(g orb.Geometry, maxVertices int) error {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	if len(polys) == 0 {
		return fmt.Errorf("%w: no polygon", ErrPolygon)
	}
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += max(0, len(r)-1)
		}
	}
	if n > maxVertices {
		return fmt.Errorf("%w: %d vertices, more than the %d allowed", ErrPolygon, n, maxVertices)
	}
	if err := spatial.Validate(g, spatial.Limits{}); err != nil {
		return fmt.Errorf("%w: %w", ErrPolygon, err)
	}
	return nil
}

// parseRing reads the text form, "lon lat,lon lat,…".
func parseRing(s string, maxVertices int) (orb.MultiPolygon, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxVertices+1 {
		return nil, fmt.Errorf("%w: more than the %d vertices allowed", ErrPolygon, maxVertices)
	}
	ring := make(orb.Ring, 0, len(parts)+1)
	for i, part := range parts {
		p, err := parseVertex(part)
		if err != nil {
			return nil, fmt.Errorf("%w: vertex %d: %s", ErrPolygon, i+1, err)
		}
		ring = append(ring, p)
	}
	if ring[0] != ring[len(ring)-1] {
		ring = append(ring, ring[0])
	}
	if n := len(ring) - 1; n > maxVertices {
		return nil, fmt.Errorf("%w: %d vertices, more than the %d allowed", ErrPolygon, n, maxVertices)
	}
	if n := distinct(ring[:len(ring)-1]); n < 3 {
		return nil, fmt.Errorf("%w: a ring needs at least 3 distinct vertices, got %d", ErrPolygon, n)
	}
	poly := orb.Polygon{ring}
	if err := spatial.Validate(poly, spatial.Limits{}); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPolygon, ringError(err, len(ring)-1))
	}
	return orb.MultiPolygon{poly}, nil
}

// parseVertex reads "lon lat".
func parseVertex(s string) (orb.Point, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return orb.Point{}, fmt.Errorf("want \"lon lat\", got %q", strings.TrimSpace(s))
	}
	var p orb.Point
	for i, name := range []string{"longitude", "latitude"} {
		x, err := strconv.ParseFloat(f[i], 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return p, fmt.Errorf("%s %q is not a finite number", name, f[i])
		}
		p[i] = x
	}
	switch {
	case p[0] < -180 || p[0] > 180:
		return p, fmt.Errorf("longitude %g out of range [-180, 180]", p[0])
	case p[1] < -90 || p[1] > 90:
		return p, fmt.Errorf("latitude %g out of range [-90, 90]", p[1])
	}
	return p, nil
}

// distinct counts the distinct positions of ps.
func distinct(ps []orb.Point) int {
	seen := make(map[orb.Point]struct{}, len(ps))
	for _, p := range ps {
		seen[p] = struct{}{}
	}
	return len(seen)
}

// ringError restates a spatial.Validate error about the text form's one
// ring in its vertices, counted from 1: edge i of the ring runs from vertex
// i+1 to vertex i+2 (or back to vertex 1 for the closing edge). Only
// crossing edges are left to Validate by then; anything else is returned as
// it is.
func ringError(err error, n int) error {
	var ge *spatial.GeometryError
	var a, b, ring int
	if !errors.As(err, &ge) {
		return err
	}
	if _, e := fmt.Sscanf(ge.Path, "coordinates[0][%d]", &a); e != nil {
		return err
	}
	if _, e := fmt.Sscanf(ge.Reason, "ring edge crosses edge %d of ring %d", &b, &ring); e != nil || ring != 0 {
		return err
	}
	edge := func(i int) string { return fmt.Sprintf("%d–%d", i+1, (i+1)%n+1) }
	return &spatial.GeometryError{Path: "edge " + edge(a), Reason: "crosses edge " + edge(b)}
}
