package glyphs

import (
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of Mapbox's glyphs.proto, which MapLibre's parse_glyph_pbf.ts
// reads:
//
//	message glyphs    { repeated fontstack stacks = 1; }
//	message fontstack { required string name = 1; required string range = 2; repeated glyph glyphs = 3; }
//	message glyph     { required uint32 id = 1; optional bytes bitmap = 2; required uint32 width = 3;
//	                    required uint32 height = 4; required sint32 left = 5; required sint32 top = 6;
//	                    required uint32 advance = 7; }
const (
	fieldStacks = 1

	fieldStackName   = 1
	fieldStackRange  = 2
	fieldStackGlyphs = 3

	fieldGlyphID      = 1
	fieldGlyphBitmap  = 2
	fieldGlyphWidth   = 3
	fieldGlyphHeight  = 4
	fieldGlyphLeft    = 5
	fieldGlyphTop     = 6
	fieldGlyphAdvance = 7
)

// encodeGlyph returns the body of one glyph message. The required fields are
// always written, zero or not, as proto2 demands; the bitmap only when the
// glyph has ink, as node-fontnik does.
func encodeGlyph(g *glyph) []byte {
	b := make([]byte, 0, len(g.bitmap)+32)
	b = protowire.AppendTag(b, fieldGlyphID, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(g.id))
	if len(g.bitmap) > 0 {
		b = protowire.AppendTag(b, fieldGlyphBitmap, protowire.BytesType)
		b = protowire.AppendBytes(b, g.bitmap)
	}
	b = protowire.AppendTag(b, fieldGlyphWidth, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(g.width))
	b = protowire.AppendTag(b, fieldGlyphHeight, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(g.height))
	b = protowire.AppendTag(b, fieldGlyphLeft, protowire.VarintType)
	b = protowire.AppendVarint(b, protowire.EncodeZigZag(int64(g.left)))
	b = protowire.AppendTag(b, fieldGlyphTop, protowire.VarintType)
	b = protowire.AppendVarint(b, protowire.EncodeZigZag(int64(g.top)))
	b = protowire.AppendTag(b, fieldGlyphAdvance, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(g.advance))
	return b
}

// encodeGlyphs returns a glyphs message with one fontstack named name for the
// range starting at start, holding the already encoded glyph bodies in order.
func encodeGlyphs(name string, start int, glyphs [][]byte) []byte {
	n := len(name) + 32
	for _, g := range glyphs {
		n += len(g) + 8
	}
	stack := make([]byte, 0, n)
	stack = protowire.AppendTag(stack, fieldStackName, protowire.BytesType)
	stack = protowire.AppendString(stack, name)
	stack = protowire.AppendTag(stack, fieldStackRange, protowire.BytesType)
	stack = protowire.AppendString(stack, strconv.Itoa(start)+"-"+strconv.Itoa(start+rangeSize-1))
	for _, g := range glyphs {
		stack = protowire.AppendTag(stack, fieldStackGlyphs, protowire.BytesType)
		stack = protowire.AppendBytes(stack, g)
	}
	out := make([]byte, 0, len(stack)+8)
	out = protowire.AppendTag(out, fieldStacks, protowire.BytesType)
	return protowire.AppendBytes(out, stack)
}
