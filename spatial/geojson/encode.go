package geojson

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// AppendGeometry appends g as a GeoJSON geometry object to dst. Coordinates
// are written with the fewest digits that read back to the same float64.
func AppendGeometry(dst []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case nil:
		return append(dst, "null"...)
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst = appendPoint(dst, g)
	case orb.MultiPoint:
		dst = append(dst, `{"type":"MultiPoint","coordinates":`...)
		dst = appendPoints(dst, g)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":`...)
		dst = appendPoints(dst, g)
	case orb.MultiLineString:
		dst = append(dst, `{"type":"MultiLineString","coordinates":[`...)
		for i, l := range g {
			dst = comma(dst, i)
			dst = appendPoints(dst, l)
		}
		dst = append(dst, ']')
	case orb.Ring:
		return AppendGeometry(dst, orb.Polygon{g})
	case orb.Polygon:
		dst = append(dst, `{"type":"Polygon","coordinates":`...)
		dst = appendPolygon(dst, g)
	case orb.MultiPolygon:
		dst = append(dst, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			dst = comma(dst, i)
			dst = appendPolygon(dst, p)
		}
		dst = append(dst, ']')
	case orb.Bound:
		return AppendGeometry(dst, g.ToPolygon())
	case orb.Collection:
		dst = append(dst, `{"type":"GeometryCollection","geometries":[`...)
		for i, c := range g {
			dst = comma(dst, i)
			dst = AppendGeometry(dst, c)
		}
		dst = append(dst, ']')
	default:
		return append(dst, "null"...)
	}
	return append(dst, '}')
}

func comma(dst []byte, i int) []byte {
	if i > 0 {
		return append(dst, ',')
	}
	return dst
}

func appendPoint(dst []byte, p orb.Point) []byte {
	dst = append(dst, '[')
	dst = AppendFloat(dst, p[0])
	dst = append(dst, ',')
	dst = AppendFloat(dst, p[1])
	return append(dst, ']')
}

func appendPoints(dst []byte, ps []orb.Point) []byte {
	dst = append(dst, '[')
	for i, p := range ps {
		dst = comma(dst, i)
		dst = appendPoint(dst, p)
	}
	return append(dst, ']')
}

func appendPolygon(dst []byte, p orb.Polygon) []byte {
	dst = append(dst, '[')
	for i, r := range p {
		dst = comma(dst, i)
		dst = appendPoints(dst, r)
	}
	return append(dst, ']')
}

// AppendFloat appends a JSON number; NaN and infinities, which JSON cannot
// hold, are written as null.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}
