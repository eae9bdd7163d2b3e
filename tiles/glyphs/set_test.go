package glyphs

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// shared is one Set for the tests that only read, so each range renders once.
var shared = New()

// decodeRange fetches and decodes one range and indexes its glyphs by id.
func decodeRange(t *testing.T, s *Set, stack string, start int) (pbfStack, map[uint32]pbfGlyph) {
	t.Helper()
	b, err := s.Range(stack, start, start+255)
	if err != nil {
		t.Fatalf("Range(%q, %d): %v", stack, start, err)
	}
	stacks, err := decodePBF(b)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(stacks) != 1 {
		t.Fatalf("got %d fontstacks, want 1", len(stacks))
	}
	byID := map[uint32]pbfGlyph{}
	for _, g := range stacks[0].glyphs {
		byID[g.id] = g
	}
	return stacks[0], byID
}

func TestFonts(t *testing.T) {
	got := strings.Join(shared.Fonts(), "|")
	want := "Go Regular|Go Medium|Go Bold"
	if got != want {
		t.Errorf("Fonts() = %q, want %q", got, want)
	}
}

func TestRangeStacks(t *testing.T) {
	tests := []struct {
		name     string
		stack    string
		start    int
		wantName string
		wantErr  error
	}{
		{"single font", "Go Regular", 0, "Go Regular", nil},
		{"bold", "Go Bold", 256, "Go Bold", nil},
		{"unknown names skipped", "Go Regular,Arial Unicode MS Regular", 0, "Go Regular", nil},
		{"unknown first", "Nope,Go Bold", 0, "Go Bold", nil},
		{"spaces and repeats", " Go Medium , Go Medium,Go Bold", 0, "Go Medium,Go Bold", nil},
		{"range without glyphs", "Go Regular", 0x4e00, "Go Regular", nil},
		{"unknown font", "Nope", 0, "", ErrUnknownFont},
		{"empty stack", "", 0, "", ErrUnknownFont},
		{"names are case sensitive", "go regular", 0, "", ErrUnknownFont},
		{"unaligned", "Go Regular", 128, "", ErrBadRange},
		{"negative", "Go Regular", -256, "", ErrBadRange},
		{"above the BMP", "Go Regular", 65536, "", ErrBadRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := shared.Range(tt.stack, tt.start, tt.start+255)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "glyphs: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				return
			}
			stacks, err := decodePBF(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := stacks[0].name; got != tt.wantName {
				t.Errorf("name = %q, want %q", got, tt.wantName)
			}
			wantRange := strconv.Itoa(tt.start) + "-" + strconv.Itoa(tt.start+255)
			if got := stacks[0].rng; got != wantRange {
				t.Errorf("range = %q, want %q", got, wantRange)
			}
		})
	}
}

func TestRangeFallbackSameAsKnownFont(t *testing.T) {
	a, err := shared.Range("Nope,Go Bold", 0, 255)
	if err != nil {
		t.Fatal(err)
	}
	b, err := shared.Range("Go Bold", 0, 255)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error(`"Nope,Go Bold" differs from "Go Bold"`)
	}
}

// TestComposePerCodepoint checks that a stack takes each codepoint from the
// first font that has it, with a partial font in front of a full one.
func TestComposePerCodepoint(t *testing.T) {
	regular, bold := shared.byName["Go Regular"], shared.byName["Go Bold"]
	full, err := regular.rangeGlyphs(0)
	if err != nil {
		t.Fatal(err)
	}
	partial := &face{name: "Partial"}
	partial.ranges[0].once.Do(func() {
		partial.ranges[0].r = &faceRange{}
		partial.ranges[0].r.glyphs['A'] = full.glyphs['A']
	})
	b, err := compose([]*face{partial, bold}, "Partial,Go Bold", 0)
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := decodePBF(b)
	if err != nil {
		t.Fatal(err)
	}
	_, boldGlyphs := decodeRange(t, shared, "Go Bold", 0)
	_, regularGlyphs := decodeRange(t, shared, "Go Regular", 0)
	for _, g := range stacks[0].glyphs {
		want := boldGlyphs[g.id]
		if g.id == 'A' {
			want = regularGlyphs['A']
		}
		if g.advance != want.advance || !bytes.Equal(g.bitmap, want.bitmap) {
			t.Errorf("glyph %q not from the first font that has it", rune(g.id))
		}
	}
	if got, want := len(stacks[0].glyphs), len(boldGlyphs); got != want {
		t.Errorf("got %d glyphs, want %d", got, want)
	}
}

