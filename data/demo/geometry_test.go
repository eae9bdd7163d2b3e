package demo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"lookout/data/chongqing"
)

func districtsAndLocator(t testing.TB) ([]chongqing.District, *chongqing.Locator, map[string]*chongqing.District) {
	t.Helper()
	ds, err := chongqing.Districts()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*chongqing.District{}
	for i := range ds {
		by[ds[i].Code] = &ds[i]
	}
	return ds, chongqing.NewLocator(ds), by
}

// TestPointsInDistrict checks that every vehicle is in 江北区 and every
// supervised person in 渝中区, by the polygon and by the locator.
func TestPointsInDistrict(t *testing.T) {
	_, loc, by := districtsAndLocator(t)
	layers := byLayer(changes(t))
	tests := []struct {
		layer, code string
	}{
		{"vehicles", codeJiangbei},
		{"custody_persons", codeYuzhong},
		{"pharmacies", ""},
	}
	for _, tt := range tests {
		for _, c := range layers[tt.layer] {
			p := c.Geometry.(orb.Point)
			code := tt.code
			if code == "" {
				code = c.Props["district"].(string)
				if code != codeJiangbei && code != codeYuzhong {
					t.Errorf("%s/%s in %s, want 江北区 or 渝中区", tt.layer, c.ID, code)
				}
			}
			if !planar.MultiPolygonContains(by[code].Geometry, p) {
				t.Errorf("%s/%s at %v is outside %s", tt.layer, c.ID, p, by[code].Name)
			}
			if d, exact := loc.Locate(p); d == nil || !exact || d.Code != code {
				t.Errorf("%s/%s at %v: locator gives %v, want %s", tt.layer, c.ID, p, d, code)
			}
		}
	}
}

// TestDistrictField checks that every district property is what the
// locator says for the feature's point, or for a polygon its centroid.
func TestDistrictField(t *testing.T) {
	_, loc, _ := districtsAndLocator(t)
	for _, c := range changes(t) {
		want, ok := c.Props["district"].(string)
		if !ok {
			continue
		}
		var p orb.Point
		switch g := c.Geometry.(type) {
		case orb.Point:
			p = g
		case orb.Polygon:
			p = ringCentroid(g[0])
		default:
			t.Fatalf("%s/%s: unexpected geometry %T", c.Layer, c.ID, g)
		}
		if d, _ := loc.Locate(p); d == nil || d.Code != want {
			t.Errorf("%s/%s: district %s, locator says %v", c.Layer, c.ID, want, d)
		}
	}
}

// TestStalls checks that each market's stalls lie inside its hall, do not
// overlap, and number what the market says.
func TestStalls(t *testing.T) {
	ls := byLayer(changes(t))
	halls := map[string]orb.Polygon{}
	counts := map[string]int64{}
	for _, m := range ls["markets"] {
		halls[m.ID] = m.Geometry.(orb.Polygon)
		counts[m.ID] = m.Props["stalls"].(int64)
	}
	stalls := map[string][]orb.Ring{}
	for _, s := range ls["stalls"] {
		mid := s.Props["market"].(string)
		hall, ok := halls[mid]
		if !ok {
			t.Fatalf("stall %s in unknown market %s", s.ID, mid)
		}
		ring := s.Geometry.(orb.Polygon)[0]
		for _, p := range ring {
			if !planar.PolygonContains(hall, p) {
				t.Errorf("stall %s corner %v outside hall %s", s.ID, p, mid)
			}
		}
		stalls[mid] = append(stalls[mid], ring)
	}
	for mid, rings := range stalls {
		if int64(len(rings)) != counts[mid] || len(rings) < minStalls || len(rings) > maxStalls {
			t.Errorf("market %s: %d stalls, says %d, want %d..%d", mid, len(rings), counts[mid], minStalls, maxStalls)
		}
		f := newFrame(ringCentroid(halls[mid][0]))
		for i := range rings {
			for j := i + 1; j < len(rings); j++ {
				if convexOverlap(f, rings[i], rings[j]) {
					t.Errorf("market %s: stalls %d and %d overlap", mid, i+1, j+1)
				}
			}
		}
	}
}

