package glyphs

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The SDF parameters MapLibre assumes for server glyphs (parse_glyph_pbf.ts,
// glyph_manager.ts): a 24 px em, a 3 px buffer around each bitmap, distances
// encoded over a radius of 8 px of which a quarter lies inside the outline.
const (
	fontSize = 24
	buffer   = 3
	radius   = 8.0
	cutoff   = 0.25
)

// oversample is how many times finer than the output the outline is
// rasterised before its distance field is computed. It is odd so that the
// centre of a fine pixel falls exactly on each output pixel's centre; at 5 the
// distance error from the coverage-based edge estimate is under 0.1 px.
const oversample = 5

// sdfRenderer turns glyph outlines into signed distance fields. It keeps its
// buffers between glyphs, so one renderer serves a whole range; it is not safe
// for concurrent use.
type sdfRenderer struct {
	raster       vector.Rasterizer
	coverage     image.Alpha
	outer, inner []float64 // squared distances to the inside, to the outside
	dt           distanceTransform
}

// render returns the distance field of an outline whose ink lies in the
// w×h px box with top-left corner (x0, y0) relative to the pen origin, in
// sfnt's y-down coordinates: (w+2·buffer)·(h+2·buffer) bytes, row by row from
// the top, 255 deep inside and 0 far outside.
func (r *sdfRenderer) render(segs sfnt.Segments, x0, y0, w, h int) []byte {
	bw, bh := w+2*buffer, h+2*buffer
	fw, fh := bw*oversample, bh*oversample
	r.rasterize(segs, x0, y0, fw, fh)

	// Seed both grids from the coverage, as tiny-sdf does: a covered pixel is
	// inside, an empty one outside, and a partly covered one lies about
	// 0.5 − coverage fine pixels from the edge (positive outside), which gives
	// the field sub-pixel precision.
	n := fw * fh
	if cap(r.outer) < n {
		r.outer, r.inner = make([]float64, n), make([]float64, n)
	}
	outer, inner := r.outer[:n], r.inner[:n]
	for i, a := range r.coverage.Pix[:n] {
		switch a {
		case 0:
			outer[i], inner[i] = inf, 0
		case 0xff:
			outer[i], inner[i] = 0, inf
		default:
			t := 0.5 - float64(a)/0xff
			if t > 0 {
				outer[i], inner[i] = t*t, 0
			} else {
				outer[i], inner[i] = 0, t*t
			}
		}
	}

	// Columns in full, then only the rows through output pixel centres.
	r.dt.resize(max(fw, fh))
	for x := range fw {
		r.dt.line(outer, x, fw, fh)
		r.dt.line(inner, x, fw, fh)
	}
	for y := range bh {
		row := (y*oversample + oversample/2) * fw
		r.dt.line(outer, row, 1, fw)
		r.dt.line(inner, row, 1, fw)
	}

	out := make([]byte, bw*bh)
	for y := range bh {
		row := (y*oversample + oversample/2) * fw
		for x := range bw {
			i := row + x*oversample + oversample/2
			d := (math.Sqrt(outer[i]) - math.Sqrt(inner[i])) / oversample
			out[y*bw+x] = sdfByte(d)
		}
	}
	return out
}

// sdfByte encodes a signed distance in px (positive outside) as MapLibre's
// shaders read it: 255 − 255·(d/radius + cutoff), rounded and clamped. The
// explicit conversion keeps the compiler from fusing the multiply and the
// subtraction on arm64, which would round some .5 cases differently from
// amd64 and make the output depend on the machine.
func sdfByte(d float64) byte {
	v := math.Round(255 - float64(255*(d/radius+cutoff)))
	return byte(min(max(v, 0), 255))
}

// rasterize fills r.coverage with the anti-aliased coverage of the outline,
// drawn oversample times larger into an fw×fh grid whose top-left corner is
// (x0 − buffer, y0 − buffer) px from the pen origin.
func (r *sdfRenderer) rasterize(segs sfnt.Segments, x0, y0, fw, fh int) {
	pt := func(p fixed.Point26_6) (float32, float32) {
		x := (float32(p.X)/64 - float32(x0-buffer)) * oversample
		y := (float32(p.Y)/64 - float32(y0-buffer)) * oversample
		return x, y
	}
	z := &r.raster
	z.Reset(fw, fh)
	z.DrawOp = draw.Src
	open := false
	for _, s := range segs {
		ax, ay := pt(s.Args[0])
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				z.ClosePath()
			}
			z.MoveTo(ax, ay)
			open = true
		case sfnt.SegmentOpLineTo:
			z.LineTo(ax, ay)
		case sfnt.SegmentOpQuadTo:
			bx, by := pt(s.Args[1])
			z.QuadTo(ax, ay, bx, by)
		case sfnt.SegmentOpCubeTo:
			bx, by := pt(s.Args[1])
			cx, cy := pt(s.Args[2])
			z.CubeTo(ax, ay, bx, by, cx, cy)
		}
	}
	if open {
		z.ClosePath()
	}
	bounds := image.Rect(0, 0, fw, fh)
	if cap(r.coverage.Pix) < fw*fh {
		r.coverage.Pix = make([]byte, fw*fh)
	}
	r.coverage.Pix, r.coverage.Stride, r.coverage.Rect = r.coverage.Pix[:fw*fh], fw, bounds
	z.Draw(&r.coverage, bounds, image.Opaque, image.Point{})
}
