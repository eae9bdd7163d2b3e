package tiles

import (
	"errors"
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Address
		part string // the AddressError part, "" for success
	}{
		{"one layer", "cameras/6/50/26.mvt", Address{Layers: []string{"cameras"}, Z: 6, X: 50, Y: 26}, ""},
		{"composite", "districts,rivers,cameras/0/0/0.mvt", Address{Layers: []string{"districts", "rivers", "cameras"}, Z: 0, X: 0, Y: 0}, ""},
		{"deepest", "vehicles/22/4194303/4194303.mvt", Address{Layers: []string{"vehicles"}, Z: 22, X: 1<<22 - 1, Y: 1<<22 - 1}, ""},
		{"z too deep", "cameras/23/0/0.mvt", Address{}, "z"},
		{"x outside", "cameras/6/64/0.mvt", Address{}, "x"},
		{"y outside", "cameras/1/0/2.mvt", Address{}, "y"},
		{"negative", "cameras/6/-1/0.mvt", Address{}, "x"},
		{"sign", "cameras/+6/1/0.mvt", Address{}, "z"},
		{"no extension", "cameras/6/50/26", Address{}, "path"},
		{"png", "cameras/6/50/26.png", Address{}, "path"},
		{"too few parts", "cameras/6/50.mvt", Address{}, "path"},
		{"too many parts", "a/cameras/6/50/26.mvt", Address{}, "path"},
		{"empty layer", ",cameras/6/50/26.mvt", Address{}, "layers"},
		{"repeated layer", "cameras,cameras/6/50/26.mvt", Address{}, "layers"},
		{"upper case", "Cameras/6/50/26.mvt", Address{}, "layers"},
		{"traversal", "../6/50/26.mvt", Address{}, "layers"},
		{"huge number", "cameras/6/999999999999/26.mvt", Address{}, "x"},
		{"empty y", "cameras/6/50/.mvt", Address{}, "y"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if tc.part != "" {
				var ae *AddressError
				if !errors.As(err, &ae) || ae.Part != tc.part || !errors.Is(err, ErrAddress) {
					t.Fatalf("got %v, want an error in %q", err, tc.part)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Layers, tc.want.Layers) || got.Z != tc.want.Z || got.X != tc.want.X || got.Y != tc.want.Y {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// FuzzParse checks that the address parser never panics, accepts only
// addresses inside the tile pyramid, and that what it accepts prints back to
// the same address.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"cameras/6/50/26.mvt", "a,b_2/0/0/0.mvt", "x/22/4194303/0.mvt", "/1/1/1.mvt", "a/1/2/1.mvt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a.Z < 0 || a.Z > MaxZoom || a.X < 0 || a.Y < 0 || a.X >= 1<<a.Z || a.Y >= 1<<a.Z || len(a.Layers) == 0 {
			t.Fatalf("accepted %q as %+v", s, a)
		}
		b, err := Parse(a.String() + ".mvt")
		if err != nil || b.String() != a.String() {
			t.Fatalf("round trip of %q: %v %v", s, b, err)
		}
	})
}
