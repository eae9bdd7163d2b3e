package storetest

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// diffFeature describes how got differs from want, or returns "" when they
// are the same: ID, layer, geometry (type and every coordinate), every
// property (type and value), version and update time (to the nanosecond,
// in UTC).
func diffFeature(got, want *layers.Feature) string {
	var d []string
	if got.ID != want.ID {
		d = append(d, fmt.Sprintf("ID %q, want %q", got.ID, want.ID))
	}
	if got.Layer != want.Layer {
		d = append(d, fmt.Sprintf("layer %q, want %q", got.Layer, want.Layer))
	}
	if !orb.Equal(got.Geometry, want.Geometry) {
		d = append(d, fmt.Sprintf("geometry %s %v, want %s %v",
			got.Geometry.GeoJSONType(), got.Geometry, want.Geometry.GeoJSONType(), want.Geometry))
	}
	if got.Version != want.Version {
		d = append(d, fmt.Sprintf("version %d, want %d", got.Version, want.Version))
	}
	if why := diffTime(got.Updated, want.Updated); why != "" {
		d = append(d, "updated "+why)
	}
	if why := diffProps(got.Props, want.Props); why != "" {
		d = append(d, why)
	}
	return strings.Join(d, "; ")
}

// diffProps compares property maps key by key.
func diffProps(got, want map[string]any) string {
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var d []string
	for k := range keys {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			d = append(d, fmt.Sprintf("property %s missing, want %T %v", k, w, w))
		case !wok:
			d = append(d, fmt.Sprintf("property %s = %T %v, want none", k, g, g))
		default:
			if why := diffValue(g, w); why != "" {
				d = append(d, fmt.Sprintf("property %s: %s", k, why))
			}
		}
	}
	sort.Strings(d)
	return strings.Join(d, "; ")
}

// diffValue compares two property values, type and value; times must be
// the same instant and in UTC.
func diffValue(got, want any) string {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		if !ok {
			return fmt.Sprintf("%T %v, want time.Time %v", got, got, want)
		}
		return diffTime(gt, wt)
	}
	if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) || got != want {
		return fmt.Sprintf("%T %#v, want %T %#v", got, got, want, want)
	}
	return ""
}

// diffTime compares two times to the nanosecond; got must be in UTC.
func diffTime(got, want time.Time) string {
	if !got.Equal(want) || got.Location() != time.UTC {
		return fmt.Sprintf("%s (%s), want %s", got.Format(time.RFC3339Nano), got.Location(), want.UTC().Format(time.RFC3339Nano))
	}
	return ""
}

// sameWorld checks that got holds exactly the features of want, feature by
// feature.
func sameWorld(t *testing.T, got, want map[[2]string]*layers.Feature) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("reopened world has %d features, want %d", len(got), len(want))
	}
	bad := 0
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s/%s missing after reopen", k[0], k[1])
		} else if d := diffFeature(g, w); d != "" {
			t.Errorf("%s/%s after reopen: %s", k[0], k[1], d)
		} else {
			continue
		}
		if bad++; bad == 20 {
			t.Fatalf("too many differences")
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s/%s appeared after reopen", k[0], k[1])
		}
	}
}
