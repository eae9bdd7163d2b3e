package bearing

import (
	"math/rand/v2"
	"testing"

	"lookout/spatial"
)

// TestMoreCamerasShrink checks that an added or more precise camera
// shrinks the uncertainty. With exact bearings Point stays on the fire, so
// Radius can only shrink as Area does; the third and fourth cameras are
// placed to cut the corners of the region that set Radius.
func TestMoreCamerasShrink(t *testing.T) {
	a := cam{ID: "a", From: 225, Dist: 3000}
	b := cam{ID: "b", From: 135, Dist: 3500}
	c := cam{ID: "c", From: 315, Dist: 2500}
	d := cam{ID: "d", From: 45, Dist: 4000}
	precise := func(c cam) cam { c.Sigma = 1; return c }
	tests := []struct {
		name        string
		fewer, more []cam
	}{
		{"a third camera", []cam{a, b}, []cam{a, b, c}},
		{"a fourth camera", []cam{a, b, c}, []cam{a, b, c, d}},
		{"precise cameras", []cam{a, b}, []cam{precise(a), precise(b)}},
		{"one precise camera of three", []cam{a, b, c}, []cam{a, b, precise(c)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			few, err := Locate(sightings(jinyun, tt.fewer...))
			if err != nil {
				t.Fatal(err)
			}
			more, err := Locate(sightings(jinyun, tt.more...))
			if err != nil {
				t.Fatal(err)
			}
			if !(more.AreaKm2 < few.AreaKm2) {
				t.Errorf("AreaKm2 = %.4f, want less than %.4f", more.AreaKm2, few.AreaKm2)
			}
			if !(more.Radius < few.Radius) {
				t.Errorf("Radius = %.1f m, want less than %.1f m", more.Radius, few.Radius)
			}
			if !spatial.Contains(more.Area, jinyun) {
				t.Error("the fire is not inside Area")
			}
		})
	}
}

// TestMoreCamerasShrinkNoisy adds a third camera to two with bearings off
// by up to ±2°. Area never grows (it is the old region cut by one more
// cone); Radius, measured from a Point that the noise moves, shrinks in
// nearly every trial and clearly on average when the third camera faces
// the corners of the two-camera region that set Radius.
func TestMoreCamerasShrinkNoisy(t *testing.T) {
	tests := []struct {
		name     string
		third    cam
		maxRatio float64 // of mean Radius, three cameras to two
	}{
		{"from the north-west", cam{ID: "c", From: 315, Dist: 2500}, 0.85},
		{"from the north-east", cam{ID: "c", From: 45, Dist: 2500}, 0.9},
		{"precise, from the west", cam{ID: "c", From: 270, Dist: 2500, Sigma: 1}, 0.95},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 11))
			const trials = 500
			var grew int
			var sum2, sum3 float64
			for trial := range trials {
				cams := []cam{{ID: "a", From: 225, Dist: 3000}, {ID: "b", From: 135, Dist: 3500}, tt.third}
				for i := range cams {
					bound := 2.0 // degrees, 1σ of the default Sigma
					if cams[i].Sigma > 0 {
						bound = min(bound, cams[i].Sigma)
					}
					cams[i].Err = (2*r.Float64() - 1) * bound
				}
				two, err2 := Locate(sightings(jinyun, cams[:2]...))
				three, err3 := Locate(sightings(jinyun, cams...))
				if err2 != nil || err3 != nil {
					t.Fatal(err2, err3)
				}
				if three.AreaKm2 > two.AreaKm2*(1+1e-9) {
					t.Fatalf("trial %d: AreaKm2 grew from %.4f to %.4f", trial, two.AreaKm2, three.AreaKm2)
				}
				if three.Radius >= two.Radius {
					grew++
				}
				sum2, sum3 = sum2+two.Radius, sum3+three.Radius
			}
			t.Logf("Radius grew in %d of %d trials; mean %.0f m → %.0f m", grew, trials, sum2/trials, sum3/trials)
			if grew > trials/50 {
				t.Errorf("Radius grew in %d of %d trials, want at most 2%%", grew, trials)
			}
			if ratio := sum3 / sum2; ratio > tt.maxRatio {
				t.Errorf("mean Radius went from %.0f m to %.0f m (×%.2f), want ×%.2f or less", sum2/trials, sum3/trials, ratio, tt.maxRatio)
			}
		})
	}
}
