package main

import "testing"

func TestZigzag(t *testing.T) {
	tests := []struct{ in, want int }{{0, 0}, {1, -1}, {2, 1}, {3, -2}, {4, 2}, {63, -32}}
	for _, tt := range tests {
		if got := zigzag(tt.in); got != tt.want {
			t.Errorf("zigzag(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestDecodeRing(t *testing.T) {
	// "@@" is the zero delta of the first vertex; 'B' (66-64=2) is +1 and 'A' is -1.
	got, err := decodeRing("@@BABB", [2]int{106 * 1024, 29 * 1024})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{106, 29}, {106.000977, 28.999023}, {106.001953, 29}, {106, 29}}
	if len(got) != len(want) {
		t.Fatalf("decodeRing = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("vertex %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestClipLine(t *testing.T) {
	box := [4]float64{0, 0, 10, 10}
	tests := []struct {
		name string
		in   [][2]float64
		want int // pieces
	}{
		{"inside", [][2]float64{{1, 1}, {2, 2}, {3, 1}}, 1},
		{"outside", [][2]float64{{-5, -5}, {-1, -1}}, 0},
		{"leaves and comes back", [][2]float64{{5, 5}, {15, 5}, {15, 6}, {5, 6}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clipLine(tt.in, box)
			if len(got) != tt.want {
				t.Errorf("clipLine = %v, want %d pieces", got, tt.want)
			}
			for _, piece := range got {
				for _, p := range piece {
					if p[0] < 0 || p[0] > 10 || p[1] < 0 || p[1] > 10 {
						t.Errorf("point %v outside the box", p)
					}
				}
			}
		})
	}
}
