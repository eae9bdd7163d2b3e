package chongqing

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

// The embedded files are parsed with encoding/json rather than orb/geojson, which
// would pull a BSON library into every binary that embeds the boundaries. Only the
// subset regen.sh writes is understood: Features with string or number properties
// and Polygon, MultiPolygon or LineString geometries.

type rawCollection struct {
	Type     string       `json:"type"`
	Features []rawFeature `json:"features"`
}

type rawFeature struct {
	ID         string         `json:"id"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func parseCollection(data []byte, what string) ([]rawFeature, error) {
	var fc rawCollection
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("chongqing: parse %s: %w", what, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("chongqing: parse %s: type %q, want FeatureCollection", what, fc.Type)
	}
	return fc.Features, nil
}

// str returns the string property key, or "" if it is missing or not a string.
func (f *rawFeature) str(key string) string {
	s, _ := f.Properties[key].(string)
	return s
}

// num returns the number property key as an int, or 0 if it is missing.
func (f *rawFeature) num(key string) int {
	v, _ := f.Properties[key].(float64)
	return int(v)
}

// multiPolygon decodes a Polygon or MultiPolygon geometry as a MultiPolygon.
func (f *rawFeature) multiPolygon() (orb.MultiPolygon, error) {
	switch f.Geometry.Type {
	case "Polygon":
		var c [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
			return nil, err
		}
		return orb.MultiPolygon{toPolygon(c)}, nil
	case "MultiPolygon":
		var c [][][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, len(c))
		for i, p := range c {
			mp[i] = toPolygon(p)
		}
		return mp, nil
	}
	return nil, fmt.Errorf("geometry is %q, want Polygon or MultiPolygon", f.Geometry.Type)
}

// lineString decodes a LineString geometry.
func (f *rawFeature) lineString() (orb.LineString, error) {
	if f.Geometry.Type != "LineString" {
		return nil, fmt.Errorf("geometry is %q, want LineString", f.Geometry.Type)
	}
	var c [][2]float64
	if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
		return nil, err
	}
	return toLine(c), nil
}

func toPolygon(c [][][2]float64) orb.Polygon {
	p := make(orb.Polygon, len(c))
	for i, r := range c {
		p[i] = orb.Ring(toLine(r))
	}
	return p
}

func toLine(c [][2]float64) orb.LineString {
	ls := make(orb.LineString, len(c))
	for i, pt := range c {
		ls[i] = orb.Point(pt)
	}
	return ls
}
