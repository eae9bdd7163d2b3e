package glyphs

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
)

// ErrUnknownFont reports a font stack none of whose names is a font of the Set.
var ErrUnknownFont = errors.New("glyphs: unknown font")

// ErrBadRange reports a codepoint range that is not one of the 256 aligned
// 256-codepoint ranges 0-255 … 65280-65535.
var ErrBadRange = errors.New("glyphs: bad range")

// maxStart is the start of the last range MapLibre asks for: it does not
// request glyphs above U+FFFF.
const maxStart = 65280

// Set is the collection of embedded fonts, by MapLibre font-stack name, and
// the cache of the glyph PBFs generated from them. It is safe for concurrent
// use; the zero value has no fonts, so use New.
type Set struct {
	faces  []*face          // in the order Fonts lists them
	byName map[string]*face // face by its font-stack name

	mu     sync.Mutex
	stacks map[stackKey]*stackCell // generated PBFs by resolved stack and range
}

// stackKey names one cached PBF: the resolved stack (known font names only,
// joined by commas) and the range index start/256. Keying by the resolved
// stack rather than the requested string bounds the cache: a client cannot
// grow it by inventing unknown names.
type stackKey struct {
	stack string
	index int
}

// stackCell is the PBF of one stack and range, generated once.
type stackCell struct {
	once sync.Once
	pbf  []byte
	err  error
}

// New returns a Set of the embedded Go fonts: "Go Regular", "Go Medium" and
// "Go Bold". Parsing them cannot fail for the fonts shipped in the module, so
// a failure is a build defect and panics.
func New() *Set {
	s := &Set{byName: make(map[string]*face), stacks: make(map[stackKey]*stackCell)}
	for _, ttf := range [][]byte{goregular.TTF, gomedium.TTF, gobold.TTF} {
		f, err := newFace(ttf)
		if err != nil {
			panic(fmt.Sprintf("glyphs: embedded font: %v", err))
		}
		s.faces = append(s.faces, f)
		s.byName[f.name] = f
	}
	return s
}

// Fonts returns the font-stack names the Set serves, in a fixed order.
func (s *Set) Fonts() []string {
	names := make([]string, len(s.faces))
	for i, f := range s.faces {
		names[i] = f.name
	}
	return names
}

// Range returns the glyph PBF of fontstack for the codepoints start..end,
// which must be an aligned 256-codepoint range (see ParseRange). fontstack is
// MapLibre's comma-separated list of font names; each codepoint is taken from
// the first listed font that has it, and names the Set does not know are
// skipped, so "Go Regular,Arial Unicode MS Regular" works. The PBF's fontstack
// name is the resolved stack of known names. A range none of the fonts covers
// still yields a valid PBF, with no glyphs.
//
// The PBF is generated on the first request and cached; concurrent first
// requests wait for one generation. The returned slice is shared with the
// cache and must not be modified.
func (s *Set) Range(fontstack string, start, end int) ([]byte, error) {
	if err := checkRange(start, end); err != nil {
		return nil, err
	}
	faces, name := s.resolve(fontstack)
	if len(faces) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrUnknownFont, fontstack)
	}
	key := stackKey{stack: name, index: start / rangeSize}
	s.mu.Lock()
	c := s.stacks[key]
	if c == nil {
		c = &stackCell{}
		s.stacks[key] = c
	}
	s.mu.Unlock()
	c.once.Do(func() { c.pbf, c.err = compose(faces, name, start) })
	return c.pbf, c.err
}

// resolve returns the known fonts of a comma-separated font stack, in stack
// order without repeats, and their names joined by commas.
func (s *Set) resolve(fontstack string) ([]*face, string) {
	var faces []*face
	var names []string
	for _, n := range strings.Split(fontstack, ",") {
		f := s.byName[strings.TrimSpace(n)]
		if f == nil || containsFace(faces, f) {
			continue
		}
		faces = append(faces, f)
		names = append(names, f.name)
	}
	return faces, strings.Join(names, ",")
}

// containsFace reports whether f is among faces.
func containsFace(faces []*face, f *face) bool {
	for _, g := range faces {
		if g == f {
			return true
		}
	}
	return false
}

// compose builds the PBF of one range of a resolved stack: per codepoint, the
// glyph of the first face that has one.
func compose(faces []*face, name string, start int) ([]byte, error) {
	index := start / rangeSize
	ranges := make([]*faceRange, len(faces))
	for i, f := range faces {
		r, err := f.rangeGlyphs(index)
		if err != nil {
			return nil, err
		}
		ranges[i] = r
	}
	var glyphs [][]byte
	for cp := range rangeSize {
		for _, r := range ranges {
			if g := r.glyphs[cp]; g != nil {
				glyphs = append(glyphs, g)
				break
			}
		}
	}
	return encodeGlyphs(name, start, glyphs), nil
}
