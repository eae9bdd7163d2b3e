package bearing

import (
	"cmp"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// scene is a set of cones projected onto one plane, from which groups of
// cones that share a region are drawn.
type scene struct {
	pl    plane
	cones []cone
	polys [][]vec // cones[i] in pl
	// order lists the cones narrowest first (smallest σ·range²), the order
	// in which they are tried, so that precise cameras lead.
	order []int
	// window is the largest spread of sighting times within a group; 0
	// groups sightings of any time.
	window time.Duration
}

// group is a set of cones that share a region: their intersection.
type group struct {
	members     []int // indexes into scene.cones, in the order added
	region      []vec
	area        float64
	first, last time.Time // the oldest and newest sighting
}

// newScene projects cones, which must not be empty, onto the plane centred
// on their cameras.
func newScene(cones []cone, window time.Duration) *scene {
	origins := make([]orb.Point, len(cones))
	for i, c := range cones {
		origins[i] = c.Origin
	}
	s := &scene{pl: newPlane(origins), cones: cones, polys: make([][]vec, len(cones)),
		order: make([]int, len(cones)), window: window}
	for i, c := range cones {
		s.polys[i] = c.in(s.pl)
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(a, b int) int {
		ca, cb := cones[a], cones[b]
		return cmp.Compare(ca.Sigma*ca.Range*ca.Range, cb.Sigma*cb.Range*cb.Range)
	})
	return s
}

// best returns the largest group of free cones whose regions meet and
// whose times are within the window, preferring the smallest region among
// groups of one size. Each free cone seeds a group that takes every other
// free cone, narrowest first, that still meets it; so a camera that
// disagrees with the rest is left out rather than leaving nothing. At
// least one cone must be free.
func (s *scene) best(free []bool) group {
	n := 0
	for _, f := range free {
		if f {
			n++
		}
	}
	var b group
	for _, seed := range s.order {
		if !free[seed] {
			continue
		}
		if g := s.grow(seed, free); g.better(b) {
			b = g
		}
		if len(b.members) == n {
			break // every free cone is in it: no group is larger
		}
	}
	return b
}

// grow returns the group seeded by cone seed, adding in turn each free cone
// that is within the window and meets the region so far.
func (s *scene) grow(seed int, free []bool) group {
	at := s.cones[seed].At
	g := group{members: []int{seed}, region: s.polys[seed], first: at, last: at}
	for _, j := range s.order {
		if j == seed || !free[j] || !s.fits(g, s.cones[j].At) {
			continue
		}
		if r := clip(g.region, s.polys[j]); r != nil {
			g.members = append(g.members, j)
			g.region = r
			g.first, g.last = minTime(g.first, s.cones[j].At), maxTime(g.last, s.cones[j].At)
		}
	}
	g.area = area(g.region)
	return g
}

// better reports whether g is a better group than b: larger, or as large
// with a smaller region.
func (g group) better(b group) bool {
	return len(g.members) > len(b.members) || len(g.members) == len(b.members) && g.area < b.area
}

// fits reports whether a sighting at t keeps g's times within the window.
func (s *scene) fits(g group, t time.Time) bool {
	if s.window <= 0 {
		return true
	}
	return maxTime(g.last, t).Sub(minTime(g.first, t)) <= s.window
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
