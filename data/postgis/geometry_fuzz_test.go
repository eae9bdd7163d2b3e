package postgis

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// FuzzDecodeGeometry feeds decodeGeometry the geometry column's bytes as
// PostGIS may send them: the store reads back every table at start, and a
// GIS analyst may have edited any row in QGIS. It must never panic; it must
// refuse, or return a geometry that re-encodes to EWKB that decodes and
// encodes to the same bytes again.
func FuzzDecodeGeometry(f *testing.F) {
	square := orb.Polygon{{{106.5, 29.5}, {106.6, 29.5}, {106.6, 29.6}, {106.5, 29.6}, {106.5, 29.5}}}
	for _, g := range []orb.Geometry{
		orb.Point{106.574, 29.601},
		orb.MultiPoint{{106.5, 29.5}, {106.6, 29.6}},
		orb.LineString{{106.5, 29.5}, {106.6, 29.6}, {106.7, 29.55}},
		orb.MultiLineString{{{106.5, 29.5}, {106.6, 29.6}}, {{106.7, 29.7}, {106.8, 29.8}}},
		square,
		orb.MultiPolygon{square, {{{107, 30}, {107.1, 30}, {107.1, 30.1}, {107, 30}}}},
		orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}},
	} {
		b, err := encodeGeometry(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, srid := range []int{0, 3857} {
		b, err := ewkb.Marshal(square, srid)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := ewkb.Marshal(orb.Point{106.574, 29.601}, SRID, binary.BigEndian); err == nil {
		f.Add(b) // big-endian
	}
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 0x20, 0xe6, 0x10, 0, 0, 0xff, 0xff, 0xff, 0x7f}) // a polygon claiming 2^31 rings
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decodeGeometry(b)
		if err != nil {
			return
		}
		if g == nil {
			t.Fatalf("no geometry and no error for %X", b)
		}
		once, err := encodeGeometry(g)
		if err != nil {
			return // a geometry PostGIS holds but the store would not write (an empty collection, say)
		}
		// Compared as bytes, not with orb.Equal: EWKB may carry NaN
		// coordinates (POINT EMPTY is a point of two NaNs), and NaN is
		// equal to nothing.
		g2, err := decodeGeometry(once)
		if err != nil {
			t.Fatalf("%X decoded to %v, re-encoded to %X, which does not decode: %v", b, g, once, err)
		}
		twice, err := encodeGeometry(g2)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("encoding not stable:\n%X\n%X (%v)", once, twice, err)
		}
	})
}
