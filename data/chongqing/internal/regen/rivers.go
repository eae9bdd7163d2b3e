package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// riverBox is the area kept from the GMT output, a little larger than Chongqing
// (lon 105.29–110.19, lat 28.16–32.20); GMT returns whole 1° bins around it.
var riverBox = [4]float64{105.0, 28.0, 110.5, 32.5}

// namedRivers lists the three rivers that are named, each by a chain of waypoints
// (lon, lat) at well-known cities on its course. The name goes to the shortest path
// through the river network from waypoint to waypoint, each snapped to the nearest
// vertex; buildRivers fails if a waypoint is more than maxSnapKM from the network.
var namedRivers = []struct {
	Name, NameEN string
	Waypoints    [][2]float64
}{
	{"长江", "Yangtze", [][2]float64{
		{105.0, 28.837},   // where it enters the box, upstream of 泸州 Luzhou (Sichuan)
		{105.44, 28.87},   // 泸州 Luzhou
		{106.589, 29.566}, // 朝天门 Chaotianmen, Yuzhong
		{107.39, 29.71},   // 涪陵 Fuling
		{108.40, 30.80},   // 万州 Wanzhou
		{109.88, 31.07},   // 巫山 Wushan
		{110.33, 31.04},   // 巴东 Badong (Hubei), downstream of Chongqing
		{110.5, 31.03},    // where it leaves the box
	}},
	{"嘉陵江", "Jialing", [][2]float64{
		{106.589, 29.566}, // 朝天门 Chaotianmen, the confluence with the Yangtze
		{106.44, 29.83},   // 北碚 Beibei
		{106.27, 29.99},   // 合川 Hechuan
		{106.08, 30.80},   // 南充 Nanchong (Sichuan)
		{105.97, 31.56},   // 阆中 Langzhong (Sichuan)
		{105.86, 32.5},    // where it leaves the box, near 广元 Guangyuan (Sichuan)
	}},
	{"乌江", "Wu", [][2]float64{
		{107.39, 29.71},  // 涪陵 Fuling, the confluence with the Yangtze
		{107.76, 29.325}, // 武隆 Wulong
		{108.165, 29.29}, // 彭水 Pengshui
		{108.218, 28.0},  // where it leaves the box, near 思南 Sinan (Guizhou)
	}},
}

const maxSnapKM = 3.0

// segment is one polyline of the GMT output with its WDBII river level.
type segment struct {
	level int
	pts   [][2]float64
}

// buildRivers reads `gmt coast -M -I...` output, clips it to riverBox, joins the
// per-bin pieces into polylines and names the main rivers.
func buildRivers(path string) ([]feature, error) {
	segs, err := readGMT(path)
	if err != nil {
		return nil, err
	}
	var clipped []segment
	for _, s := range segs {
		for _, pts := range clipLine(s.pts, riverBox) {
			clipped = append(clipped, segment{level: s.level, pts: pts})
		}
	}
	g := newGraph(clipped)
	var out []feature
	named := map[int]bool{}
	for _, r := range namedRivers {
		edges, err := g.route(r.Waypoints)
		if err != nil {
			return nil, fmt.Errorf("regen: %s: %w", r.NameEN, err)
		}
		edges = trimNamed(edges, named)
		line := g.join(edges)
		for _, e := range edges {
			named[e] = true
		}
		props, _ := json.Marshal(map[string]any{"name": r.Name, "name_en": r.NameEN, "level": g.mainLevel(edges)})
		out = append(out, feature{Type: "Feature", ID: strings.ToLower(r.NameEN), Properties: props,
			Geometry: geometry{Type: "LineString", Coordinates: roundLine(line)}})
	}
	chains := g.chains(named)
	sort.SliceStable(chains, func(i, j int) bool { return chains[i].level < chains[j].level })
	for _, c := range chains {
		props, _ := json.Marshal(map[string]any{"level": c.level})
		out = append(out, feature{Type: "Feature", Properties: props,
			Geometry: geometry{Type: "LineString", Coordinates: roundLine(c.pts)}})
	}
	return out, nil
}

// trimNamed drops the edges at either end of path that an earlier river already
// owns, such as the stretch of the Yangtze between a confluence waypoint and the
// point where WDBII's tributary actually joins it.
func trimNamed(path []int, named map[int]bool) []int {
	for len(path) > 0 && named[path[0]] {
		path = path[1:]
	}
	for len(path) > 0 && named[path[len(path)-1]] {
		path = path[:len(path)-1]
	}
	return path
}

// readGMT parses GMT multi-segment text whose headers read "> River Bin # N, Level L".
func readGMT(path string) ([]segment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("regen: %w", err)
	}
	defer f.Close()
	var segs []segment
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, ">"):
			i := strings.LastIndex(line, "Level ")
			if i < 0 {
				return nil, fmt.Errorf("regen: %s:%d: header without level: %q", path, n, line)
			}
			lv, err := strconv.Atoi(strings.TrimSpace(line[i+len("Level "):]))
			if err != nil {
				return nil, fmt.Errorf("regen: %s:%d: %w", path, n, err)
			}
			segs = append(segs, segment{level: lv})
		default:
			fs := strings.Fields(line)
			if len(segs) == 0 || len(fs) < 2 {
				return nil, fmt.Errorf("regen: %s:%d: unexpected line %q", path, n, line)
			}
			x, err1 := strconv.ParseFloat(fs[0], 64)
			y, err2 := strconv.ParseFloat(fs[1], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("regen: %s:%d: bad coordinates %q", path, n, line)
			}
			s := &segs[len(segs)-1]
			p := [2]float64{round6(x), round6(y)}
			if len(s.pts) == 0 || s.pts[len(s.pts)-1] != p {
				s.pts = append(s.pts, p)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("regen: read %s: %w", path, err)
	}
	return segs, nil
}

// clipLine cuts a polyline to the box (minX, minY, maxX, maxY) with Liang–Barsky
// clipping per segment, returning the pieces inside.
func clipLine(pts [][2]float64, box [4]float64) [][][2]float64 {
	var out [][][2]float64
	var cur [][2]float64
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		t0, t1 := 0.0, 1.0
		dx, dy := b[0]-a[0], b[1]-a[1]
		ok := true
		for _, c := range [4][2]float64{{-dx, a[0] - box[0]}, {dx, box[2] - a[0]}, {-dy, a[1] - box[1]}, {dy, box[3] - a[1]}} {
			p, q := c[0], c[1]
			if p == 0 {
				if q < 0 {
					ok = false
				}
				continue
			}
			t := q / p
			if p < 0 && t > t0 {
				t0 = t
			} else if p > 0 && t < t1 {
				t1 = t
			}
		}
		if !ok || t0 > t1 {
			flush()
			continue
		}
		pa := [2]float64{round6(a[0] + t0*dx), round6(a[1] + t0*dy)}
		pb := [2]float64{round6(a[0] + t1*dx), round6(a[1] + t1*dy)}
		if len(cur) == 0 || cur[len(cur)-1] != pa {
			flush()
			cur = append(cur, pa)
		}
		if pb != pa {
			cur = append(cur, pb)
		}
		if t1 < 1 {
			flush()
		}
	}
	flush()
	return out
}

func roundLine(pts [][2]float64) [][2]float64 {
	out := make([][2]float64, len(pts))
	for i, p := range pts {
		out[i] = [2]float64{round6(p[0]), round6(p[1])}
	}
	return out
}
