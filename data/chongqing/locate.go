package chongqing

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"lookout/spatial"
)

// FallbackKM is how far outside every district a point may be and still be given
// the nearest one. The source boundaries leave sliver gaps between neighbours that
// are up to a few hundred metres wide, and its 1/1024-degree grid (about 100 m) puts
// real boundary points a little outside; 2 km covers both without reaching into
// neighbouring provinces in earnest.
const FallbackKM = 2.0

// Locator finds the district of a point. It is safe for concurrent use.
type Locator struct {
	entries []locEntry
}

type locEntry struct {
	d *District
	// polys are the parts of d with their own bounds, for a cheap prefilter.
	polys  []orb.Polygon
	bounds []orb.Bound
}

// NewLocator returns a Locator over ds. It keeps pointers into ds, so the caller
// must not modify the districts afterwards.
func NewLocator(ds []District) *Locator {
	l := &Locator{entries: make([]locEntry, len(ds))}
	for i := range ds {
		e := locEntry{d: &ds[i], polys: ds[i].Geometry}
		for _, p := range e.polys {
			e.bounds = append(e.bounds, p.Bound())
		}
		l.entries[i] = e
	}
	return l
}

// Locate returns the district that contains p (lon, lat) with exact=true. Points on
// a boundary count as inside. Where districts overlap, the one whose boundary is
// farthest from p wins. A point inside no district gets the nearest district whose
// boundary is within FallbackKM, with exact=false, and nil beyond that.
func (l *Locator) Locate(p orb.Point) (d *District, exact bool) {
	var inside []*District
	for i := range l.entries {
		e := &l.entries[i]
		if !e.d.Bound.Contains(p) {
			continue
		}
		for j, poly := range e.polys {
			if e.bounds[j].Contains(p) && planar.PolygonContains(poly, p) {
				inside = append(inside, e.d)
				break
			}
		}
	}
	switch len(inside) {
	case 1:
		return inside[0], true
	case 0:
	default:
		best, bestM := inside[0], -1.0
		for _, c := range inside {
			if m := boundaryDistM(c.Geometry, p); m > bestM {
				best, bestM = c, m
			}
		}
		return best, true
	}

	// Fallback: the nearest boundary within FallbackKM.
	maxM := FallbackKM * 1000
	padLat := maxM / spatial.MetresPerDegree
	padLon := padLat / math.Cos(p[1]*math.Pi/180)
	var best *District
	bestM := maxM
	for i := range l.entries {
		e := &l.entries[i]
		b := e.d.Bound
		if p[0] < b.Min[0]-padLon || p[0] > b.Max[0]+padLon || p[1] < b.Min[1]-padLat || p[1] > b.Max[1]+padLat {
			continue
		}
		if m := boundaryDistM(e.d.Geometry, p); m <= bestM {
			best, bestM = e.d, m
		}
	}
	return best, false
}

// DistanceKM returns the distance in km from p to the nearest point of d's
// boundary (zero only on the boundary itself, also for points inside).
func (d *District) DistanceKM(p orb.Point) float64 {
	return boundaryDistM(d.Geometry, p) / 1000
}

// boundaryDistM returns the distance in metres from p to the nearest edge of mp,
// measured in a local equirectangular projection centred on p, which is accurate
// to well under 1% over the few kilometres it is used for.
func boundaryDistM(mp orb.MultiPolygon, p orb.Point) float64 {
	kx := spatial.MetresPerDegree * math.Cos(p[1]*math.Pi/180)
	ky := spatial.MetresPerDegree
	best := math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			for i := 0; i+1 < len(r); i++ {
				ax, ay := (r[i][0]-p[0])*kx, (r[i][1]-p[1])*ky
				bx, by := (r[i+1][0]-p[0])*kx, (r[i+1][1]-p[1])*ky
				if d := originToSegment(ax, ay, bx, by); d < best {
					best = d
				}
			}
		}
	}
	return best
}

// originToSegment returns the distance from (0, 0) to the segment a–b.
func originToSegment(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}
