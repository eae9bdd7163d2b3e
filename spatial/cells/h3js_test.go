package cells_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial/cells"
)

// updateH3JS regenerates the golden file from h3-js:
//
//	go test ./spatial/cells -run TestH3JS -update
//
// It writes the sample points (h3Samples) to a temporary file and runs
// frontend/tools/h3golden.mjs over them, which copies them into the golden
// file with h3-js's answers; that needs node and the frontend's dev
// dependencies (cd frontend && npm ci). Without -update the test only
// reads testdata/h3js.json and needs no node.
var updateH3JS = flag.Bool("update", false, "regenerate testdata/h3js.json by running node frontend/tools/h3golden.mjs")

const h3Golden = "testdata/h3js.json"

type h3Point struct {
	Name string  `json:"name"`
	Lon  float64 `json:"lon"`
	Lat  float64 `json:"lat"`
}

type h3Row struct {
	h3Point
	Cells   map[string]string `json:"cells"`   // latLngToCell by resolution
	Parents map[string]string `json:"parents"` // cellToParent of the resolution-8 cell
}

// TestH3JS checks Of and Parent against h3-js, an implementation of H3
// outside Go and cgo (the H3 C library compiled to JavaScript, so it checks
// the binding — coordinate order, degrees, resolutions, index form — more
// than H3's own geometry).
func TestH3JS(t *testing.T) {
	if *updateH3JS {
		regenerateH3JS(t)
	}
	data, err := os.ReadFile(h3Golden)
	if err != nil {
		t.Fatalf("%v (regenerate with: go test ./spatial/cells -run TestH3JS -update)", err)
	}
	var golden struct {
		H3JS   string  `json:"h3js"`
		Points []h3Row `json:"points"`
	}
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden.Points) < 150 {
		t.Fatalf("%s holds %d points, want about 200", h3Golden, len(golden.Points))
	}
	unnested := 0
	for _, row := range golden.Points {
		p := orb.Point{row.Lon, row.Lat}
		for res := 5; res <= 8; res++ {
			if got := mustOf(t, p, res).String(); got != row.Cells[strconv.Itoa(res)] {
				t.Errorf("%s %v: Of at %d = %s, h3-js says %s", row.Name, p, res, got, row.Cells[strconv.Itoa(res)])
			}
		}
		c8 := mustOf(t, p, 8)
		for res := 5; res <= 7; res++ {
			parent, err := c8.Parent(res)
			if err != nil || parent.String() != row.Parents[strconv.Itoa(res)] {
				t.Errorf("%s: %s.Parent(%d) = %s, %v; h3-js says %s", row.Name, c8, res, parent, err, row.Parents[strconv.Itoa(res)])
			}
			if row.Parents[strconv.Itoa(res)] != row.Cells[strconv.Itoa(res)] {
				unnested++
			}
		}
	}
	t.Logf("%d points checked against h3-js %s; in %d (point, resolution) pairs the parent of the resolution-8 cell is not the cell of the point", len(golden.Points), golden.H3JS, unnested)
}

// regenerateH3JS writes the sample points and runs the node script.
func regenerateH3JS(t *testing.T) {
	data, err := json.MarshalIndent(h3Samples(), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	points := filepath.Join(t.TempDir(), "h3points.json")
	if err := os.WriteFile(points, data, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join("..", "..", "frontend", "tools", "h3golden.mjs")
	out, err := exec.Command("node", script, points, h3Golden).CombinedOutput()
	if err != nil {
		t.Fatalf("node %s: %v\n%s(needs node and cd frontend && npm ci)", script, err, out)
	}
	t.Logf("%s", out)
}

// h3Samples are the points of the golden file: 150 drawn with a fixed seed
// over Chongqing's bounding box, the municipality's extreme vertices and
// some district boundary vertices, points just inside the corners of the
// cells of 解放碑 at every resolution checked (where a wrong coordinate
// order or rounding would show first), and far points — the poles, both
// sides of the antimeridian, a pentagon's centre, other continents.
func h3Samples() []h3Point {
	var out []h3Point
	r := newRand(0x43_48_33) // "CH3"
	for i := range 150 {
		p := pointIn(r, chongqing)
		out = append(out, h3Point{fmt.Sprintf("random-%03d", i), p[0], p[1]})
	}
	for _, v := range []struct {
		name string
		p    orb.Point
	}{
		{"westmost vertex (荣昌)", orb.Point{105.290039, 29.552734}},
		{"eastmost vertex (巫山)", orb.Point{110.200195, 31.15918}},
		{"northmost vertex (城口)", orb.Point{108.509766, 32.202148}},
		{"southmost vertex (秀山)", orb.Point{108.988281, 28.161133}},
		{"vertex of 万州", orb.Point{107.995117, 30.90918}},
		{"vertex of 江北", orb.Point{106.894531, 29.657227}},
		{"vertex of 北碚", orb.Point{106.649414, 30.085938}},
		{"vertex of 巴南", orb.Point{107.00293, 29.714844}},
		{"vertex of 合川", orb.Point{106.00293, 30.376953}},
		{"vertex of 梁平", orb.Point{108.035156, 30.574219}},
		{"vertex of 酉阳", orb.Point{109.053711, 29.40332}},
		{"解放碑", jiefangbei},
		{"north pole", orb.Point{0, 89.999}},
		{"south pole", orb.Point{0, -89.999}},
		{"antimeridian east", orb.Point{179.9999, 0.5}},
		{"antimeridian west", orb.Point{-179.9999, -0.5}},
		{"null island", orb.Point{0, 0}},
		{"New York", orb.Point{-74.006, 40.7128}},
		{"Sydney", orb.Point{151.2093, -33.8688}},
		{"Reykjavik", orb.Point{-21.9426, 64.1466}},
	} {
		out = append(out, h3Point{v.name, v.p[0], v.p[1]})
	}
	if pent, err := cells.Parse("8009fffffffffff"); err == nil { // a resolution-0 pentagon
		c := pent.Center()
		out = append(out, h3Point{"pentagon centre", c[0], c[1]})
	}
	for res := 5; res <= 8; res++ {
		c, _ := cells.Of(jiefangbei, res)
		centre := c.Center()
		for k, v := range c.Boundary()[0][:6] {
			// 1e-4 of the way in: 5 cm inside at resolution 8, far enough
			// from the edges that the last bit of a sine cannot move it.
			p := orb.Point{v[0] + (centre[0]-v[0])*1e-4, v[1] + (centre[1]-v[1])*1e-4}
			out = append(out, h3Point{fmt.Sprintf("corner %d of %s (res %d)", k, c, res), p[0], p[1]})
		}
	}
	return out
}
