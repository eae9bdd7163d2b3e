package export

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// ErrKeys is wrapped by the errors of TrackKeys about the list itself.
var ErrKeys = errors.New("export: bad track list")

// world is the bound of every point, to ask for a whole layer's visitors.
var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// TrackKeys reads a comma-separated list of what to export the tracks of:
// "vehicles/v-001" names one feature, "vehicles" every feature of the layer
// with a track point in [from, to] (src.Visitors over the whole world, in
// ID order). Each layer must be one of defs and tracked (Layer.Track), and
// each ID a valid one; a feature named twice is exported once, where first
// named.
func TrackKeys(ctx context.Context, src layers.Tracks, list string, defs []*layers.Layer, from, to time.Time) ([]layers.Key, error) {
	var keys []layers.Key
	seen := map[layers.Key]bool{}
	add := func(k layers.Key) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for entry := range strings.SplitSeq(list, ",") {
		entry = strings.TrimSpace(entry)
		name, id, one := strings.Cut(entry, "/")
		def := find(defs, name)
		switch {
		case entry == "":
			return nil, fmt.Errorf("%w: an empty entry in %q", ErrKeys, list)
		case def == nil:
			return nil, fmt.Errorf("%w: %s: %w %q", ErrKeys, entry, layers.ErrUnknownLayer, name)
		case !def.Track:
			return nil, fmt.Errorf("%w: %s: layer %s keeps no tracks", ErrKeys, entry, name)
		case one:
			if why := layers.ValidID(id); why != "" {
				return nil, fmt.Errorf("%w: %s: the feature ID %s", ErrKeys, entry, why)
			}
			add(layers.Key{Layer: name, ID: id})
			continue
		}
		all, err := src.Visitors(ctx, []string{name}, world, from, to)
		if err != nil {
			return nil, fmt.Errorf("export: the features of %s with a track: %w", name, err)
		}
		for _, k := range all {
			add(k)
		}
	}
	return keys, nil
}

// find returns the layer of defs called name, or nil.
func find(defs []*layers.Layer, name string) *layers.Layer {
	for _, d := range defs {
		if d.Name == name {
			return d
		}
	}
	return nil
}
