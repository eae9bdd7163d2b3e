package postgis

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// SRID is the spatial reference system of every geometry: WGS 84
// longitude/latitude.
const SRID = 4326

// registerGeometry returns the pool's AfterConnect hook: it teaches each
// new connection that PostGIS's geometry type (oid) travels, in binary, as
// EWKB bytes, which is exactly its binary wire format. Statements, COPY and
// scans then pass geometries as []byte without text conversion.
func registerGeometry(oid uint32) func(context.Context, *pgx.Conn) error {
	return func(_ context.Context, conn *pgx.Conn) error {
		conn.TypeMap().RegisterType(&pgtype.Type{Name: "geometry", OID: oid, Codec: pgtype.ByteaCodec{}})
		return nil
	}
}

// EWKB of a point with an SRID, little-endian: byte order, type with the
// SRID flag, SRID, x, y.
const (
	ewkbSRIDFlag = 0x20000000
	ewkbPointLen = 1 + 4 + 4 + 16
)

// encodeGeometry returns g as EWKB with SRID 4326. Points, the bulk of
// every commit, take a fast path.
func encodeGeometry(g orb.Geometry) ([]byte, error) {
	if p, ok := g.(orb.Point); ok {
		b := make([]byte, ewkbPointLen)
		b[0] = 1
		binary.LittleEndian.PutUint32(b[1:], 1|ewkbSRIDFlag)
		binary.LittleEndian.PutUint32(b[5:], SRID)
		binary.LittleEndian.PutUint64(b[9:], math.Float64bits(p[0]))
		binary.LittleEndian.PutUint64(b[17:], math.Float64bits(p[1]))
		return b, nil
	}
	b, err := ewkb.Marshal(g, SRID)
	if err != nil {
		return nil, permanent(fmt.Errorf("encode %s geometry: %w", g.GeoJSONType(), err))
	}
	return b, nil
}

// decodeGeometry reads EWKB as PostGIS sends it, refusing any SRID but
// 4326 (or none). A little-endian point with an SRID takes a fast path.
func decodeGeometry(b []byte) (orb.Geometry, error) {
	if len(b) == ewkbPointLen && b[0] == 1 && binary.LittleEndian.Uint32(b[1:]) == 1|ewkbSRIDFlag &&
		binary.LittleEndian.Uint32(b[5:]) == SRID {
		return orb.Point{math.Float64frombits(binary.LittleEndian.Uint64(b[9:])),
			math.Float64frombits(binary.LittleEndian.Uint64(b[17:]))}, nil
	}
	g, srid, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("decode geometry: %w", err)
	}
	if srid != SRID && srid != 0 {
		return nil, fmt.Errorf("geometry in SRID %d, want %d", srid, SRID)
	}
	return g, nil
}
