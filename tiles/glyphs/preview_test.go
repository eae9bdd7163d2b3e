package glyphs

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestPreview draws, for a human to look at, the raw distance fields of a few
// glyphs and a line of text laid out with the PBF's metrics the way MapLibre
// places them (ink top at y − top, pen advancing by advance), thresholded at
// the 0.75 edge like MapLibre's SDF shader, with the baseline MapLibre gives
// locally drawn ideographs (y + 27) in red. It only runs with -v and leaves
// the PNG in a temporary directory whose path it logs.
func TestPreview(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("run with -v to write a preview PNG")
	}
	const zoom = 4
	img := image.NewRGBA(image.Rect(0, 0, 1000, 360))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	x := 8
	for _, stack := range []string{"Go Regular", "Go Bold"} {
		_, byID := decodeRange(t, shared, stack, 0)
		for _, r := range "Ag0·l" {
			g := byID[uint32(r)]
			w, h := int(g.width)+6, int(g.height)+6
			for py := range h * zoom {
				for px := range w * zoom {
					v := g.bitmap[(py/zoom)*w+px/zoom]
					img.Set(x+px, 8+py, color.Gray{Y: 255 - v})
				}
			}
			x += w*zoom + 8
		}
	}
	y0 := 180 // MapLibre's y for the line, in preview px
	for px := range img.Bounds().Dx() {
		img.Set(px, y0+baseline*zoom, color.RGBA{R: 0xff, A: 0xff})
	}
	pen := 8.0
	for _, stack := range []string{"Go Regular", "Go Bold"} {
		_, byID := decodeRange(t, shared, stack, 0)
		for _, r := range "Ag·09 lx-É " {
			g := byID[uint32(r)]
			if g.width > 0 {
				drawGlyph(img, g, pen+float64(g.left*zoom), float64(y0-int(g.top)*zoom), zoom)
			}
			pen += float64(g.advance * zoom)
		}
	}
	dir, err := os.MkdirTemp("", "glyphs-preview-")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "preview.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	t.Logf("preview written to %s", path)
}

// drawGlyph paints a glyph whose unbuffered ink box has its top-left corner at
// (x, y), sampling the field bilinearly and applying a smoothstep around the
// 0.75 edge value as MapLibre's text shader does.
func drawGlyph(img *image.RGBA, g pbfGlyph, x, y float64, zoom int) {
	w, h := int(g.width)+6, int(g.height)+6
	at := func(fx, fy int) float64 {
		fx, fy = min(max(fx, 0), w-1), min(max(fy, 0), h-1)
		return float64(g.bitmap[fy*w+fx]) / 255
	}
	for py := range h * zoom {
		for px := range w * zoom {
			sx := (float64(px)+0.5)/float64(zoom) - 0.5
			sy := (float64(py)+0.5)/float64(zoom) - 0.5
			ix, iy := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(ix), sy-float64(iy)
			v := (at(ix, iy)*(1-fx)+at(ix+1, iy)*fx)*(1-fy) + (at(ix, iy+1)*(1-fx)+at(ix+1, iy+1)*fx)*fy
			a := smoothstep(0.75-0.06, 0.75+0.06, v)
			if a <= 0 {
				continue
			}
			dx, dy := int(x)+px-3*zoom, int(y)+py-3*zoom
			c := uint8(255 * (1 - a))
			img.Set(dx, dy, color.RGBA{R: c, G: c, B: c, A: 0xff})
		}
	}
}

func smoothstep(e0, e1, x float64) float64 {
	t := min(max((x-e0)/(e1-e0), 0), 1)
	return t * t * (3 - 2*t)
}
