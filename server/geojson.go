package server

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"lookout/layers"
	"lookout/spatial/geojson"
)

// appendFeature appends f as a GeoJSON Feature with the foreign members
// "layer", "version" and "updated", and "distance_m" when dist >= 0.
func appendFeature(dst []byte, f *layers.Feature, dist float64) []byte {
	dst = append(dst, `{"type":"Feature","id":`...)
	dst = strconv.AppendQuote(dst, f.ID)
	dst = append(dst, `,"geometry":`...)
	dst = geojson.AppendGeometry(dst, f.Geometry)
	dst = append(dst, `,"properties":`...)
	props, err := json.Marshal(f.Props)
	if err != nil || f.Props == nil {
		props = []byte("{}")
	}
	dst = append(dst, props...)
	dst = append(dst, `,"layer":`...)
	dst = strconv.AppendQuote(dst, f.Layer)
	dst = append(dst, `,"version":`...)
	dst = strconv.AppendUint(dst, f.Version, 10)
	dst = append(dst, `,"updated":"`...)
	dst = f.Updated.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, '"')
	if dist >= 0 {
		dst = append(dst, `,"distance_m":`...)
		dst = strconv.AppendFloat(dst, dist, 'f', 1, 64)
	}
	return append(dst, '}')
}

// encodeCursor makes the opaque paging cursor for the last ID of a page.
func encodeCursor(id string) string {
	if id == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(id))
}

// decodeCursor reads a cursor made by encodeCursor.
func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || layers.ValidID(string(b)) != "" {
		return "", badRequest("cursor", "not a cursor this server issued")
	}
	return string(b), nil
}
