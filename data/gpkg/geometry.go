package gpkg

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// SRS is the spatial reference system of every geometry Lookout stores:
// WGS 84 longitude/latitude (EPSG:4326).
const SRS = 4326

// GeoPackage binary header, OGC 12-128r19 §2.1.3: the magic "GP", a version
// byte (0), a flags byte, the srs_id, an optional envelope, then the WKB.
const (
	headerLen    = 8
	flagLittle   = 1 << 0 // B: header values are little-endian
	flagEnvShift = 1      // E: envelope contents indicator, bits 1-3
	flagEnvMask  = 0x7 << flagEnvShift
	flagEmpty    = 1 << 4 // Y: the geometry is empty
	flagExtended = 1 << 5 // X: ExtendedGeoPackageBinary (not supported)
	flagReserved = 0xC0   // R: must be zero
)

// envelopeLen is the envelope size in bytes for each envelope indicator:
// none, [minx,maxx,miny,maxy], +[minz,maxz], +[minm,maxm], +z and m.
var envelopeLen = [...]int{0, 32, 48, 48, 64}

// quietNaN is the NaN that WKB writers put in POINT EMPTY.
var quietNaN = math.Float64frombits(0x7FF8000000000000)

// ErrGeometry is wrapped by every error decoding a geometry blob.
var ErrGeometry = errors.New("gpkg: invalid geometry blob")

// encodeGeometry returns g as a GeoPackage geometry blob in srs: a
// little-endian header with an [minx,maxx,miny,maxy] envelope (omitted for
// points, whose envelope is the point itself, as GDAL does), then
// little-endian WKB. An empty geometry is flagged empty and has no envelope.
func encodeGeometry(g orb.Geometry, srs int32) ([]byte, error) {
	if g == nil {
		return nil, fmt.Errorf("encode geometry: %w: nil", ErrGeometry)
	}
	_, isPoint := g.(orb.Point)
	empty := isEmpty(g)
	if empty && isPoint {
		g = orb.Point{quietNaN, quietNaN} // whatever NaN it held, as GDAL writes it
	}
	flags := byte(flagLittle)
	withEnv := !empty && !isPoint
	switch {
	case empty:
		flags |= flagEmpty
	case withEnv:
		flags |= 1 << flagEnvShift
	}
	n := headerLen
	if withEnv {
		n += 32
	}
	out := make([]byte, headerLen, n+max(wkbLen(g), 0))
	out[0], out[1], out[2], out[3] = 'G', 'P', 0, flags
	binary.LittleEndian.PutUint32(out[4:], uint32(srs))
	if withEnv {
		b := g.Bound()
		for _, v := range [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
		}
	}
	buf := bytes.NewBuffer(out) // the WKB goes on after the header
	if err := wkb.NewEncoder(buf).SetByteOrder(binary.LittleEndian).Encode(g); err != nil {
		return nil, fmt.Errorf("encode geometry: %w", err)
	}
	return buf.Bytes(), nil
}

// isEmpty reports whether g has no positions; a point is empty when its
// coordinates are NaN, as WKB writes POINT EMPTY.
func isEmpty(g orb.Geometry) bool {
	if p, ok := g.(orb.Point); ok {
		return math.IsNaN(p[0]) && math.IsNaN(p[1])
	}
	return countPoints(g) == 0
}

// countPoints counts the positions of g.
func countPoints(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.MultiPoint:
		return len(g)
	case orb.LineString:
		return len(g)
	case orb.MultiLineString:
		n := 0
		for _, l := range g {
			n += len(l)
		}
		return n
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += countPoints(p)
		}
		return n
	case orb.Collection:
		n := 0
		for _, c := range g {
			n += countPoints(c)
		}
		return n
	}
	return 1
}

// decodeGeometry parses a GeoPackage geometry blob and returns the geometry
// and its srs_id. It accepts either byte order and every standard envelope,
// and refuses what it cannot represent exactly rather than guess: extended
// geometry types, WKB with Z or M coordinates (which orb would misread) and
// trailing bytes.
func decodeGeometry(b []byte) (orb.Geometry, int32, error) {
	if len(b) < headerLen || b[0] != 'G' || b[1] != 'P' {
		return nil, 0, fmt.Errorf("%w: no GP header", ErrGeometry)
	}
	if b[2] != 0 {
		return nil, 0, fmt.Errorf("%w: version %d, want 0", ErrGeometry, b[2])
	}
	flags := b[3]
	if flags&(flagReserved|flagExtended) != 0 {
		return nil, 0, fmt.Errorf("%w: extended or reserved flags %#02x", ErrGeometry, flags)
	}
	env := int(flags&flagEnvMask) >> flagEnvShift
	if env >= len(envelopeLen) {
		return nil, 0, fmt.Errorf("%w: envelope indicator %d", ErrGeometry, env)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&flagLittle != 0 {
		order = binary.LittleEndian
	}
	srs := int32(order.Uint32(b[4:]))
	start := headerLen + envelopeLen[env]
	if len(b) < start {
		return nil, 0, fmt.Errorf("%w: truncated envelope", ErrGeometry)
	}
	g, err := decodeWKB(b[start:])
	if err != nil {
		return nil, 0, err
	}
	return g, srs, nil
}

// decodeWKB decodes plain 2D WKB, all of it.
func decodeWKB(b []byte) (orb.Geometry, error) {
	if len(b) < 5 || b[0] > 1 {
		return nil, fmt.Errorf("%w: WKB header", ErrGeometry)
	}
	var order binary.ByteOrder = binary.BigEndian
	if b[0] == 1 {
		order = binary.LittleEndian
	}
	if t := order.Uint32(b[1:]); t < 1 || t > 7 {
		return nil, fmt.Errorf("%w: WKB type %d is not a 2D geometry", ErrGeometry, t)
	}
	g, err := wkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrGeometry, err)
	}
	if n := wkbLen(g); n != len(b) {
		return nil, fmt.Errorf("%w: WKB is %d bytes, its geometry takes %d", ErrGeometry, len(b), n)
	}
	return g, nil
}

// wkbLen is the length of g's 2D WKB encoding, or -1 for a type WKB
// does not know.
func wkbLen(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Point:
		return 21
	case orb.MultiPoint:
		return 9 + 21*len(g)
	case orb.LineString:
		return 9 + 16*len(g)
	case orb.MultiLineString:
		n := 9
		for _, l := range g {
			n += wkbLen(l)
		}
		return n
	case orb.Polygon:
		n := 9
		for _, r := range g {
			n += 4 + 16*len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 9
		for _, p := range g {
			n += wkbLen(p)
		}
		return n
	case orb.Collection:
		n := 9
		for _, c := range g {
			n += wkbLen(c)
		}
		return n
	}
	return -1
}
