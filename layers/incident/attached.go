package incident

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// Attached returns the features of layer whose "incident" property names
// inc — its alerts, its assignments — oldest first. They sit at or near the
// incident's place, and an incident moves only a few kilometres (to a
// better estimate), so a search 0.2° around it finds them all without
// scanning the layer.
func Attached(w *layers.World, layer string, inc *layers.Feature) ([]*layers.Feature, error) {
	c := inc.Bound().Center()
	around := orb.Bound{Min: orb.Point{c[0] - 0.2, c[1] - 0.2}, Max: orb.Point{c[0] + 0.2, c[1] + 0.2}}
	near, err := w.Search(layer, around)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(near, func(f *layers.Feature) bool { return f.Props["incident"] != inc.ID })
	slices.SortFunc(out, func(a, b *layers.Feature) int { return cmp.Compare(a.Version, b.Version) })
	return out, nil
}
