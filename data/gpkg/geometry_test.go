package gpkg

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// golden are GeoPackage geometry blobs written by GDAL 3.6 (ogr2ogr from
// WKT into a GeoPackage, SRS EPSG:4326), the reference encoder.
var golden = []struct {
	name string
	hex  string
	geom orb.Geometry
}{
	{"point", "47500001E610000001010000000000000000A05A400000000000803D40", orb.Point{106.5, 29.5}},
	{"linestring", "47500003E61000000000000000805A400000000000C05A400000000000003D400000000000003E40" +
		"0102000000020000000000000000805A400000000000003D400000000000C05A400000000000003E40",
		orb.LineString{{106, 29}, {107, 30}}},
	{"polygon with a hole", "47500003E61000000000000000805A400000000000C05A400000000000003D400000000000003E40" +
		"010300000002000000040000000000000000805A400000000000003D400000000000C05A400000000000003D40" +
		"0000000000C05A400000000000003E400000000000805A400000000000003D4004000000CDCCCCCCCC8C5A40" +
		"3333333333333D409A99999999995A40CDCCCCCCCC4C3D403333333333935A400000000000403D40CDCCCCCCCC8C5A403333333333333D40",
		orb.Polygon{{{106, 29}, {107, 29}, {107, 30}, {106, 29}}, {{106.2, 29.2}, {106.4, 29.3}, {106.3, 29.25}, {106.2, 29.2}}}},
	{"multipolygon", "47500003E6100000000000000000F03F0000000000001040000000000000F03F0000000000001040" +
		"01060000000200000001030000000100000004000000000000000000F03F000000000000F03F0000000000000040" +
		"000000000000F03F00000000000000400000000000000040000000000000F03F000000000000F03F0103000000010000000400000000" +
		"000000000008400000000000000840000000000000104000000000000008400000000000001040000000000000104000000000000008400000000000000840",
		orb.MultiPolygon{{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, {{{3, 3}, {4, 3}, {4, 4}, {3, 3}}}}},
	{"multilinestring", "47500003E6100000000000000000F03F0000000000001440000000000000F03F0000000000001040" +
		"010500000002000000010200000002000000000000000000F03F000000000000F03F00000000000000400000000000000040" +
		"010200000003000000000000000000084000000000000008400000000000001040000000000000104000000000000014400000000000000840",
		orb.MultiLineString{{{1, 1}, {2, 2}}, {{3, 3}, {4, 4}, {5, 3}}}},
	// POINT EMPTY: the empty flag, no envelope, NaN coordinates.
	{"empty point", "47500011E61000000101000000000000000000F87F000000000000F87F", orb.Point{math.NaN(), math.NaN()}},
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodeGeometryGolden(t *testing.T) {
	for _, c := range golden {
		got, err := encodeGeometry(c.geom, SRS)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if want := mustHex(t, c.hex); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %X\nwant %X", c.name, got, want)
		}
	}
}

func TestDecodeGeometryGolden(t *testing.T) {
	for _, c := range golden {
		g, srs, err := decodeGeometry(mustHex(t, c.hex))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if srs != SRS {
			t.Errorf("%s: srs %d, want %d", c.name, srs, SRS)
		}
		if p, ok := c.geom.(orb.Point); ok && math.IsNaN(p[0]) {
			if gp, ok := g.(orb.Point); !ok || !math.IsNaN(gp[0]) || !math.IsNaN(gp[1]) {
				t.Errorf("%s: got %v, want an empty point", c.name, g)
			}
			continue
		}
		if !orb.Equal(g, c.geom) {
			t.Errorf("%s: got %v, want %v", c.name, g, c.geom)
		}
	}
}

// TestDecodeGeometryVariants decodes what other writers may produce: a
// big-endian header and WKB, and envelopes with z and m ranges.
func TestDecodeGeometryVariants(t *testing.T) {
	line := orb.LineString{{106, 29}, {107, 30}}
	wkbBE := []byte{0, 0, 0, 0, 2, 0, 0, 0, 2} // big-endian LineString of 2 points
	for _, v := range []float64{106, 29, 107, 30} {
		wkbBE = binary.BigEndian.AppendUint64(wkbBE, math.Float64bits(v))
	}
	for env, n := range envelopeLen {
		for _, little := range []bool{true, false} {
			flags := byte(env << flagEnvShift)
			var order binary.AppendByteOrder = binary.BigEndian
			if little {
				flags |= flagLittle
				order = binary.LittleEndian
			}
			b := []byte{'G', 'P', 0, flags}
			b = order.AppendUint32(b, 4326)
			b = append(b, make([]byte, n)...)
			b = append(b, wkbBE...)
			g, srs, err := decodeGeometry(b)
			if err != nil || srs != 4326 || !orb.Equal(g, line) {
				t.Errorf("envelope %d, little-endian %v: got %v %d %v, want %v 4326", env, little, g, srs, err, line)
			}
		}
	}
}

func TestDecodeGeometryRejects(t *testing.T) {
	point := mustHex(t, golden[0].hex)
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(point)) }
	cases := []struct {
		name string
		blob []byte
	}{
		{"empty", nil},
		{"short header", point[:7]},
		{"bad magic", edit(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"version 1", edit(func(b []byte) []byte { b[2] = 1; return b })},
		{"extended type", edit(func(b []byte) []byte { b[3] |= flagExtended; return b })},
		{"reserved flag", edit(func(b []byte) []byte { b[3] |= 0x80; return b })},
		{"envelope indicator 5", edit(func(b []byte) []byte { b[3] |= 5 << flagEnvShift; return b })},
		{"truncated envelope", edit(func(b []byte) []byte { b[3] |= 1 << flagEnvShift; return b[:20] })},
		{"no WKB", point[:8]},
		{"truncated WKB", point[:len(point)-1]},
		{"trailing bytes", append(bytes.Clone(point), 0)},
		{"WKB byte order 2", edit(func(b []byte) []byte { b[8] = 2; return b })},
		{"ISO point Z", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[9:], 1001)
			return append(b, make([]byte, 8)...)
		})},
		{"EWKB point Z", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[9:], 0x80000001)
			return append(b, make([]byte, 8)...)
		})},
		{"point M", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[9:], 2001)
			return append(b, make([]byte, 8)...)
		})},
		{"unknown WKB type", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[9:], 17); return b })},
	}
	for _, c := range cases {
		if g, _, err := decodeGeometry(c.blob); !errors.Is(err, ErrGeometry) {
			t.Errorf("%s: got %v, %v; want an ErrGeometry", c.name, g, err)
		}
	}
}

