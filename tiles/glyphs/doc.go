// Package glyphs serves the glyph PBFs that a MapLibre style's "glyphs" URL
// (/fonts/{fontstack}/{range}.pbf) points at, generated in-process from fonts
// embedded in the binary, so that the map wall can label features with digits,
// Latin letters and punctuation while fully offline.
//
// MapLibre draws CJK ideographs itself (localIdeographFontFamily); every other
// character of a symbol layer's text needs a signed distance field (SDF) bitmap
// from the server. A Set renders those on first request, one 256-codepoint
// range at a time, and keeps them in memory.
//
// # Fonts
//
// The fonts are the Go fonts (Go Regular, Go Medium, Go Bold) from
// golang.org/x/image/font/gofont, served under their own full names. They are
// © 2016 Bigelow & Holmes Inc. and licensed under a BSD-style licence whose
// text is in the NOTICE file next to this package; a binary distribution of
// Lookout must reproduce that notice in its documentation.
//
// # Rendering
//
// Glyphs are rendered the way MapLibre expects from node-fontnik and from its
// own tiny-sdf fallback: 24 px font size, a 3 px buffer around each glyph
// bitmap, SDF radius 8 px and cutoff 0.25, so a pixel's byte is
// 255 − 255·(d/8 + 0.25), clamped, with d the signed distance in px from the
// pixel centre to the outline (positive outside). The outline is rasterised
// with anti-aliasing at oversample× resolution and the inside and outside
// distances come from a Felzenszwalb–Huttenlocher Euclidean distance transform
// seeded with the sub-pixel edge positions the coverage implies.
//
// # Metrics
//
// A glyph's bitmap covers the pixels its outline touches with the pen origin
// on a pixel corner, as tiny-sdf does; left is the horizontal bearing of that
// box in px and advance is the rounded advance width in px. top follows the
// convention MapLibre GL JS places glyphs with, not FreeType's bitmap_top:
// symbol/quads.ts puts the top of a glyph's unbuffered bitmap at y − top, and
// render/glyph_manager.ts gives the ideographs it draws locally
// top = ascent − 27.5 (its topAdjustment), which together with the atlas
// padding puts their baseline 27 px below y. So a server glyph here has
// top = ascent − 27, ascent being the px from the baseline up to the bitmap's
// top edge, and Latin text sits on the same baseline as the ideographs beside
// it. (node-fontnik writes top = ascent − the font's rounded ascender, about
// 26 px for Open Sans; MapLibre's 27.5 is calibrated against such fonts.)
package glyphs
