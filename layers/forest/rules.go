package forest

import (
	"time"

	"lookout/layers"
)

// heartbeat is how long a camera or detector may stay silent: they report
// every two minutes.
const heartbeat = 10 * time.Minute

// outOfService are statuses under which a device is not expected to report.
var outOfService = map[string]bool{"offline": true, "fault": true}

// Rules returns the forest rules: an infrared detector's flame alarm, a
// camera's smoke detection triangulated from the bearings of every camera
// that sees it, a new hot spot, and the heartbeat of cameras and detectors.
//
// danger, when not nil, makes the flame and smoke thresholds risk-adaptive
// (FlameIntensity, SmokeConfidence).
func Rules(danger Danger) []layers.Rule {
	return []layers.Rule{
		&layers.Silence{ID: "camera_silent", Layer: Cameras.Name, Expect: heartbeat, Severity: 1, Domain: layers.Forest,
			Ignore: outOfService, Title: func(f *layers.Feature) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 心跳中断", En: "Heartbeat lost: " + name}
			}},
		&layers.Silence{ID: "detector_silent", Layer: IRDetectors.Name, Expect: heartbeat, Severity: 1, Domain: layers.Forest,
			Ignore: outOfService, Title: func(f *layers.Feature) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 心跳中断", En: "Heartbeat lost: " + name}
			}},
		&Flame{Danger: danger},
		&Smoke{Danger: danger},
		&Hotspot{},
	}
}
