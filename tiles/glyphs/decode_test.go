package glyphs

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// pbfStack and pbfGlyph are a glyph PBF as an independent reader sees it: the
// tests decode what Range produced with this small protowire decoder rather
// than trusting the encoder's own structures.
type pbfStack struct {
	name, rng string
	glyphs    []pbfGlyph
}

type pbfGlyph struct {
	id, width, height, advance uint32
	left, top                  int32
	bitmap                     []byte
}

// decodePBF decodes a glyphs message, checking that the required fields of
// every fontstack and glyph are present.
func decodePBF(b []byte) ([]pbfStack, error) {
	var stacks []pbfStack
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		if num != fieldStacks || typ != protowire.BytesType {
			return fmt.Errorf("glyphs: unexpected field %d", num)
		}
		s, err := decodeStack(v)
		stacks = append(stacks, s)
		return err
	})
	return stacks, err
}

func decodeStack(b []byte) (pbfStack, error) {
	var s pbfStack
	seen := map[protowire.Number]bool{}
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		seen[num] = true
		switch num {
		case fieldStackName:
			s.name = string(v)
		case fieldStackRange:
			s.rng = string(v)
		case fieldStackGlyphs:
			g, err := decodeGlyph(v)
			if err != nil {
				return err
			}
			s.glyphs = append(s.glyphs, g)
		default:
			return fmt.Errorf("fontstack: unexpected field %d", num)
		}
		return nil
	})
	if err == nil && (!seen[fieldStackName] || !seen[fieldStackRange]) {
		err = fmt.Errorf("fontstack: name or range missing")
	}
	return s, err
}

func decodeGlyph(b []byte) (pbfGlyph, error) {
	var g pbfGlyph
	seen := map[protowire.Number]bool{}
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error {
		seen[num] = true
		switch num {
		case fieldGlyphID:
			g.id = uint32(n)
		case fieldGlyphBitmap:
			g.bitmap = v
		case fieldGlyphWidth:
			g.width = uint32(n)
		case fieldGlyphHeight:
			g.height = uint32(n)
		case fieldGlyphLeft:
			g.left = int32(protowire.DecodeZigZag(n))
		case fieldGlyphTop:
			g.top = int32(protowire.DecodeZigZag(n))
		case fieldGlyphAdvance:
			g.advance = uint32(n)
		default:
			return fmt.Errorf("glyph: unexpected field %d", num)
		}
		return nil
	})
	for _, num := range []protowire.Number{fieldGlyphID, fieldGlyphWidth, fieldGlyphHeight, fieldGlyphLeft, fieldGlyphTop, fieldGlyphAdvance} {
		if err == nil && !seen[num] {
			err = fmt.Errorf("glyph %d: required field %d missing", g.id, num)
		}
	}
	return g, err
}

// eachField calls fn for every field of a message with the field's bytes
// (length-delimited fields) or value (varints).
func eachField(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, k := protowire.ConsumeTag(b)
		if k < 0 {
			return protowire.ParseError(k)
		}
		b = b[k:]
		var v []byte
		var n uint64
		switch typ {
		case protowire.VarintType:
			n, k = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, k = protowire.ConsumeBytes(b)
		default:
			return fmt.Errorf("field %d: unexpected wire type %d", num, typ)
		}
		if k < 0 {
			return protowire.ParseError(k)
		}
		b = b[k:]
		if err := fn(num, typ, v, n); err != nil {
			return err
		}
	}
	return nil
}
