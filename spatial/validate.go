package spatial

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrInvalidGeometry is wrapped by every *GeometryError.
var ErrInvalidGeometry = errors.New("spatial: invalid geometry")

// GeometryError says where a geometry is invalid (a JSON-pointer-like path
// into its coordinates, such as "coordinates[0][3]") and why.
type GeometryError struct {
	Path   string
	Reason string
}

func (e *GeometryError) Error() string {
	if e.Path == "" {
		return "invalid geometry: " + e.Reason
	}
	return "invalid geometry at " + e.Path + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrInvalidGeometry) hold.
func (e *GeometryError) Unwrap() error { return ErrInvalidGeometry }

// Limits bounds what Validate accepts.
type Limits struct {
	// MaxVertices caps the number of positions in one geometry; 0 means no cap.
	MaxVertices int
}

// Validate checks that g is a usable WGS 84 geometry: finite coordinates in
// range, lines of at least two positions, polygon rings closed with at least
// four positions (three of them distinct), rings that neither cross
// themselves nor each other, and no more vertices than lim allows. It
// returns a *GeometryError for the first problem found. Its Path locates the
// problem in the geometry's GeoJSON object: "coordinates[0][3]", or
// "geometries[1].coordinates[0]" inside a GeometryCollection.
func Validate(g orb.Geometry, lim Limits) error {
	if g == nil {
		return &GeometryError{Reason: "missing geometry"}
	}
	n := 0
	if err := validate(g, "", &n, lim); err != nil {
		return err
	}
	if n == 0 {
		path := "coordinates"
		if _, ok := g.(orb.Collection); ok {
			path = "geometries"
		}
		return &GeometryError{Path: path, Reason: "empty geometry"}
	}
	return nil
}

// validate checks the geometry object found at path at ("" at the top).
func validate(g orb.Geometry, at string, n *int, lim Limits) error {
	switch g := g.(type) {
	case nil:
		return &GeometryError{Path: at, Reason: "missing geometry"}
	case orb.Collection:
		return each(len(g), member(at, "geometries"), func(i int, p string) error { return validate(g[i], p, n, lim) })
	case orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString, orb.Polygon, orb.MultiPolygon:
		return coordinates(g, member(at, "coordinates"), n, lim)
	}
	// orb.Ring and orb.Bound are geometries to orb but not to GeoJSON (both
	// call themselves "Polygon"), so name the Go type.
	return &GeometryError{Path: at, Reason: fmt.Sprintf("unsupported geometry type %T", g)}
}

// member is the path of field name of the object at path at.
func member(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// coordinates checks the coordinates of a non-collection geometry, found at
// path.
func coordinates(g orb.Geometry, path string, n *int, lim Limits) error {
	switch g := g.(type) {
	case orb.Point:
		*n++
		return checkPosition(g, path, *n, lim)
	case orb.MultiPoint:
		return each(len(g), path, func(i int, p string) error { return coordinates(g[i], p, n, lim) })
	case orb.LineString:
		if len(g) < 2 {
			return &GeometryError{Path: path, Reason: "a line needs at least 2 positions"}
		}
		return positions(g, path, n, lim)
	case orb.MultiLineString:
		return each(len(g), path, func(i int, p string) error { return coordinates(g[i], p, n, lim) })
	case orb.Polygon:
		return validatePolygon(g, path, n, lim)
	case orb.MultiPolygon:
		return each(len(g), path, func(i int, p string) error { return validatePolygon(g[i], p, n, lim) })
	}
	return &GeometryError{Path: path, Reason: fmt.Sprintf("unsupported geometry type %T", g)}
}

func each(count int, path string, f func(i int, path string) error) error {
	for i := 0; i < count; i++ {
		if err := f(i, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	return nil
}

func positions(ps []orb.Point, path string, n *int, lim Limits) error {
	for i, p := range ps {
		*n++
		if err := checkPosition(p, fmt.Sprintf("%s[%d]", path, i), *n, lim); err != nil {
			return err
		}
	}
	return nil
}

func checkPosition(p orb.Point, path string, n int, lim Limits) error {
	switch {
	case lim.MaxVertices > 0 && n > lim.MaxVertices:
		return &GeometryError{Path: path, Reason: fmt.Sprintf("more than %d positions", lim.MaxVertices)}
	case math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
		return &GeometryError{Path: path, Reason: "coordinate is not a finite number"}
	case p[0] < -180 || p[0] > 180:
		return &GeometryError{Path: path, Reason: fmt.Sprintf("longitude %g out of range [-180, 180]", p[0])}
	case p[1] < -90 || p[1] > 90:
		return &GeometryError{Path: path, Reason: fmt.Sprintf("latitude %g out of range [-90, 90]", p[1])}
	}
	return nil
}

func validatePolygon(poly orb.Polygon, path string, n *int, lim Limits) error {
	if len(poly) == 0 {
		return &GeometryError{Path: path, Reason: "a polygon needs an exterior ring"}
	}
	for i, r := range poly {
		rp := fmt.Sprintf("%s[%d]", path, i)
		if err := positions(r, rp, n, lim); err != nil {
			return err
		}
		if len(r) < 4 {
			return &GeometryError{Path: rp, Reason: "a ring needs at least 4 positions"}
		}
		if r[0] != r[len(r)-1] {
			return &GeometryError{Path: rp, Reason: "ring is not closed (first and last positions differ)"}
		}
		if distinctEdges(r) < 3 {
			// Repeated positions are allowed, so four positions may still
			// enclose nothing.
			return &GeometryError{Path: rp, Reason: "a ring needs at least 3 distinct positions"}
		}
	}
	if a, b, ok := firstCrossing(poly); ok {
		return &GeometryError{Path: fmt.Sprintf("%s[%d][%d]", path, a.ring, a.i),
			Reason: fmt.Sprintf("ring edge crosses edge %d of ring %d", b.i, b.ring)}
	}
	return nil
}

// distinctEdges counts the edges of r between distinct positions.
func distinctEdges(r orb.Ring) int {
	k := 0
	for i := 1; i < len(r); i++ {
		if r[i] != r[i-1] {
			k++
		}
	}
	return k
}
