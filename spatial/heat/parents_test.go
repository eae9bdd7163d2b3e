package heat_test

import (
	"math"
	"testing"

	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// family returns the seven resolution-8 children of jinyun's resolution-7
// cell, and that cell.
func family(t *testing.T) ([]cells.Cell, cells.Cell) {
	t.Helper()
	p := mustOf(t, jinyun, 7)
	kids, err := p.Children(8)
	if err != nil || len(kids) != 7 {
		t.Fatalf("Children: %v, %v", kids, err)
	}
	return kids, p
}

// TestParents checks a parent's mean, maximum, cell count and class, in
// a heat wave (W = 1), where each child's score is its fuel.
func TestParents(t *testing.T) {
	fuels := []float64{0.1, 0.2, 0.3, 0.6, 0.6, 0.8, 0.95} // classes 1 1 2 3 3 4 5
	tests := []struct {
		name  string
		share float64
		class int
	}{
		{"the 90th percentile by default", 0, 5}, // 0.7 of a cell: the highest
		{"a third", 1.0 / 3, 3},                  // 2.33 cells: 5 and 4 are too few
		{"the median", 0.5, 3},
		{"all", 1, 1},
	}
	kids, p := family(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGrid(t, heat.Options{ParentShare: tt.share}, kids, 0, heatWave)
			for i, c := range kids {
				if err := g.SetFuel(c, fuels[i], "500109"); err != nil {
					t.Fatal(err)
				}
			}
			s := mustScore(t, g, p)
			if !near(s.Score, 0.5071428571428571, 1e-12) || s.Max != 0.95 || s.Cells != 7 || s.Class != tt.class {
				t.Errorf("parent: score %v, max %v, cells %d, class %d; want 0.507, 0.95, 7, %d",
					s.Score, s.Max, s.Cells, s.Class, tt.class)
			}
			if !near(s.Fuel, s.Score, 1e-12) || s.Weather != 1 || s.District != "500109" {
				t.Errorf("parent parts: fuel %v, weather %v, district %q", s.Fuel, s.Weather, s.District)
			}
		})
	}
}

// TestParentMaxFalls checks that when the highest cell under a parent
// falls, every parent up to resolution 5 takes the next highest.
func TestParentMaxFalls(t *testing.T) {
	kids, _ := family(t)
	cs := patch(t, jinyun, 6)
	g := newGrid(t, heat.Options{}, cs, 0.5, heatWave)
	if err := g.SetFuel(kids[3], 0.9, "500109"); err != nil {
		t.Fatal(err)
	}
	if err := g.SetFuel(kids[5], 0.7, "500109"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []float64{0.9, 0.7, 0.5} {
		for res := 5; res <= 7; res++ {
			if s := mustScore(t, g, mustOf(t, jinyun, res)); s.Max != want {
				t.Errorf("max at resolution %d: %v, want %v", res, s.Max, want)
			}
		}
		// Lower the highest cell to the common fuel.
		for _, c := range kids {
			if s := mustScore(t, g, c); s.Score == want && want > 0.5 {
				if err := g.SetFuel(c, 0.5, "500109"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestParentsMatchChildren checks every parent of a grid after a mix of
// events against its resolution-8 cells.
func TestParentsMatchChildren(t *testing.T) {
	g, all := mixedGrid(t)
	for _, res := range []int{5, 6, 7} {
		for _, s := range g.Cells(all, res) {
			var n int
			var sum, mx float64
			var counts [5]int
			kids, _ := s.Cell.Children(8)
			for _, k := range kids {
				if ks, ok := g.Score(k); ok {
					n++
					sum += ks.Score
					mx = math.Max(mx, ks.Score)
					counts[ks.Class-1]++
				}
			}
			if n != s.Cells || !near(sum/float64(n), s.Score, 1e-9) || mx != s.Max {
				t.Fatalf("%v (res %d): %d cells, mean %v, max %v; its children say %d, %v, %v",
					s.Cell, res, s.Cells, s.Score, s.Max, n, sum/float64(n), mx)
			}
			if want := percentileClass(counts, 0.1); s.Class != want {
				t.Fatalf("%v (res %d): class %d, its children's counts %v say %d", s.Cell, res, s.Class, counts, want)
			}
		}
	}
}

// percentileClass is the class rule written out: the highest class k with
// at least share of the cells in classes k and above.
func percentileClass(counts [5]int, share float64) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	reach := 0
	for k := 5; k >= 1; k-- {
		reach += counts[k-1]
		if reach > 0 && float64(reach) >= share*float64(n) {
			return k
		}
	}
	return 0
}
