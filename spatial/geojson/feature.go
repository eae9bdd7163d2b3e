package geojson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Feature is a decoded GeoJSON Feature. A numeric "id" is kept in its
// decimal form.
type Feature struct {
	ID         string
	Geometry   orb.Geometry
	Properties map[string]any
}

// FieldError says which member of a feature is wrong and why.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

type rawFeature struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// DecodeFeature reads a GeoJSON Feature object. Errors are *FieldError,
// with geometry problems reported as "geometry.<path>". Property numbers are
// json.Number, so that integers keep their precision.
func DecodeFeature(data []byte) (Feature, error) {
	var raw rawFeature
	if err := json.Unmarshal(data, &raw); err != nil {
		return Feature{}, &FieldError{Field: "body", Reason: "not a GeoJSON Feature object: " + jsonReason(err)}
	}
	return raw.decode("")
}

func (raw rawFeature) decode(prefix string) (Feature, error) {
	var f Feature
	if raw.Type != "Feature" {
		return f, &FieldError{Field: prefix + "type", Reason: fmt.Sprintf("want \"Feature\", got %q", raw.Type)}
	}
	id, err := decodeID(raw.ID)
	if err != nil {
		return f, &FieldError{Field: prefix + "id", Reason: err.Error()}
	}
	f.ID = id
	if g := bytes.TrimSpace(raw.Geometry); len(g) > 0 && !bytes.Equal(g, []byte("null")) {
		geom, err := DecodeGeometry(g)
		if err != nil {
			ge := err.(*spatial.GeometryError)
			return f, &FieldError{Field: join(prefix+"geometry", ge.Path), Reason: ge.Reason}
		}
		f.Geometry = geom
	}
	if p := bytes.TrimSpace(raw.Properties); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		dec := json.NewDecoder(bytes.NewReader(p))
		dec.UseNumber()
		if err := dec.Decode(&f.Properties); err != nil {
			return f, &FieldError{Field: prefix + "properties", Reason: "want an object: " + jsonReason(err)}
		}
	}
	return f, nil
}

func decodeID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("want a string or number: %s", jsonReason(err))
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("want a string or number: %s", jsonReason(err))
	}
	return n.String(), nil
}

// DecodeCollection reads a GeoJSON FeatureCollection. Errors name the
// feature by index ("features[12].geometry.coordinates[0]").
func DecodeCollection(data []byte) ([]Feature, error) {
	var raw struct {
		Type     string       `json:"type"`
		Features []rawFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, &FieldError{Field: "body", Reason: "not a GeoJSON FeatureCollection: " + jsonReason(err)}
	}
	if raw.Type != "FeatureCollection" {
		return nil, &FieldError{Field: "type", Reason: fmt.Sprintf("want \"FeatureCollection\", got %q", raw.Type)}
	}
	out := make([]Feature, len(raw.Features))
	for i, rf := range raw.Features {
		f, err := rf.decode("features[" + strconv.Itoa(i) + "].")
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}