func TestRangeGlyphIDs(t *testing.T) {
	stack, byID := decodeRange(t, shared, "Go Regular", 0)
	for _, r := range "Ag0123456789·- " {
		if _, ok := byID[uint32(r)]; !ok {
			t.Errorf("glyph %q (U+%04X) missing", r, r)
		}
	}
	ids := make([]uint32, len(stack.glyphs))
	for i, g := range stack.glyphs {
		ids[i] = g.id
	}
	if !slices.IsSorted(ids) || len(slices.Compact(ids)) != len(stack.glyphs) {
		t.Error("glyph ids are not strictly increasing")
	}
	_, empty := decodeRange(t, shared, "Go Regular", 0x4e00)
	if len(empty) != 0 {
		t.Errorf("CJK range has %d glyphs, want none", len(empty))
	}
}

// advanceOf is the rounded advance of r in the font, in px at 24 px: the
// expected value comes from the font's own metrics, not from the PBF code.
func advanceOf(t *testing.T, ttf []byte, r rune) uint32 {
	t.Helper()
	f, err := sfnt.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	gi, err := f.GlyphIndex(nil, r)
	if err != nil {
		t.Fatal(err)
	}
	adv, err := f.GlyphAdvance(nil, gi, fixed.I(24), font.HintingNone)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(adv.Round())
}

func TestRangeMetrics(t *testing.T) {
	_, byID := decodeRange(t, shared, "Go Regular", 0)
	tests := []struct {
		name      string
		r         rune
		descends  bool // ink well below the baseline, not just overshoot
		blank     bool
		minAscent int32 // px from the baseline up to the ink box's top
		maxAscent int32
	}{
		{"capital A", 'A', false, false, 17, 18},
		{"descender g", 'g', true, false, 12, 14},
		{"digit 0", '0', false, false, 17, 18},
		{"digit 7", '7', false, false, 17, 18},
		{"middle dot", '·', false, false, 9, 14},
		{"space", ' ', false, true, 0, 0},
		{"no-break space", '\u00a0', false, true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := byID[uint32(tt.r)]
			if !ok {
				t.Fatalf("glyph %q missing", tt.r)
			}
			if got, want := g.advance, advanceOf(t, goregular.TTF, tt.r); got != want {
				t.Errorf("advance = %d, want %d", got, want)
			}
			if tt.blank {
				if g.width != 0 || g.height != 0 || g.bitmap != nil {
					t.Errorf("blank glyph has %dx%d and %d bitmap bytes", g.width, g.height, len(g.bitmap))
				}
				if g.advance == 0 {
					t.Error("blank glyph has no advance")
				}
				return
			}
			if got, want := len(g.bitmap), int((g.width+6)*(g.height+6)); got != want {
				t.Errorf("bitmap has %d bytes, want (w+6)(h+6) = %d", got, want)
			}
			ascent := g.top + baseline
			if ascent < tt.minAscent || ascent > tt.maxAscent {
				t.Errorf("ascent = top+%d = %d, want %d..%d", baseline, ascent, tt.minAscent, tt.maxAscent)
			}
			below := int32(g.height) - ascent // px of ink box under the baseline
			if got := below >= 4; got != tt.descends || (!tt.descends && below > 1) {
				t.Errorf("ascent %d, height %d: %d px below the baseline, want descender %v", ascent, g.height, below, tt.descends)
			}
			if g.left < -1 || g.left > 4 || g.width == 0 || g.width > g.advance+2 {
				t.Errorf("implausible box: left %d width %d advance %d", g.left, g.width, g.advance)
			}
		})
	}
}

func TestRangeBitmapSizes(t *testing.T) {
	for _, name := range shared.Fonts() {
		stack, _ := decodeRange(t, shared, name, 0)
		for _, g := range stack.glyphs {
			want := 0
			if g.width > 0 {
				want = int((g.width + 6) * (g.height + 6))
			}
			if len(g.bitmap) != want {
				t.Errorf("%s U+%04X: %d bitmap bytes for %dx%d, want %d", name, g.id, len(g.bitmap), g.width, g.height, want)
			}
		}
	}
}

// TestRangeConcurrent has many goroutines make the same first requests of a
// fresh Set; run with -race. All must see identical bytes.
func TestRangeConcurrent(t *testing.T) {
	s := New()
	stacks := []string{"Go Regular", "Nope,Go Regular", "Go Bold,Go Regular"}
	const workers = 12
	got := make([][][]byte, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for _, stack := range stacks {
				b, err := s.Range(stack, 0, 255)
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], b)
			}
		})
	}
	wg.Wait()
	for w := 1; w < workers; w++ {
		for i := range stacks {
			if len(got[w]) != len(stacks) || !bytes.Equal(got[w][i], got[0][i]) {
				t.Fatalf("worker %d got different bytes for %q", w, stacks[i])
			}
		}
	}
	if len(s.stacks) != 2 {
		t.Errorf("cache holds %d entries, want 2 (\"Nope,Go Regular\" resolves to \"Go Regular\")", len(s.stacks))
	}
}
