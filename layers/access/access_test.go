package access_test

import (
	"strings"
	"testing"
	"time"

	"lookout/layers"
	"lookout/layers/access"
)

func TestNew(t *testing.T) {
	cases := []struct {
		name, who, district string
		role                layers.Role
		ok                  bool
	}{
		{"admin", "值班长", "", layers.RoleAdmin, true},
		{"scoped forest", "北碚林业局", "500109", layers.RoleForest, true},
		{"unknown role", "x", "", "janitor", false},
		{"empty name", "", "", layers.RoleFleet, false},
		{"name on two lines", "a\nb", "", layers.RoleFleet, false},
		{"district not a code", "x", "北碚", layers.RoleForest, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok, secret, err := access.New(c.who, c.role, c.district, time.Now())
			if (err == nil) != c.ok {
				t.Fatalf("err %v, want ok %v", err, c.ok)
			}
			if !c.ok {
				return
			}
			if !strings.HasPrefix(secret, access.SecretPrefix) || len(secret) < 40 || tok.Hash != access.Hash(secret) ||
				strings.Contains(tok.Hash, secret) || tok.ID != "tok-"+tok.Hash[:12] || !tok.Valid() {
				t.Fatalf("token %+v, secret %q", tok, secret)
			}
		})
	}
	_, a, _ := access.New("a", layers.RoleAdmin, "", time.Now())
	_, b, _ := access.New("a", layers.RoleAdmin, "", time.Now())
	if a == b {
		t.Fatal("two tokens with one secret")
	}
}

func TestSees(t *testing.T) {
	cams := &layers.Layer{Name: "cameras", Domain: layers.Forest, Roles: []layers.Role{layers.RoleForest, layers.RoleCommand},
		Fields: []layers.Field{layers.DistrictField}}
	rivers := &layers.Layer{Name: "rivers", Domain: layers.Base, Roles: layers.AllRoles}
	incidents := &layers.Layer{Name: "incidents", Domain: layers.Command, Roles: layers.AllRoles, Fields: []layers.Field{layers.DistrictField}}
	cam := func(d string) *layers.Feature { return &layers.Feature{Props: map[string]any{"district": d}} }
	inc := func(domain, d string) *layers.Feature {
		return &layers.Feature{Props: map[string]any{"domain": domain, "district": d}}
	}
	cases := []struct {
		name string
		p    access.Principal
		def  *layers.Layer
		f    *layers.Feature
		want bool
	}{
		{"forest sees a camera", access.Principal{Role: layers.RoleForest}, cams, cam("500109"), true},
		{"fleet does not", access.Principal{Role: layers.RoleFleet}, cams, cam("500109"), false},
		{"admin sees all", access.Principal{Role: layers.RoleAdmin}, cams, cam("500109"), true},
		{"scoped: its district", access.Principal{Role: layers.RoleForest, District: "500109"}, cams, cam("500109"), true},
		{"scoped: another district", access.Principal{Role: layers.RoleForest, District: "500109"}, cams, cam("500112"), false},
		{"scoped: a river has no district", access.Principal{Role: layers.RoleForest, District: "500109"}, rivers, &layers.Feature{}, true},
		{"market: a market incident", access.Principal{Role: layers.RoleMarket}, incidents, inc("market", "500112"), true},
		{"market: a custody incident", access.Principal{Role: layers.RoleMarket}, incidents, inc("custody", "500112"), false},
		{"command: a custody incident", access.Principal{Role: layers.RoleCommand}, incidents, inc("custody", "500112"), true},
		{"scoped command: another district", access.Principal{Role: layers.RoleCommand, District: "500109"}, incidents, inc("forest", "500112"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Sees(c.def, c.f); got != c.want {
				t.Fatalf("Sees = %v, want %v", got, c.want)
			}
		})
	}
}
