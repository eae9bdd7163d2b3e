package chongqing

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestRivers(t *testing.T) {
	rs, err := Rivers()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) < 10 {
		t.Fatalf("len(Rivers()) = %d, want at least 10", len(rs))
	}
	box := orb.Bound{Min: orb.Point{105, 28}, Max: orb.Point{110.5, 32.5}}
	for i, r := range rs {
		if r.Level < 1 || r.Level > 4 {
			t.Errorf("river %d: level %d, want 1 to 4", i, r.Level)
		}
		if len(r.Geometry) < 2 {
			t.Errorf("river %d: %d points, want at least 2", i, len(r.Geometry))
		}
		if b := r.Geometry.Bound(); !box.Contains(b.Min) || !box.Contains(b.Max) {
			t.Errorf("river %d: bound %v outside %v", i, b, box)
		}
	}

	tests := []struct {
		name   string
		river  string
		place  orb.Point
		withKM float64
	}{
		{"长江 at 朝天门 Chaotianmen", "长江", orb.Point{106.589, 29.566}, 1},
		{"长江 at 万州 Wanzhou", "长江", orb.Point{108.40, 30.80}, 2},
		{"长江 at 巫山 Wushan", "长江", orb.Point{109.88, 31.07}, 2},
		{"嘉陵江 at 北碚 Beibei", "嘉陵江", orb.Point{106.44, 29.83}, 2},
		{"嘉陵江 at 合川 Hechuan", "嘉陵江", orb.Point{106.27, 29.99}, 2},
		{"乌江 at 武隆 Wulong", "乌江", orb.Point{107.76, 29.325}, 2},
		{"乌江 at 彭水 Pengshui", "乌江", orb.Point{108.165, 29.29}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var line orb.LineString
			for _, r := range rs {
				if r.Name == tt.river {
					line = r.Geometry
				}
			}
			if line == nil {
				t.Fatalf("no river named %s", tt.river)
			}
			if km := lineDistM(line, tt.place) / 1000; km > tt.withKM {
				t.Errorf("%s is %.2f km from %v, want at most %.0f km", tt.river, km, tt.place, tt.withKM)
			}
		})
	}
}

// lineDistM returns the distance in metres from p to a line, in a local
// equirectangular projection centred on p.
func lineDistM(ls orb.LineString, p orb.Point) float64 {
	kx := spatial.MetresPerDegree * math.Cos(p[1]*math.Pi/180)
	best := math.Inf(1)
	for i := 0; i+1 < len(ls); i++ {
		d := originToSegment((ls[i][0]-p[0])*kx, (ls[i][1]-p[1])*spatial.MetresPerDegree,
			(ls[i+1][0]-p[0])*kx, (ls[i+1][1]-p[1])*spatial.MetresPerDegree)
		best = math.Min(best, d)
	}
	return best
}
