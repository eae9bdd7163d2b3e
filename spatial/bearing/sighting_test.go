package bearing

import (
	"errors"
	"math"
	"testing"
)

func TestLocateInvalid(t *testing.T) {
	ok := Sighting{Source: "a", Origin: jinyun, Bearing: 45}
	with := func(f func(*Sighting)) []Sighting { s := ok; f(&s); return []Sighting{ok, s} }
	tests := []struct {
		name string
		in   []Sighting
		want error
	}{
		{"nil", nil, ErrNoSightings},
		{"empty", []Sighting{}, ErrNoSightings},
		{"no source", with(func(s *Sighting) { s.Source = "" }), ErrInvalid},
		{"NaN longitude", with(func(s *Sighting) { s.Origin[0] = math.NaN() }), ErrInvalid},
		{"longitude 181", with(func(s *Sighting) { s.Origin[0] = 181 }), ErrInvalid},
		{"infinite latitude", with(func(s *Sighting) { s.Origin[1] = math.Inf(1) }), ErrInvalid},
		{"latitude 90", with(func(s *Sighting) { s.Origin[1] = 90 }), ErrInvalid},
		{"NaN bearing", with(func(s *Sighting) { s.Bearing = math.NaN() }), ErrInvalid},
		{"infinite bearing", with(func(s *Sighting) { s.Bearing = math.Inf(-1) }), ErrInvalid},
		{"negative sigma", with(func(s *Sighting) { s.Sigma = -1 }), ErrInvalid},
		{"tiny sigma", with(func(s *Sighting) { s.Sigma = 1e-9 }), ErrInvalid},
		{"huge sigma", with(func(s *Sighting) { s.Sigma = 90 }), ErrInvalid},
		{"NaN sigma", with(func(s *Sighting) { s.Sigma = math.NaN() }), ErrInvalid},
		{"negative range", with(func(s *Sighting) { s.Range = -5 }), ErrInvalid},
		{"range 100 km", with(func(s *Sighting) { s.Range = 100e3 }), ErrInvalid},
		{"infinite range", with(func(s *Sighting) { s.Range = math.Inf(1) }), ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Locate(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Locate: %v, want %v", err, tt.want)
			}
			if _, err := Cluster(tt.in, Options{}); tt.want == ErrInvalid && !errors.Is(err, ErrInvalid) {
				t.Errorf("Cluster: %v, want %v", err, ErrInvalid)
			}
		})
	}
}

func TestInvalidNamesField(t *testing.T) {
	_, err := Locate([]Sighting{{Source: "a", Origin: jinyun}, {Source: "b", Origin: jinyun, Sigma: 45}})
	if got, want := err.Error(), "bearing: invalid sighting: sightings[1].Sigma: 45 is not 0 or within [0.1, 30] degrees"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestNormaliseBearing(t *testing.T) {
	tests := []struct {
		name    string
		in, out float64
	}{
		{"in range", 123.5, 123.5},
		{"negative", -10, 350},
		{"full turn", 360, 0},
		{"two turns", 720, 0},
		{"tiny negative", -1e-14, 0},
		{"large", 1e9 + 0.25, math.Mod(1e9+0.25, 360)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := normalise(0, Sighting{Source: "a", Origin: jinyun, Bearing: tt.in})
			if err != nil {
				t.Fatal(err)
			}
			if s.Bearing != tt.out || s.Sigma != DefaultSigma || s.Range != DefaultRange {
				t.Errorf("bearing %v, sigma %v, range %v; want %v, %v, %v",
					s.Bearing, s.Sigma, s.Range, tt.out, DefaultSigma, DefaultRange)
			}
		})
	}
}
