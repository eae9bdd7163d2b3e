package forest

import (
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// SmokeConfidence is the risk-adaptive threshold of camera smoke: the
// confidence a camera's smoke report needs to raise an alert, by the fire
// danger class (1–5) of the forest cell the camera stands in. Where danger
// is high a fainter plume is worth a look; where it is low, the threshold
// rises and mist over a wet valley stays quiet. Index 0 is for a camera
// outside the risk grid's forest, or a server without the grid.
//
//	class       –     1     2     3     4     5
//	confidence  0.60  0.80  0.70  0.60  0.45  0.30
var SmokeConfidence = [6]float64{0.60, 0.80, 0.70, 0.60, 0.45, 0.30}

// Danger tells the fire danger class (1–5, 0 when unknown) at a point;
// spatial/heat's Grid.ClassAt is one.
type Danger func(p orb.Point) int

// smokeThreshold returns the confidence a smoke report seen from p needs.
func smokeThreshold(danger Danger, p orb.Point) float64 {
	if danger == nil {
		return SmokeConfidence[0]
	}
	c := danger(p)
	if c < 0 || c >= len(SmokeConfidence) {
		c = 0
	}
	return SmokeConfidence[c]
}

// CorrelationWindow is how long after an incident's last alert a forest
// alert nearby still joins it, by the danger class at the alert's point:
// where danger is high fires start often and grow fast, so a new alarm
// half an hour on is more likely a new fire; where it is low, a late alarm
// is more likely the same one. Index 0 (outside the forest, no grid) is
// the correlator's own window, 30 minutes.
//
//	class   –       1       2       3       4       5
//	window  30 min  60 min  45 min  30 min  20 min  15 min
var CorrelationWindow = [6]time.Duration{30 * time.Minute, 60 * time.Minute, 45 * time.Minute, 30 * time.Minute,
	20 * time.Minute, 15 * time.Minute}

// Window returns the correlation window of forest alerts by danger (0,
// the correlator's default, for other domains).
func Window(danger Danger) func(a layers.Alert) time.Duration {
	return func(a layers.Alert) time.Duration {
		if danger == nil || a.Domain != layers.Forest {
			return 0
		}
		c := danger(a.Point)
		if c < 0 || c >= len(CorrelationWindow) {
			c = 0
		}
		return CorrelationWindow[c]
	}
}
