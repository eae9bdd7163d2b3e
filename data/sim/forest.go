package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

// Forest devices send a heartbeat every heartbeat seconds. A fire starts
// every fireEvery seconds on average, the first within a few minutes so a
// fresh demo shows one soon.
const (
	heartbeat = 120.0
	fireEvery = 45 * 60.0
	// bearingNoise bounds the error of a camera's smoke bearing, in degrees.
	bearingNoise = 4.0
	// flameReach is how far from a fire a flame detector sees it, in metres.
	flameReach = 100.0
)

// urbanCodes are the districts of the city proper, where no forest fire is
// set: 渝中, 大渡口, 江北, 沙坪坝, 九龙坡, 南岸.
var urbanCodes = []string{"500103", "500104", "500105", "500106", "500107", "500108"}

// device is a forest camera or flame detector.
type device struct {
	layer    string
	id, code string
	p        orb.Point
	status   string
	heading  float64 // cameras: where a fixed camera looks,
	fov      float64 // its field of view (360 for pan-tilt)
	reach    float64 // and how far it sees smoke, in metres
	next     float64 // next heartbeat
	fire     *fire   // the fire it is reporting
	report   float64 // when it reports the fire (again)
	alarmed  bool    // it has reported the fire
	clear    float64 // when a stale alarm from before the start clears
}

// fire is a forest fire from ignition until it is out.
type fire struct {
	n          int
	p          orb.Point
	code       string
	start, end float64
	devices    []*device
	hotspotAt  float64 // 0 when no satellite sees it
}

// forest keeps the forest devices and sets fires.
type forest struct {
	r         *rand.Rand
	loc       *chongqing.Locator
	cams, irs []*device
	fires     []*fire
	nextFire  float64
	fireCount int
	hotspotN  int // the last number of a hs-sim-NNNNN hot spot
}

func newForest(e *env, loc *chongqing.Locator, cams, irs, hotspots []feature) *forest {
	f := &forest{r: stream(e.seed, "forest"), loc: loc}
	stale := 0
	load := func(fs []feature, layer string) []*device {
		var out []*device
		for i := range fs {
			x := &fs[i]
			d := &device{layer: layer, id: x.id, code: x.str("district"), p: x.point(), status: x.str("status"), fov: 360, reach: 5000,
				next: uniform(f.r, 0, heartbeat)}
			if layer == "cameras" {
				d.heading, _ = x.num("heading")
				if v, ok := x.num("fov"); ok && v > 0 {
					d.fov = v
				}
				if v, ok := x.num("range_m"); ok && v > 0 {
					d.reach = v
				}
			}
			if d.status == "alarm" {
				d.clear = uniform(f.r, 60, 600)
				stale++
			}
			out = append(out, d)
		}
		return out
	}
	f.cams, f.irs = load(cams, "cameras"), load(irs, "ir_detectors")
	for i := range hotspots {
		if n, err := strconv.Atoi(strings.TrimPrefix(hotspots[i].id, "hs-sim-")); err == nil && strings.HasPrefix(hotspots[i].id, "hs-sim-") {
			f.hotspotN = max(f.hotspotN, n)
		}
	}
	if stale > 0 {
		e.log.Info("sim: forest devices in alarm at the start will return to online", "devices", stale)
	}
	f.nextFire = e.t + uniform(f.r, 2*60, 10*60)/e.rate
	return f
}

func (f *forest) step(e *env) {
	if e.t >= f.nextFire {
		f.ignite(e)
		f.nextFire = e.after(f.r, fireEvery)
	}
	live := f.fires[:0]
	for _, fr := range f.fires {
		if f.burn(e, fr) {
			live = append(live, fr)
		}
	}
	f.fires = live
	for _, list := range [][]*device{f.cams, f.irs} {
		for _, d := range list {
			if d.clear > 0 && e.t >= d.clear && d.fire == nil {
				d.clear = 0
				d.reset(e)
			}
			if d.status != "offline" && e.t >= d.next {
				e.out.event(d.layer, d.id, "heartbeat", map[string]any{"last_seen": e.now})
				d.next = e.t + heartbeat
			}
		}
	}
}

// reset puts a device that was in alarm back to online.
func (d *device) reset(e *env) {
	props := map[string]any{"status": "online", "flame": 0.0, "last_seen": e.now}
	if d.layer == "cameras" {
		props = map[string]any{"status": "online", "smoke_bearing": nil, "smoke_confidence": nil, "last_seen": e.now}
	}
	e.out.event(d.layer, d.id, "clear", props)
	d.status, d.alarmed, d.next = "online", false, e.t+heartbeat
}