func TestGeometryRoundTrip(t *testing.T) {
	geoms := []orb.Geometry{
		orb.Point{-180, -90}, orb.Point{180, 90}, orb.Point{106.55156234567891, 29.56301234567891},
		orb.MultiPoint{{1, 2}, {3, 4}},
		orb.LineString{{0, 0}, {1e-12, -1e-12}},
		orb.MultiLineString{{{1, 1}, {2, 2}}, {{3, 3}, {4, 4}}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}},
		orb.LineString{}, orb.MultiPolygon{},
	}
	for _, g := range geoms {
		b, err := encodeGeometry(g, SRS)
		if err != nil {
			t.Fatalf("%v: %v", g, err)
		}
		got, srs, err := decodeGeometry(b)
		if err != nil || srs != SRS || !orb.Equal(got, g) {
			t.Errorf("%s %v: round trip gave %v, %d, %v", g.GeoJSONType(), g, got, srs, err)
		}
		if empty := b[3]&flagEmpty != 0; empty != (countPoints(g) == 0) {
			t.Errorf("%s %v: empty flag %v", g.GeoJSONType(), g, empty)
		}
	}
}

// FuzzGeometry feeds arbitrary blobs to the decoder: it must never panic,
// and whatever it accepts must re-encode to a blob that decodes to the same
// encoding again.
func FuzzGeometry(f *testing.F) {
	for _, c := range golden {
		f.Add(mustHex(f, c.hex))
	}
	f.Add([]byte("GP"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, srs, err := decodeGeometry(b)
		if err != nil {
			if !errors.Is(err, ErrGeometry) {
				t.Fatalf("error %v does not wrap ErrGeometry", err)
			}
			return
		}
		once, err := encodeGeometry(g, srs)
		if err != nil {
			t.Fatalf("re-encode %v: %v", g, err)
		}
		g2, srs2, err := decodeGeometry(once)
		if err != nil || srs2 != srs {
			t.Fatalf("decode of re-encoded %X: %v (srs %d, want %d)", once, err, srs2, srs)
		}
		twice, err := encodeGeometry(g2, srs2)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("encoding not stable:\n%X\n%X (%v)", once, twice, err)
		}
	})
}
