// Package geojson reads and writes RFC 7946 GeoJSON geometries and features
// as orb types. It is Lookout's own codec so that a bad document gets an
// error naming the exact position that is wrong ("coordinates[0][3]") and so
// that encoding appends to a buffer without reflection.
package geojson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// rawGeometry is a geometry object before its coordinates are read.
type rawGeometry struct {
	Type        string            `json:"type"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

// MaxDepth caps the nesting of GeometryCollections.
const MaxDepth = 4

// DecodeGeometry reads a GeoJSON geometry object. Errors are
// *spatial.GeometryError naming the offending path. It checks structure
// (types, arrays of numbers, at least two numbers per position) but not
// validity: use spatial.Validate for ranges, closed rings and crossings.
func DecodeGeometry(data []byte) (orb.Geometry, error) {
	return decodeGeometry(data, "", 0)
}

func decodeGeometry(data []byte, path string, depth int) (orb.Geometry, error) {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) || len(bytes.TrimSpace(data)) == 0 {
		return nil, &spatial.GeometryError{Path: path, Reason: "missing geometry"}
	}
	var raw rawGeometry
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, &spatial.GeometryError{Path: path, Reason: "not a GeoJSON geometry object: " + jsonReason(err)}
	}
	cpath := join(path, "coordinates")
	if raw.Type != "GeometryCollection" && len(raw.Coordinates) == 0 {
		return nil, &spatial.GeometryError{Path: cpath, Reason: "missing"}
	}
	switch raw.Type {
	case "Point":
		var c []float64
		if err := unmarshal(raw.Coordinates, &c, cpath, "a position [lon, lat]"); err != nil {
			return nil, err
		}
		return position(c, cpath)
	case "MultiPoint", "LineString":
		var cs [][]float64
		if err := unmarshal(raw.Coordinates, &cs, cpath, "an array of positions"); err != nil {
			return nil, err
		}
		ps, err := positions(cs, cpath)
		if raw.Type == "MultiPoint" {
			return orb.MultiPoint(ps), err
		}
		return orb.LineString(ps), err
	case "MultiLineString", "Polygon":
		var cs [][][]float64
		if err := unmarshal(raw.Coordinates, &cs, cpath, "an array of arrays of positions"); err != nil {
			return nil, err
		}
		lines, err := lines(cs, cpath)
		if err != nil {
			return nil, err
		}
		if raw.Type == "Polygon" {
			return toPolygon(lines), nil
		}
		mls := make(orb.MultiLineString, len(lines))
		for i, l := range lines {
			mls[i] = orb.LineString(l)
		}
		return mls, nil
	case "MultiPolygon":
		var cs [][][][]float64
		if err := unmarshal(raw.Coordinates, &cs, cpath, "an array of polygons"); err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, len(cs))
		for i, p := range cs {
			ls, err := lines(p, index(cpath, i))
			if err != nil {
				return nil, err
			}
			mp[i] = toPolygon(ls)
		}
		return mp, nil
	case "GeometryCollection":
		if depth >= MaxDepth {
			return nil, &spatial.GeometryError{Path: path, Reason: "geometry collections nested too deep"}
		}
		col := make(orb.Collection, 0, len(raw.Geometries))
		for i, g := range raw.Geometries {
			cg, err := decodeGeometry(g, index(join(path, "geometries"), i), depth+1)
			if err != nil {
				return nil, err
			}
			col = append(col, cg)
		}
		return col, nil
	case "":
		return nil, &spatial.GeometryError{Path: join(path, "type"), Reason: "missing"}
	}
	return nil, &spatial.GeometryError{Path: join(path, "type"), Reason: fmt.Sprintf("unknown geometry type %q", raw.Type)}
}

func unmarshal(data []byte, v any, path, want string) error {
	if err := json.Unmarshal(data, v); err != nil {
		return &spatial.GeometryError{Path: path, Reason: "want " + want + ": " + jsonReason(err)}
	}
	return nil
}

func position(c []float64, path string) (orb.Point, error) {
	if len(c) < 2 {
		return orb.Point{}, &spatial.GeometryError{Path: path, Reason: "a position needs longitude and latitude"}
	}
	return orb.Point{c[0], c[1]}, nil
}

func positions(cs [][]float64, path string) ([]orb.Point, error) {
	ps := make([]orb.Point, len(cs))
	for i, c := range cs {
		p, err := position(c, index(path, i))
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	return ps, nil
}

func lines(cs [][][]float64, path string) ([][]orb.Point, error) {
	out := make([][]orb.Point, len(cs))
	for i, c := range cs {
		ps, err := positions(c, index(path, i))
		if err != nil {
			return nil, err
		}
		out[i] = ps
	}
	return out, nil
}

func toPolygon(rings [][]orb.Point) orb.Polygon {
	p := make(orb.Polygon, len(rings))
	for i, r := range rings {
		p[i] = orb.Ring(r)
	}
	return p
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// jsonReason turns a decoding error into a short reason without Go type names.
func jsonReason(err error) string {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		return "found a JSON " + e.Value
	case *json.SyntaxError:
		return "malformed JSON at byte " + strconv.FormatInt(e.Offset, 10)
	}
	return err.Error()
}
