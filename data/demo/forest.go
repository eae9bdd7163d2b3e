package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Camera models: pan-tilt (often dual-spectrum, visible and thermal) and
// fixed bullet cameras of the kinds used for forest fire watch.
var (
	panTiltModels = []string{"海康威视 DS-2TD6237-75C4L", "海康威视 iDS-2DF8C840IXS", "大华 DH-TPC-PT8621A",
		"大华 DH-SD6CE245XA", "宇视 TIC6641SE", "高新兴 GXX-PT7020"}
	fixedModels = []string{"海康威视 DS-2CD3T87", "大华 DH-IPC-HFW5849T", "宇视 IPC2A4L-IR", "天地伟业 TC-C35XS"}
)

// minCameraSpacing keeps cameras from crowding onto the same hilltop.
const minCameraSpacing = 1500.0

// cameras places NumCameras cameras over the districts by area and forest
// cover. Each goes to the highest of several candidate points, then climbs
// uphill, as watch cameras stand on high ground.
func (g *gen) cameras() {
	r := g.rng("cameras")
	codes, weights := g.forestWeights()
	counts := apportion(NumCameras, weights)
	grid := newSpacing(minCameraSpacing)
	for di, code := range codes {
		rg := g.region(code)
		short := shortName(g.byCode[code].Name)
		hills := map[string]int{}
		free := func(q orb.Point) bool { return rg.contains(q) && !grid.crowded(q) }
		for k := 0; k < counts[di]; k++ {
			// The higher of a few uncrowded candidates, then a short climb to
			// the local hilltop. Both are kept local on purpose: the terrain
			// rises smoothly over tens of kilometres, and a long climb would
			// line cameras up along district borders.
			var p orb.Point
			h := -1.0
			for c := 0; c < 2 || h < 0 && c < 60; c++ {
				q := rg.sample(r)
				if qh := g.terrain.Elevation(q); qh > h && !grid.crowded(q) {
					p, h = q, qh
				}
			}
			if h < 0 {
				p = rg.sample(r)
				h = g.terrain.Elevation(p)
			} else {
				p, h = g.terrain.climb(p, free, 300, 4)
			}
			grid.add(p)
			g.cams = append(g.cams, site{p, code})
			hill := toponym(r, hillTails)
			hills[hill]++
			panTilt := r.IntN(100) < 40
			fov, model := float64(pick(r, []int{60, 90, 120})), pick(r, fixedModels)
			if panTilt {
				fov, model = 360, pick(r, panTiltModels)
			}
			status, seen := deviceStatus(r, 93, 4)
			g.put("cameras", fmt.Sprintf("cam-%s-%04d", code, k+1), p, seen, map[string]any{
				"name":     fmt.Sprintf("%s%s%d号高点监控", short, hill, hills[hill]),
				"district": code, "status": status, "heading": float64(r.IntN(360)), "fov": fov,
				"range_m": 5000.0, "elevation_m": round(h, 1), "pan_tilt": panTilt, "model": model,
				"last_seen": seen,
			})
		}
	}
}

// deviceStatus draws a device status (online, offline or fault, by the
// given percentages with the rest fault) and when it last reported.
func deviceStatus(r *rand.Rand, onlinePct, offlinePct int) (string, time.Time) {
	switch x := r.IntN(100); {
	case x < onlinePct:
		return "online", ago(time.Duration(r.IntN(300)) * time.Second)
	case x < onlinePct+offlinePct:
		return "offline", ago(minutes(r, 120, 7*24*60))
	default:
		return "fault", ago(minutes(r, 10, 360))
	}
}

// irDetectors clusters NumIRDetectors detectors around the forest areas,
// by each area's size.
func (g *gen) irDetectors() {
	r := g.rng("ir_detectors")
	areas := g.forestAreas(r)
	weights := make([]float64, len(areas))
	for i, a := range areas {
		weights[i] = a.weight
	}
	counts := apportion(NumIRDetectors, weights)
	perDistrict := map[string]int{}
	for ai, a := range areas {
		rg := g.region(a.code)
		sigma := 800 + 500*a.weight
		for k := 0; k < counts[ai]; k++ {
			p := rg.near(r, a.p, sigma)
			g.irs = append(g.irs, site{p, a.code})
			perDistrict[a.code]++
			status, seen := deviceStatus(r, 95, 3)
			battery := math.Max(5, math.Min(100, 78+r.NormFloat64()*15))
			if status == "offline" {
				battery = uniform(r, 0, 12)
			}
			g.put("ir_detectors", fmt.Sprintf("ir-%s-%04d", a.code, perDistrict[a.code]), p, seen, map[string]any{
				"name":     fmt.Sprintf("%s红外探测点%03d", a.name, k+1),
				"district": a.code, "status": status, "scenic_area": a.name,
				"battery": round(battery, 0), "flame": 0.0, "last_seen": seen,
			})
		}
	}
}

