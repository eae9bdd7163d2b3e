package forest

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// HotspotMaxAge is how old a detection may be and still raise an alert: a
// satellite file imported a week late is history for the map, not an
// alarm.
const HotspotMaxAge = 24 * time.Hour

// Hotspot raises an alert for each new hot spot — from a satellite (FIRMS),
// a patrol or a report — so that it joins the incident of the camera or
// detector that saw the same fire (same domain, H3 ring, window) or opens
// one. Its severity follows the detection's confidence: high (or MODIS
// 80 % and up) 3, nominal 2, low 1. A hot spot detected more than
// HotspotMaxAge before Now raises nothing.
type Hotspot struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Name returns the rule's name.
func (r *Hotspot) Name() string { return "hotspot" }

// Observe fires when a hot spot is created new, or turns new again.
func (r *Hotspot) Observe(e layers.Event) []layers.Alert {
	if e.Layer != Hotspots.Name || e.Feature == nil || e.Feature.Props["status"] != "new" {
		return nil
	}
	if e.Old != nil && e.Old.Props["status"] == "new" {
		return nil
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	at := e.Feature.Updated
	if d, ok := e.Feature.Props["detected"].(time.Time); ok {
		at = d
	}
	if now().Sub(at) > HotspotMaxAge {
		return nil
	}
	source, _ := e.Feature.Props["source"].(string)
	district, _ := e.Feature.Props["district"].(string)
	p, _ := e.Feature.Geometry.(orb.Point)
	frp, _ := e.Feature.Props["frp"].(float64)
	return []layers.Alert{{Rule: "hotspot", Domain: layers.Forest, Severity: hotspotSeverity(e.Feature), Layer: e.Layer,
		Subject: e.ID, District: district, Point: p, At: at,
		Title:  layers.Title{Zh: "火点 (" + source + ")", En: "Hot spot (" + source + ")"},
		Detail: fmt.Sprintf("frp %.1f MW", frp)}}
}

// Tick does nothing: hot spots alert as they arrive.
func (r *Hotspot) Tick(time.Time) []layers.Alert { return nil }

// hotspotSeverity maps a detection's confidence to a severity.
func hotspotSeverity(f *layers.Feature) int {
	switch c, _ := f.Props["confidence"].(string); c {
	case "high", "h":
		return 3
	case "low", "l":
		return 1
	case "nominal", "n", "":
		return 2
	default:
		var pct float64
		if _, err := fmt.Sscan(c, &pct); err == nil && pct >= 80 {
			return 3
		} else if err == nil && pct < 30 {
			return 1
		}
		return 2
	}
}
