package forest

import "github.com/paulmach/orb"

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
