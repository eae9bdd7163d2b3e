package bearing

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

func TestCluster(t *testing.T) {
	// Two fires on 缙云山 10 km apart, and a third 25 km away across the
	// Jialing river; cameras 1.5–4 km from the fire they see.
	f1 := jinyun
	f2 := spatial.Destination(jinyun, 100, 10000)
	f3 := spatial.Destination(jinyun, 60, 25000)
	a := cam{ID: "cam-a", From: 225, Dist: 3000}
	b := cam{ID: "cam-b", From: 315, Dist: 2500, Min: 2}
	g := cam{ID: "cam-g", From: 90, Dist: 1500, Min: 3}
	c := cam{ID: "cam-c", From: 45, Dist: 3000, Min: 1}
	d := cam{ID: "cam-d", From: 135, Dist: 3500, Min: 4}
	e := cam{ID: "cam-e", From: 200, Dist: 4000, Min: 5}
	with := func(c cam, err, min float64) cam { c.Err, c.Min = err, min; return c }
	type want struct {
		kind    Kind
		sources []string
		near    orb.Point // within tol metres of Point
		tol     float64
	}
	tests := []struct {
		name  string
		in    []Sighting
		opt   Options
		wants []want // in the order returned
	}{
		{"two fires, four cameras",
			append(sightings(f1, a, b), sightings(f2, c, d)...), Options{},
			[]want{{Located, []string{"cam-c", "cam-d"}, f2, 3}, {Located, []string{"cam-a", "cam-b"}, f1, 3}}},
		{"noisy bearings",
			append(sightings(f1, with(a, 1.5, 0), with(b, -2, 2)), sightings(f2, with(c, -1, 1), with(d, 2, 4))...), Options{},
			[]want{{Located, []string{"cam-c", "cam-d"}, f2, 150}, {Located, []string{"cam-a", "cam-b"}, f1, 150}}},
		{"older reports are replaced",
			append(sightings(f1, with(a, 90, -3), a, b, with(b, -60, 1)), sightings(f2, d, c, with(c, 45, -2))...), Options{},
			[]want{{Located, []string{"cam-c", "cam-d"}, f2, 3}, {Located, []string{"cam-a", "cam-b"}, f1, 3}}},
		{"three cameras on one fire come first",
			append(sightings(f2, c, d), sightings(f1, a, b, g)...), Options{},
			[]want{{Located, []string{"cam-a", "cam-b", "cam-g"}, f1, 3}, {Located, []string{"cam-c", "cam-d"}, f2, 3}}},
		{"a lone camera gives a sector",
			append(append(sightings(f1, a, b), sightings(f2, c, d)...), sightings(f3, e)...), Options{},
			[]want{{Located, []string{"cam-c", "cam-d"}, f2, 3}, {Located, []string{"cam-a", "cam-b"}, f1, 3},
				{Sector, []string{"cam-e"}, e.sighting(f3).Origin, DefaultRange}}},
		{"a camera that disagrees is left on its own",
			sightings(f1, a, b, with(g, 180, 3)), Options{},
			[]want{{Located, []string{"cam-a", "cam-b"}, f1, 3}, {Sector, []string{"cam-g"}, g.sighting(f1).Origin, DefaultRange}}},
		{"sightings an hour apart are not grouped",
			sightings(f1, a, with(b, 0, 60)), Options{},
			[]want{{Sector, []string{"cam-b"}, b.sighting(f1).Origin, DefaultRange}, {Sector, []string{"cam-a"}, a.sighting(f1).Origin, DefaultRange}}},
		{"unless the window is wider",
			sightings(f1, a, with(b, 0, 60)), Options{Window: 61 * 60e9},
			[]want{{Located, []string{"cam-a", "cam-b"}, f1, 3}}},
		{"none", nil, Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cluster(tt.in, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.wants) {
				t.Fatalf("%d estimates, want %d: %v", len(got), len(tt.wants), summary(got))
			}
			for i, w := range tt.wants {
				e := got[i]
				checkEstimate(t, e)
				if e.Kind != w.kind || !slices.Equal(e.Sources, w.sources) {
					t.Errorf("estimate %d: %v from %q, want %v from %q", i, e.Kind, e.Sources, w.kind, w.sources)
				}
				if d := spatial.Distance(e.Point, w.near); d > w.tol {
					t.Errorf("estimate %d: Point is %.1f m from where expected, want within %.0f m", i, d, w.tol)
				}
			}
		})
	}
}

// summary lists estimates' kinds and sources, for failure messages.
func summary(es []Estimate) []string {
	var s []string
	for _, e := range es {
		s = append(s, fmt.Sprintf("%v from %q", e.Kind, e.Sources))
	}
	return s
}
