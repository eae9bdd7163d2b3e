package bearing

import (
	"cmp"
	"slices"
	"time"

	"lookout/spatial"
)

// DefaultWindow is the default of Options.Window. Cameras report smoke
// every few minutes while they see it, so ten minutes holds a couple of
// reports from each camera watching one fire.
const DefaultWindow = 10 * time.Minute

// Options configure Cluster. The zero value gives the defaults.
type Options struct {
	// Window is the longest time between the oldest and the newest
	// sighting of one estimate: sightings further apart are not taken to
	// be of one fire. Zero or negative means DefaultWindow.
	Window time.Duration
}

// Cluster estimates where several fires are from sightings of any of them.
// Of each camera only the newest sighting counts, and each counted sighting
// belongs to exactly one estimate. Sightings are grouped when their cones
// meet (within the range of every camera of the group) and their times are
// within opt.Window; the largest such groups are taken first, so that a
// fire seen by three cameras is not mistaken for the crossing of two
// cameras watching different fires. A sighting that meets no other gives a
// Sector estimate of its own.
//
// With two fires and only two cameras each, the bearings also cross at
// "ghost" points where no fire is; nothing in the bearings tells them from
// the fires, and the pairing with the smaller regions wins. A third camera
// on a fire settles it.
//
// Grouping tries every camera as a seed against every other, so its cost
// grows with the cube of the number of cameras near one another: a handful
// for one fire. Cameras too far apart to see a common fire are grouped
// apart.
//
// Estimates are returned Located first, then with more sources first, then
// newest first. It returns an error wrapping ErrInvalid for an invalid
// sighting, and no estimates and no error for none.
func Cluster(s []Sighting, opt Options) ([]Estimate, error) {
	ok, err := prepare(s)
	if err != nil || len(ok) == 0 {
		return nil, err
	}
	window := opt.Window
	if window <= 0 {
		window = DefaultWindow
	}
	cones := make([]cone, len(ok))
	for i, x := range ok {
		cones[i] = newCone(x)
	}
	var out []Estimate
	for _, part := range components(cones, window) {
		sc := newScene(part, window)
		free := allFree(len(part))
		for left := len(part); left > 0; {
			g := sc.best(free)
			for _, m := range g.members {
				free[m] = false
			}
			left -= len(g.members)
			out = append(out, sc.estimate(g))
		}
	}
	slices.SortFunc(out, compare)
	return out, nil
}

// compare orders estimates Located first, then by more sources, then
// newest first, then by their first source.
func compare(a, b Estimate) int {
	return cmp.Or(
		-cmp.Compare(a.Kind, b.Kind),
		-cmp.Compare(len(a.Sources), len(b.Sources)),
		b.At.Compare(a.At),
		cmp.Compare(a.Sources[0], b.Sources[0]),
	)
}

// components splits cones into sets that cannot share a fire with one
// another: two cones are linked when their cameras are within the sum of
// their ranges and their times within window (any times when window is not
// positive), and a component is a set of cones linked directly or through
// others. Each component is grouped on a plane of its own, centred on it,
// which keeps the plane accurate however far apart the fires are.
func components(cones []cone, window time.Duration) [][]cone {
	parent := make([]int, len(cones))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, a := range cones {
		for j := i + 1; j < len(cones); j++ {
			b := cones[j]
			dt := a.At.Sub(b.At)
			if (window <= 0 || dt <= window && dt >= -window) && spatial.Distance(a.Origin, b.Origin) <= a.Range+b.Range {
				parent[root(i)] = root(j)
			}
		}
	}
	byRoot := make(map[int]int)
	var parts [][]cone
	for i, c := range cones {
		r := root(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(parts)
			byRoot[r] = k
			parts = append(parts, nil)
		}
		parts[k] = append(parts[k], c)
	}
	return parts
}
