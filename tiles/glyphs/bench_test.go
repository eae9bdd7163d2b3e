package glyphs

import "testing"

// BenchmarkRange measures the generation of the 0-255 range of Go Regular
// from a fresh Set (cold: rasterising and distance-transforming ~190 glyphs)
// and the cached lookup every later request takes.
func BenchmarkRange(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s := New()
			b.StartTimer()
			if _, err := s.Range("Go Regular", 0, 255); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		s := New()
		if _, err := s.Range("Go Regular", 0, 255); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Range("Go Regular", 0, 255); err != nil {
				b.Fatal(err)
			}
		}
	})
}
