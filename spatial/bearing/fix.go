package bearing

import "math"

// MinCrossing is the smallest angle, in degrees, at which two bearing lines
// must cross for their cameras to locate the smoke. Lines closer to
// parallel (or to facing each other head-on) meet in a long sliver that
// says little about the distance, so such cameras give a Sector: their
// overlap, with a radius to match.
const MinCrossing = 5.0

const (
	// reweights is how many times the least-squares fix is solved again
	// with weights from the distances to the previous fix.
	reweights = 3
	// nearest is the smallest camera-to-fix distance, in metres, used in a
	// weight, so that a fix at a camera does not get an infinite one.
	nearest = 1.0
	// illConditioned is the smallest det/trace² of the normal equations
	// that is solved: sin²θ/4 for two lines crossing at θ, so lines within
	// about 0.01° of parallel are not.
	illConditioned = 1e-8
)

// ray is a camera's bearing in the plane: a half-line from o in the unit
// direction d, measured with the 1-sigma error sigma in degrees.
type ray struct {
	o, d  vec
	sigma float64
}

// crossing returns the largest angle, in degrees within [0, 90], between the
// lines of any two rays.
func crossing(rays []ray) float64 {
	var s float64
	for i := range rays {
		for j := i + 1; j < len(rays); j++ {
			s = math.Max(s, math.Abs(cross(rays[i].d, rays[j].d)))
		}
	}
	return math.Asin(math.Min(1, s)) / rad
}

// leastSquares returns the point minimising the sum over rays of the
// squared perpendicular distance to the ray's line, each weighted by
// 1/(σ·r)² with σ in radians and r the distance from the camera: the
// perpendicular error of a bearing grows with the distance, so this is the
// maximum-likelihood fix for Gaussian bearing errors. The distances are
// those to the previous fix, starting from start, and the fix is solved
// again a few times. It reports false when the lines are too near parallel
// to fix a point. The lines are whole lines: the caller checks that the fix
// is in front of the cameras.
func leastSquares(rays []ray, start vec) (vec, bool) {
	p := start
	for range reweights {
		var a11, a12, a22, b1, b2 float64
		for _, r := range rays {
			n := r.d.normal()
			dist := math.Max(nearest, p.dist(r.o))
			w := 1 / square(r.sigma*rad*dist)
			c := n.dot(r.o)
			a11 += w * n.x * n.x
			a12 += w * n.x * n.y
			a22 += w * n.y * n.y
			b1 += w * n.x * c
			b2 += w * n.y * c
		}
		det := a11*a22 - a12*a12
		if !(det > illConditioned*square(a11+a22)) {
			return start, false
		}
		p = vec{(a22*b1 - a12*b2) / det, (a11*b2 - a12*b1) / det}
		if !p.finite() {
			return start, false
		}
	}
	return p, true
}

func square(x float64) float64 { return x * x }
