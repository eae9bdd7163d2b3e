package access

import (
	"slices"

	"lookout/layers"
)

// Principal is who a request acts as: the token's ID, name, role and
// district scope.
type Principal struct {
	Token    string
	Name     string
	Role     layers.Role
	District string
}

// Of returns the principal of a token.
func Of(t Token) Principal {
	return Principal{Token: t.ID, Name: t.Name, Role: t.Role, District: t.District}
}

// Admin reports whether p manages tokens and sees everything.
func (p Principal) Admin() bool { return p.Role == layers.RoleAdmin }

// Dispatches reports whether p may act on incidents and send responders:
// command and admin.
func (p Principal) Dispatches() bool { return p.Role == layers.RoleCommand || p.Admin() }

// SeesLayer reports whether p may see a layer at all: its Roles name p's
// role, or p is an admin.
func (p Principal) SeesLayer(def *layers.Layer) bool {
	return p.Admin() || slices.Contains(def.Roles, p.Role)
}

// SeesDomain reports whether p may see the alerts and incidents of a
// domain: command and admin see every domain, a domain role its own.
func (p Principal) SeesDomain(d layers.Domain) bool {
	return p.Dispatches() || string(d) == string(p.Role)
}

// Sees reports whether p may see one feature of def: the layer, then for
// alerts and incidents their domain, then p's district scope (a feature
// of a layer with a district field must be in p's district; one without
// the field, such as a river, is seen by all who see the layer).
func (p Principal) Sees(def *layers.Layer, f *layers.Feature) bool {
	if !p.SeesLayer(def) {
		return false
	}
	if d, ok := f.Props["domain"].(string); ok && (def.Name == "incidents" || def.Name == "alerts") && !p.SeesDomain(layers.Domain(d)) {
		return false
	}
	if p.District == "" {
		return true
	}
	if _, ok := def.Field("district"); !ok {
		return true
	}
	d, _ := f.Props["district"].(string)
	return d == p.District
}

// Writes reports whether p may write feature f of def (f nil for a new
// one, then only the layer and the change's district count): whoever sees
// it, and for a scoped token only inside its district.
func (p Principal) Writes(def *layers.Layer, district string) bool {
	if !p.SeesLayer(def) {
		return false
	}
	return p.District == "" || district == p.District
}

// Visible returns the layers of defs p may see, in order.
func (p Principal) Visible(defs []*layers.Layer) []*layers.Layer {
	var out []*layers.Layer
	for _, d := range defs {
		if p.SeesLayer(d) {
			out = append(out, d)
		}
	}
	return out
}

// Custody reports whether reading def is custody data the audit trail
// records: the custody domain's layers.
func Custody(def *layers.Layer) bool { return def.Domain == layers.Custody }