// convexOverlap reports whether two convex rings overlap by more than a
// centimetre, by the separating axis test in a local metric frame.
func convexOverlap(f frame, a, b orb.Ring) bool {
	pa, pb := toXY(f, a), toXY(f, b)
	for _, poly := range [][][2]float64{pa, pb} {
		for i := 0; i+1 < len(poly); i++ {
			nx, ny := poly[i+1][1]-poly[i][1], poly[i][0]-poly[i+1][0]
			l := math.Hypot(nx, ny)
			nx, ny = nx/l, ny/l
			minA, maxA := project(pa, nx, ny)
			minB, maxB := project(pb, nx, ny)
			if maxA <= minB+0.01 || maxB <= minA+0.01 {
				return false
			}
		}
	}
	return true
}

func toXY(f frame, r orb.Ring) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[i][0], out[i][1] = f.XY(p)
	}
	return out
}

func project(poly [][2]float64, nx, ny float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range poly {
		d := p[0]*nx + p[1]*ny
		lo, hi = math.Min(lo, d), math.Max(hi, d)
	}
	return lo, hi
}

// TestZones checks that each supervised person has one inclusion zone and
// is inside it at home.
func TestZones(t *testing.T) {
	ls := byLayer(changes(t))
	homes := map[string]orb.Point{}
	for _, p := range ls["custody_persons"] {
		homes[p.ID] = p.Geometry.(orb.Point)
	}
	seen := map[string]bool{}
	for _, z := range ls["custody_zones"] {
		pid := z.Props["person"].(string)
		home, ok := homes[pid]
		if !ok || seen[pid] {
			t.Errorf("zone %s: person %s unknown or zoned twice", z.ID, pid)
			continue
		}
		seen[pid] = true
		if !planar.PolygonContains(z.Geometry.(orb.Polygon), home) {
			t.Errorf("zone %s does not contain the home of %s", z.ID, pid)
		}
	}
	if len(seen) != len(homes) {
		t.Errorf("%d persons have zones, %d persons", len(seen), len(homes))
	}
}

// TestCamerasOnHighGround checks that cameras stand higher than random
// points of the same districts, and that their elevation_m is the terrain's.
func TestCamerasOnHighGround(t *testing.T) {
	l, err := sharedLand()
	if err != nil {
		t.Fatal(err)
	}
	terrain := NewTerrain(42)
	r := rand.New(rand.NewPCG(1, 2))
	var cams, random float64
	cs := byLayer(changes(t))["cameras"]
	for _, c := range cs {
		p := c.Geometry.(orb.Point)
		h := terrain.Elevation(p)
		if got := c.Props["elevation_m"].(float64); math.Abs(got-h) > 0.1 {
			t.Fatalf("camera %s: elevation_m %v, terrain %v", c.ID, got, h)
		}
		cams += h
		random += terrain.Elevation(l.byCode[c.Props["district"].(string)].sample(r))
	}
	cams, random = cams/float64(len(cs)), random/float64(len(cs))
	t.Logf("mean elevation: cameras %.0f m, random points %.0f m", cams, random)
	if cams < random+100 {
		t.Errorf("cameras stand at %.0f m on average, random points at %.0f m", cams, random)
	}
}

// TestCentralDistrictsFewCameras checks that the central urban districts get
// few or no cameras and the mountain counties many.
func TestCentralDistrictsFewCameras(t *testing.T) {
	per := map[string]int{}
	for _, c := range byLayer(changes(t))["cameras"] {
		per[c.Props["district"].(string)]++
	}
	for _, code := range []string{"500103", "500104", "500105", "500106", "500107", "500108"} {
		if per[code] > 10 {
			t.Errorf("central district %s has %d cameras", code, per[code])
		}
	}
	for _, code := range []string{"500229", "500238", "500242", "500243", "500240"} {
		if per[code] < 100 {
			t.Errorf("mountain county %s has only %d cameras", code, per[code])
		}
	}
}