// hotspots emits a handful of recent hot spots: one new and one verified,
// the rest extinguished or false alarms from the days before Epoch.
func (g *gen) hotspots() {
	r := g.rng("hotspots")
	n := 8 + r.IntN(8)
	codes, weights := g.forestWeights()
	sources := []string{"viirs", "modis", "camera", "ir", "patrol"}
	for i := 0; i < n; i++ {
		src := sources[weighted(r, []float64{30, 15, 20, 15, 20})]
		var p orb.Point
		switch src {
		case "camera":
			c := pick(r, g.cams)
			p = offset(c.p, uniform(r, 0, 360), uniform(r, 800, 4500))
			if !g.region(c.code).contains(p) {
				p = g.region(c.code).near(r, c.p, 1500)
			}
		case "ir":
			d := pick(r, g.irs)
			p = g.region(d.code).near(r, d.p, 60)
		default:
			p = g.region(codes[weighted(r, weights)]).sample(r)
		}
		status, age := "extinguished", minutes(r, 6*60, 5*24*60)
		switch {
		case i == 0:
			status, age = "new", minutes(r, 15, 50)
		case i == 1:
			status, age = "verified", minutes(r, 60, 180)
		case r.IntN(100) < 45:
			status = "false_alarm"
		}
		props := map[string]any{"district": g.district(p), "source": src, "status": status, "detected": ago(age)}
		switch src {
		case "viirs":
			props["confidence"] = pick(r, []string{"low", "nominal", "nominal", "high"})
			props["frp"], props["brightness"] = round(uniform(r, 1, 25), 2), round(uniform(r, 300, 367), 2)
			props["scan_km"], props["track_km"] = round(uniform(r, 0.36, 0.6), 2), round(uniform(r, 0.38, 0.55), 2)
		case "modis":
			props["confidence"] = fmt.Sprint(40 + r.IntN(60))
			props["frp"], props["brightness"] = round(uniform(r, 5, 60), 1), round(uniform(r, 310, 360), 1)
			props["scan_km"], props["track_km"] = round(uniform(r, 1.0, 2.5), 1), round(uniform(r, 1.0, 1.5), 1)
		case "camera", "ir":
			props["confidence"] = pick(r, []string{"medium", "high"})
		}
		g.put("hotspots", fmt.Sprintf("hs-%04d", i+1), p, ago(age), props)
	}
}

// spacing is a hash grid of points that answers "is any point within d
// metres?" in constant time.
type spacing struct {
	d     float64
	cells map[[2]int][]orb.Point
}

func newSpacing(d float64) *spacing { return &spacing{d: d, cells: map[[2]int][]orb.Point{}} }

// key returns the cell of p. Cells are at least d metres wide up to
// latitude 32.8° (a degree of longitude is shortest in the north), which
// covers Chongqing.
func (s *spacing) key(p orb.Point) [2]int {
	lat := s.d / spatial.MetresPerDegree
	lon := lat / 0.84
	return [2]int{int(math.Floor(p[0] / lon)), int(math.Floor(p[1] / lat))}
}

func (s *spacing) add(p orb.Point) { k := s.key(p); s.cells[k] = append(s.cells[k], p) }

// crowded reports whether a point already added lies within d metres of p.
func (s *spacing) crowded(p orb.Point) bool {
	k := s.key(p)
	f := newFrame(p)
	for dx := -1; dx <= 1; dx++ {
		for dy := -1; dy <= 1; dy++ {
			for _, q := range s.cells[[2]int{k[0] + dx, k[1] + dy}] {
				if x, y := f.XY(q); math.Hypot(x, y) < s.d {
					return true
				}
			}
		}
	}
	return false
}