// ignite starts a fire in the forest of a district outside the city: near
// a flame detector, or a few kilometres from a camera.
func (f *forest) ignite(e *env) {
	var p orb.Point
	var code string
	for try := 0; try < 50 && code == "" && len(f.cams)+len(f.irs) > 0; try++ {
		var anchor *device
		var lo, hi float64
		if len(f.cams) > 0 && (f.r.IntN(100) < 40 || len(f.irs) == 0) {
			anchor, lo, hi = pick(f.r, f.cams), 800, 4500
		} else {
			anchor, lo, hi = pick(f.r, f.irs), 15, 80
		}
		if slices.Contains(urbanCodes, anchor.code) {
			continue
		}
		q := spatial.Destination(anchor.p, uniform(f.r, 0, 360), uniform(f.r, lo, hi))
		if d, exact := f.loc.Locate(q); d != nil && exact && d.Code == anchor.code {
			p, code = q, d.Code
		}
	}
	if code == "" {
		return
	}
	f.fireCount++
	fr := &fire{n: f.fireCount, p: p, code: code, start: e.t, end: e.t + uniform(f.r, 25*60, 90*60)}
	var seen, felt []string
	for _, c := range f.cams {
		dist := spatial.Distance(c.p, p)
		if c.status != "online" || c.fire != nil || dist > c.reach {
			continue
		}
		if c.fov < 360 && angleDiff(spatial.Bearing(c.p, p), c.heading) > c.fov/2 {
			continue
		}
		if f.r.Float64() > 0.95-0.1*dist/1000 {
			continue
		}
		c.fire, c.report = fr, e.t+uniform(f.r, 60, 240)+dist/1000*30
		fr.devices = append(fr.devices, c)
		seen = append(seen, c.id)
	}
	for _, d := range f.irs {
		if d.status == "online" && d.fire == nil && spatial.Distance(d.p, p) <= flameReach {
			d.fire, d.report = fr, e.t+uniform(f.r, 20, 120)
			fr.devices = append(fr.devices, d)
			felt = append(felt, d.id)
		}
	}
	if f.r.IntN(2) == 0 {
		fr.hotspotAt = e.t + uniform(f.r, 10*60, 40*60)
	}
	f.fires = append(f.fires, fr)
	e.scenario("fire")
	e.log.Info("sim: fire", "fire", fr.n, "lon", round(p[0], 7), "lat", round(p[1], 7), "district", code,
		"minutes", round((fr.end-fr.start)/60, 0), "cameras", seen, "detectors", felt)
}

// burn advances a fire: devices report it while it burns, a satellite may
// see it, and when it is out the devices return to online. It reports
// whether the fire still burns.
func (f *forest) burn(e *env, fr *fire) bool {
	if e.t >= fr.end {
		for _, d := range fr.devices {
			d.fire = nil
			if d.alarmed {
				d.reset(e)
			}
		}
		e.log.Info("sim: fire out", "fire", fr.n)
		return false
	}
	for _, d := range fr.devices {
		f.sense(e, fr, d)
	}
	if fr.hotspotAt > 0 && e.t >= fr.hotspotAt {
		fr.hotspotAt = 0
		f.hotspot(e, fr)
	}
	return true
}

// sense has a device report a burning fire when it is due.
func (f *forest) sense(e *env, fr *fire, d *device) {
	if e.t < d.report {
		return
	}
	d.report = e.t + uniform(f.r, 120, 300)
	d.status, d.alarmed = "alarm", true
	grown := min(1, (e.t-fr.start)/(20*60))
	dist := spatial.Distance(d.p, fr.p)
	if d.layer == "ir_detectors" {
		e.out.event(d.layer, d.id, "flame", map[string]any{"status": "alarm",
			"flame": round(30+60*grown*(1-dist/(2*flameReach))+uniform(f.r, 0, 8), 1), "last_seen": e.now})
		return
	}
	noise := max(-bearingNoise, min(bearingNoise, f.r.NormFloat64()*bearingNoise/2.5))
	b := spatial.Bearing(d.p, fr.p) + noise
	if b < 0 {
		b += 360
	} else if b >= 360 {
		b -= 360
	}
	conf := 0.5 + 0.3*(1-dist/d.reach) + 0.15*grown + uniform(f.r, -0.03, 0.03)
	e.out.event("cameras", d.id, "smoke", map[string]any{"status": "alarm", "smoke_bearing": round(b, 2),
		"smoke_confidence": round(min(0.99, conf), 2), "smoke_at": e.now, "last_seen": e.now})
}

// hotspot puts a satellite hot spot on the map near the fire.
func (f *forest) hotspot(e *env, fr *fire) {
	f.hotspotN++
	id := fmt.Sprintf("hs-sim-%05d", f.hotspotN)
	props := map[string]any{"district": fr.code, "status": "new", "detected": e.now}
	var p orb.Point
	if f.r.IntN(3) > 0 {
		p = jitter(f.r, fr.p, 100, 180)
		props["source"], props["confidence"] = "viirs", pick(f.r, []string{"nominal", "nominal", "high"})
		props["frp"], props["brightness"] = round(uniform(f.r, 2, 25), 2), round(uniform(f.r, 310, 367), 2)
		props["scan_km"], props["track_km"] = round(uniform(f.r, 0.36, 0.6), 2), round(uniform(f.r, 0.38, 0.55), 2)
	} else {
		p = jitter(f.r, fr.p, 250, 450)
		props["source"], props["confidence"] = "modis", fmt.Sprint(60+f.r.IntN(40))
		props["frp"], props["brightness"] = round(uniform(f.r, 5, 60), 1), round(uniform(f.r, 315, 360), 1)
		props["scan_km"], props["track_km"] = round(uniform(f.r, 1.0, 2.5), 1), round(uniform(f.r, 1.0, 1.5), 1)
	}
	e.out.create("hotspots", id, p, props)
	e.scenario("hotspot")
	e.log.Info("sim: satellite hot spot", "fire", fr.n, "hotspot", id, "source", props["source"])
}
