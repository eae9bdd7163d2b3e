package gpkg

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/mattn/go-sqlite3"
	"github.com/paulmach/orb"
)

// sqlFunctions are the GeoPackage SQL functions that the triggers of the
// RTree Spatial Index extension (OGC 12-128r19 annex F.3) call. GDAL and
// QGIS register them on their own connections; when an analyst adds a
// spatial index to a table, those triggers run on the store's writes too,
// and without the functions every statement on the table fails ("no such
// function: ST_IsEmpty"), so the store registers them on every connection.
var sqlFunctions = map[string]func(any) any{
	"ST_IsEmpty": stIsEmpty,
	"ST_MinX":    envelopeFunc(func(b orb.Bound) float64 { return b.Min[0] }),
	"ST_MaxX":    envelopeFunc(func(b orb.Bound) float64 { return b.Max[0] }),
	"ST_MinY":    envelopeFunc(func(b orb.Bound) float64 { return b.Min[1] }),
	"ST_MaxY":    envelopeFunc(func(b orb.Bound) float64 { return b.Max[1] }),
}

// registerFunctions is the driver's connect hook.
func registerFunctions(c *sqlite3.SQLiteConn) error {
	for name, fn := range sqlFunctions {
		if err := c.RegisterFunc(name, fn, true); err != nil {
			return fmt.Errorf("gpkg: register SQL function %s: %w", name, err)
		}
	}
	return nil
}

// stIsEmpty is ST_IsEmpty: 1 when the blob's empty flag is set, 0 when not,
// NULL for NULL or a blob that is not GeoPackage binary.
func stIsEmpty(v any) any {
	b, ok := v.([]byte)
	if !ok || len(b) < headerLen || b[0] != 'G' || b[1] != 'P' {
		return nil
	}
	if b[3]&flagEmpty != 0 {
		return int64(1)
	}
	return int64(0)
}

// envelopeFunc makes ST_MinX and its kind: pick applied to the blob's
// envelope, NULL when it has none.
func envelopeFunc(pick func(orb.Bound) float64) func(any) any {
	return func(v any) any {
		b, ok := v.([]byte)
		if !ok {
			return nil
		}
		e, ok := envelope(b)
		if !ok {
			return nil
		}
		return pick(e)
	}
}

// envelope returns the 2D envelope of a GeoPackage geometry blob: the
// header's when it has one, else computed from the geometry. ok is false
// for an empty or unreadable geometry.
func envelope(b []byte) (orb.Bound, bool) {
	if len(b) < headerLen || b[0] != 'G' || b[1] != 'P' || b[3]&flagEmpty != 0 {
		return orb.Bound{}, false
	}
	if env := int(b[3]&flagEnvMask) >> flagEnvShift; env >= 1 && env < len(envelopeLen) && len(b) >= headerLen+32 {
		var order binary.ByteOrder = binary.BigEndian
		if b[3]&flagLittle != 0 {
			order = binary.LittleEndian
		}
		f := func(i int) float64 { return math.Float64frombits(order.Uint64(b[headerLen+8*i:])) }
		return orb.Bound{Min: orb.Point{f(0), f(2)}, Max: orb.Point{f(1), f(3)}}, true
	}
	g, _, err := decodeGeometry(b)
	if err != nil {
		return orb.Bound{}, false
	}
	return g.Bound(), true
}
