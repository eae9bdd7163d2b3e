package glyphs

import (
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// baseline is how far below the y MapLibre positions a glyph's top against
// the baseline of the ideographs it draws locally lies: glyph_manager.ts's
// topAdjustment of 27.5 less the half pixel of atlas padding a double
// resolution glyph gains in quads.ts. A glyph's top is its ascent minus this.
const baseline = 27

// face is one embedded font, served under its full name, with the glyphs of
// each 256-codepoint range rendered on first use.
type face struct {
	name   string
	font   *sfnt.Font
	ranges [maxStart/rangeSize + 1]faceRangeCell
}

// faceRangeCell holds one range of a face, rendered once.
type faceRangeCell struct {
	once sync.Once
	r    *faceRange
	err  error
}

// faceRange is one range of a face: the encoded glyph messages by codepoint
// offset from the range's start, nil where the font has no glyph.
type faceRange struct {
	glyphs [rangeSize][]byte
}

// glyph is one rendered glyph with its metrics in px at 24 px, as the PBF
// carries them.
type glyph struct {
	id            uint32
	bitmap        []byte // (width+2·buffer)·(height+2·buffer) SDF bytes; nil when blank
	width, height uint32 // ink box, without the buffer
	left, top     int32  // ink box position: bearing, and ascent − baseline
	advance       uint32 // pen advance
}

// newFace parses a TrueType font and names it by its full name ("Go Regular").
func newFace(ttf []byte) (*face, error) {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	name, err := f.Name(nil, sfnt.NameIDFull)
	if err != nil {
		return nil, fmt.Errorf("font name: %w", err)
	}
	return &face{name: name, font: f}, nil
}

// rangeGlyphs returns the glyphs of the range with the given index (start/256),
// rendering them on first use; concurrent first calls render once.
func (f *face) rangeGlyphs(index int) (*faceRange, error) {
	c := &f.ranges[index]
	c.once.Do(func() { c.r, c.err = f.renderRange(index) })
	return c.r, c.err
}

// renderRange renders and encodes every glyph the font maps in one range.
func (f *face) renderRange(index int) (*faceRange, error) {
	var buf sfnt.Buffer
	var sdf sdfRenderer
	out := &faceRange{}
	start := index * rangeSize
	for i := range rangeSize {
		cp := start + i
		gi, err := f.font.GlyphIndex(&buf, rune(cp))
		if err != nil {
			return nil, fmt.Errorf("glyphs: %s U+%04X: %w", f.name, cp, err)
		}
		if gi == 0 {
			continue // .notdef: the font has no glyph for cp
		}
		g, err := f.render(&buf, &sdf, gi)
		if err != nil {
			return nil, fmt.Errorf("glyphs: %s U+%04X: %w", f.name, cp, err)
		}
		g.id = uint32(cp)
		out.glyphs[i] = encodeGlyph(&g)
	}
	return out, nil
}

// render measures one glyph and renders its distance field. The ink box is
// the whole pixels the outline's control points reach with the pen origin on
// a pixel corner, so the bitmap holds the glyph at its exact sub-pixel
// position, as tiny-sdf's do. A glyph without ink (space) has a zero box and
// no bitmap but keeps its advance.
func (f *face) render(buf *sfnt.Buffer, sdf *sdfRenderer, gi sfnt.GlyphIndex) (glyph, error) {
	ppem := fixed.I(fontSize)
	adv, err := f.font.GlyphAdvance(buf, gi, ppem, font.HintingNone)
	if err != nil {
		return glyph{}, err
	}
	g := glyph{advance: uint32(max(adv.Round(), 0))}
	segs, err := f.font.LoadGlyph(buf, gi, ppem, nil)
	if err != nil {
		return glyph{}, err
	}
	if len(segs) == 0 {
		return g, nil
	}
	lo := fixed.Point26_6{X: fixed.Int26_6(1 << 30), Y: fixed.Int26_6(1 << 30)}
	hi := fixed.Point26_6{X: -lo.X, Y: -lo.Y}
	for _, s := range segs {
		for _, p := range s.Args[:argCount(s.Op)] {
			lo.X, lo.Y = min(lo.X, p.X), min(lo.Y, p.Y)
			hi.X, hi.Y = max(hi.X, p.X), max(hi.Y, p.Y)
		}
	}
	x0, y0 := lo.X.Floor(), lo.Y.Floor() // y grows downwards in sfnt
	w, h := hi.X.Ceil()-x0, hi.Y.Ceil()-y0
	if w <= 0 || h <= 0 {
		return g, nil
	}
	g.width, g.height = uint32(w), uint32(h)
	g.left, g.top = int32(x0), int32(-y0-baseline)
	g.bitmap = sdf.render(segs, x0, y0, w, h)
	return g, nil
}

// argCount is how many of a segment's Args are points of the outline.
func argCount(op sfnt.SegmentOp) int {
	switch op {
	case sfnt.SegmentOpQuadTo:
		return 2
	case sfnt.SegmentOpCubeTo:
		return 3
	default:
		return 1
	}
}
