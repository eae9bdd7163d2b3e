package tiles

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

var update = flag.Bool("update", false, "rewrite the golden tiles in testdata/")

// goldens are tiles whose exact bytes are kept in testdata, so that any
// change to the encoding shows up in review.
var goldens = []struct {
	name string
	addr string
}{
	{"districts-z6", "districts/6/51/26.mvt"},
	{"cameras-clustered-z7", "cameras/7/102/52.mvt"},
	{"jiangbei-z16", "districts,markets,vehicles/16/52168/27122.mvt"},
}

func TestRenderGolden(t *testing.T) {
	w := testWorld(t, 3000)
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			a, err := Parse(g.addr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Render(w, a)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", g.name+".mvt.golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("tile %s: %d bytes differ from the golden %d bytes (run with -update if the change is intended)", g.addr, len(got), len(want))
			}
		})
	}
}

func decode(t *testing.T, b []byte) map[string]*mvt.Layer {
	t.Helper()
	ls, err := mvt.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		out[l.Name] = l
	}
	return out
}

// TestRenderContent decodes tiles and checks what a client relies on.
func TestRenderContent(t *testing.T) {
	w := testWorld(t, 3000)
	get := func(addr string) map[string]*mvt.Layer {
		a, _ := Parse(addr)
		b, err := Render(w, a)
		if err != nil {
			t.Fatal(err)
		}
		return decode(t, b)
	}
	t.Run("polygons are wound for MVT and stay in the buffer", func(t *testing.T) {
		for _, l := range get("districts,markets/16/52168/27122.mvt") {
			for _, f := range l.Features {
				b := f.Geometry.Bound()
				if b.Min[0] < -Buffer || b.Min[1] < -Buffer || b.Max[0] > Extent+Buffer || b.Max[1] > Extent+Buffer {
					t.Errorf("%s: geometry %v outside tile and buffer", l.Name, b)
				}
				var polys []orb.Polygon
				switch g := f.Geometry.(type) {
				case orb.Polygon:
					polys = []orb.Polygon{g}
				case orb.MultiPolygon:
					polys = g
				}
				for _, p := range polys {
					for i, r := range p {
						if want := exteriorOrientation(i == 0); r.Orientation() != want {
							t.Errorf("%s ring %d: orientation %v, want %v", l.Name, i, r.Orientation(), want)
						}
					}
				}
			}
		}
	})
	t.Run("the market keeps its courtyard", func(t *testing.T) {
		ls := get("markets/16/52168/27122.mvt")
		p, ok := ls["markets"].Features[0].Geometry.(orb.Polygon)
		if !ok || len(p) != 2 {
			t.Fatalf("market geometry %T with %d rings, want a polygon with a hole", ls["markets"].Features[0].Geometry, len(p))
		}
	})
	t.Run("properties are the tile fields and the id", func(t *testing.T) {
		ls := get("vehicles/16/52168/27122.mvt")
		f := ls["vehicles"].Features[0]
		if f.Properties["plate"] == nil || f.Properties["id"] == nil || f.Properties["driver"] != nil {
			t.Fatalf("properties %v", f.Properties)
		}
		if id, ok := f.ID.(float64); !ok || uint64(id) != NumericID("vehicles", f.Properties["id"].(string)) {
			t.Fatalf("feature id %v", f.ID)
		}
	})
	t.Run("labels sit in one tile only", func(t *testing.T) {
		n := 0
		for x := 48; x <= 53; x++ {
			for y := 24; y <= 28; y++ {
				a := Address{Layers: []string{"districts"}, Z: 6, X: x, Y: y}
				b, _ := Render(w, a)
				if l := decode(t, b)["districts"+LabelSuffix]; l != nil {
					n += len(l.Features)
				}
			}
		}
		if n != 38 {
			t.Fatalf("%d district labels over z6, want 38", n)
		}
	})
	t.Run("low zooms are simplified", func(t *testing.T) {
		count := func(addr string) int {
			n := 0
			for _, f := range get(addr)["districts"].Features {
				n += vertices(f.Geometry)
			}
			return n
		}
		z6 := count("districts/6/51/26.mvt")
		z8 := 0 // the same area in sixteen z8 tiles
		for x := 51 * 4; x < 52*4; x++ {
			for y := 26 * 4; y < 27*4; y++ {
				if b, _ := Render(w, Address{Layers: []string{"districts"}, Z: 8, X: x, Y: y}); b != nil {
					for _, f := range decode(t, b)["districts"].Features {
						z8 += vertices(f.Geometry)
					}
				}
			}
		}
		raw := 0
		ds, _ := w.Search("districts", Bound(6, 51, 26, Buffer))
		for _, d := range ds {
			raw += vertices(d.Geometry)
		}
		if z6*3 > raw || z6*2 > z8 {
			t.Fatalf("z6 tile keeps %d vertices, the z8 tiles of its area %d, the data %d: a z6 tile must not carry full detail", z6, z8, raw)
		}
	})
}

func vertices(g orb.Geometry) int {
	switch g := g.(type) {
	case orb.Polygon:
		n := 0
		for _, r := range g {
			n += len(r)
		}
		return n
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			n += vertices(p)
		}
		return n
	}
	return 0
}

// TestClustersCountEveryPoint sums cluster counts and single points over
// every z6 tile: each camera is counted exactly once.
func TestClustersCountEveryPoint(t *testing.T) {
	const cameras = 3000
	w := testWorld(t, cameras)
	total, alerts := 0, 0
	min, max := maptile.At(orb.Point{105.4, 32.2}, 6), maptile.At(orb.Point{110.3, 28.1}, 6)
	for x := min.X; x <= max.X; x++ {
		for y := min.Y; y <= max.Y; y++ {
			b, err := Render(w, Address{Layers: []string{"cameras"}, Z: 6, X: int(x), Y: int(y)})
			if err != nil {
				t.Fatal(err)
			}
			if b == nil {
				continue
			}
			for _, f := range decode(t, b)["cameras"].Features {
				if n, ok := f.Properties["point_count"].(float64); ok {
					total += int(n)
					alerts += int(f.Properties["alert_count"].(float64))
					continue
				}
				if strings.HasPrefix(f.Properties["id"].(string), "cam-") {
					total++
				}
			}
		}
	}
	if total != cameras {
		t.Fatalf("clusters and points count %d cameras, want %d", total, cameras)
	}
	if alerts == 0 {
		t.Fatal("no cluster counts a camera in alarm")
	}
}
