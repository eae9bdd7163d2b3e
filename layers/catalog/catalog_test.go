package catalog

import (
	"regexp"
	"testing"

	"lookout/layers"
)

var ident = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestDefinitions checks every layer definition for the mistakes a new
// layer is likely to make: clashing or unsafe names (they become table and
// column names), missing titles, enums on non-strings, bad zoom ranges.
func TestDefinitions(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range All() {
		if !ident.MatchString(l.Name) || seen[l.Name] {
			t.Errorf("layer name %q is not a unique identifier", l.Name)
		}
		seen[l.Name] = true
		if l.Title.Zh == "" || l.Title.En == "" {
			t.Errorf("%s: title needs zh and en", l.Name)
		}
		if l.MinZoom < 0 || l.MaxZoom > 24 || l.MinZoom > l.MaxZoom {
			t.Errorf("%s: zoom range %d-%d", l.Name, l.MinZoom, l.MaxZoom)
		}
		if len(l.Roles) == 0 {
			t.Errorf("%s: no role may see it", l.Name)
		}
		for _, name := range []string{l.Label, l.LabelEN} {
			if f, ok := l.Field(name); name != "" && (!ok || !f.Tile) {
				t.Errorf("%s: label field %q is not a tile field", l.Name, name)
			}
		}
		if l.ClusterBelow > 0 && l.Geometry != layers.Point {
			t.Errorf("%s: only point layers cluster", l.Name)
		}
		fields := map[string]bool{}
		for _, f := range l.Fields {
			if !ident.MatchString(f.Name) || fields[f.Name] {
				t.Errorf("%s.%s: not a unique identifier", l.Name, f.Name)
			}
			fields[f.Name] = true
			if len(f.Enum) > 0 && f.Type != layers.String {
				t.Errorf("%s.%s: enum on a %s field", l.Name, f.Name, f.Type)
			}
			if f.Title.Zh == "" || f.Title.En == "" {
				t.Errorf("%s.%s: title needs zh and en", l.Name, f.Name)
			}
		}
	}
}

// TestCustodyStaysWithCustody checks that only the custody role (and admin)
// may see the custody layers.
func TestCustodyStaysWithCustody(t *testing.T) {
	for _, l := range All() {
		if l.Domain != layers.Custody {
			continue
		}
		for _, r := range []layers.Role{layers.RoleForest, layers.RoleFleet, layers.RoleMarket, layers.RoleCommand} {
			if l.Visible(r) {
				t.Errorf("%s is visible to %s", l.Name, r)
			}
		}
		if !l.Visible(layers.RoleCustody) || !l.Visible(layers.RoleAdmin) {
			t.Errorf("%s must be visible to custody and admin", l.Name)
		}
	}
}
