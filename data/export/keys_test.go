package export

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// visitors is a layers.Tracks whose Visitors answers the features of the
// layer asked for, or fails.
type visitors struct {
	layers.Tracks
	keys []layers.Key
	err  error
}

func (v visitors) Visitors(_ context.Context, names []string, b orb.Bound, _, _ time.Time) ([]layers.Key, error) {
	if len(names) != 1 || b != world {
		return nil, fmt.Errorf("Visitors(%v, %v), want one layer and the world", names, b)
	}
	var out []layers.Key
	for _, k := range v.keys {
		if k.Layer == names[0] {
			out = append(out, k)
		}
	}
	return out, v.err
}

func TestTrackKeys(t *testing.T) {
	src := visitors{keys: []layers.Key{{Layer: "cameras", ID: "c1"}, {Layer: "cameras", ID: "c2"}}}
	defs := []*layers.Layer{sampleDef, zonesDef}
	cases := []struct {
		name, list string
		src        layers.Tracks
		want       string
	}{
		{"one feature", "cameras/c1", src, "cameras/c1"},
		{"a feature named twice is exported once", "cameras/c2, cameras/c1,cameras/c2", src, "cameras/c2 cameras/c1"},
		{"a whole layer", "cameras", src, "cameras/c1 cameras/c2"},
		{"a feature, then its whole layer", "cameras/c9,cameras", src, "cameras/c9 cameras/c1 cameras/c2"},
		{"an empty list", "", src, `error: export: bad track list: an empty entry in ""`},
		{"a trailing comma", "cameras/c1,", src, `error: export: bad track list: an empty entry in "cameras/c1,"`},
		{"an unknown layer", "vehicles/v-001", src, `error: export: bad track list: vehicles/v-001: layers: unknown layer "vehicles"`},
		{"an untracked layer", "zones/z1", src, "error: export: bad track list: zones/z1: layer zones keeps no tracks"},
		{"an empty ID", "cameras/", src, "error: export: bad track list: cameras/: the feature ID must not be empty"},
		{"an ID with a slash", "cameras/a/b", src, "error: export: bad track list: cameras/a/b: the feature ID contains a control character or '/'"},
		{"the store fails", "cameras", visitors{err: errors.New("locked")}, "error: export: the features of cameras with a track: locked"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := TrackKeys(context.Background(), tc.src, tc.list, defs, updated, updated.Add(time.Hour))
			var got string
			if err != nil {
				got = "error: " + err.Error()
			} else {
				var parts []string
				for _, k := range keys {
					parts = append(parts, k.Layer+"/"+k.ID)
				}
				got = strings.Join(parts, " ")
			}
			if got != tc.want {
				t.Errorf("TrackKeys(%q) = %s, want %s", tc.list, got, tc.want)
			}
		})
	}
}
