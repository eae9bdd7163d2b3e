// Package tiles turns the live world into Mapbox Vector Tiles: tile
// addresses and maths, clipping and simplification per zoom, point
// clustering at low zoom, MVT encoding, a tile cache that a change to a
// feature invalidates exactly where it touches, TileJSON and MapLibre styles.
package tiles

import (
	"errors"
	"fmt"
	"lookout/layers"
	"lookout/layers/access"
	"strconv"
	"strings"
)

// MaxZoom is the deepest zoom Lookout serves.
const MaxZoom = 22

// MaxLayers caps the layers of one composite tile.
const MaxLayers = 32

// ErrAddress is wrapped by every malformed tile address.
var ErrAddress = errors.New("tiles: bad tile address")

// AddressError says which part of a tile address is wrong and why.
type AddressError struct {
	Part   string // "layers", "z", "x", "y" or "path"
	Reason string
}

func (e *AddressError) Error() string { return e.Part + ": " + e.Reason }

// Unwrap makes errors.Is(err, ErrAddress) hold.
func (e *AddressError) Unwrap() error { return ErrAddress }

// Address is one tile of one or more layers.
type Address struct {
	Layers  []string
	Z, X, Y int
	// District, when set, keeps only the features of that district (of
	// layers with a district field): a district-scoped caller's tile.
	District string
	// Domain, when set, keeps only the incidents and alerts of that
	// domain: a domain role's tile.
	Domain string
}

// String returns the canonical path form, "cameras,vehicles/6/52/26", with
// the scope after it ("@500112", "#forest") when there is one: the cache
// key of the tile.
func (a Address) String() string {
	s := strings.Join(a.Layers, ",") + "/" + strconv.Itoa(a.Z) + "/" + strconv.Itoa(a.X) + "/" + strconv.Itoa(a.Y)
	if a.District != "" {
		s += "@" + a.District
	}
	if a.Domain != "" {
		s += "#" + a.Domain
	}
	return s
}

// keeps reports whether a feature of def is in the tile's scope: what a
// caller of the tile's domain role and district may see (access.Principal:
// the same rule as the REST API's and the WebSocket's).
func (a Address) keeps(def *layers.Layer, f *layers.Feature) bool {
	p := access.Principal{Role: layers.RoleAdmin, District: a.District}
	if a.Domain != "" {
		p.Role = layers.Role(a.Domain)
	}
	return p.Sees(def, f)
}

// scoped reports whether the tile has a scope at all.
func (a Address) scoped() bool { return a.District != "" || a.Domain != "" }

// Parse reads "layer[,layer…]/z/x/y.mvt": layer names are lower-case
// identifiers without repeats, z is 0..MaxZoom and x, y are within 0..2^z−1.
func Parse(path string) (Address, error) {
	parts := strings.Split(path, "/")
	if len(parts) != 4 {
		return Address{}, &AddressError{"path", "want {layer[,layer…]}/{z}/{x}/{y}.mvt"}
	}
	y, ok := strings.CutSuffix(parts[3], ".mvt")
	if !ok {
		return Address{}, &AddressError{"path", "a tile address ends in .mvt"}
	}
	names, err := ParseLayers(parts[0])
	if err != nil {
		return Address{}, err
	}
	a := Address{Layers: names}
	if a.Z, err = coord("z", parts[1], MaxZoom); err != nil {
		return Address{}, err
	}
	limit := 1<<a.Z - 1
	if a.X, err = coord("x", parts[2], limit); err != nil {
		return Address{}, err
	}
	if a.Y, err = coord("y", y, limit); err != nil {
		return Address{}, err
	}
	return a, nil
}

// ParseLayers reads a comma-separated list of layer names.
func ParseLayers(s string) ([]string, error) {
	names := strings.Split(s, ",")
	if len(names) > MaxLayers {
		return nil, &AddressError{"layers", fmt.Sprintf("more than %d layers", MaxLayers)}
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if !identifier(n) {
			return nil, &AddressError{"layers", fmt.Sprintf("%q is not a layer name", n)}
		}
		if seen[n] {
			return nil, &AddressError{"layers", fmt.Sprintf("%q is listed twice", n)}
		}
		seen[n] = true
	}
	return names, nil
}

func identifier(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// coord reads a non-negative decimal integer up to limit.
func coord(part, s string, limit int) (int, error) {
	if s == "" || len(s) > 8 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, &AddressError{part, fmt.Sprintf("%q is not a non-negative integer", s)}
	}
	n, _ := strconv.Atoi(s)
	if n > limit {
		return 0, &AddressError{part, fmt.Sprintf("%d is out of range 0..%d", n, limit)}
	}
	return n, nil
}
