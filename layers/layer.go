// Package layers is Lookout's domain root: layers and their schemas,
// features, changes, events, the Store and Publisher interfaces, and World,
// the live in-memory world with its one writer path, World.Apply.
package layers

import "slices"

// Kind is the geometry kind a layer holds.
type Kind string

// Geometry kinds. A polygon layer also takes MultiPolygons and a line layer
// MultiLineStrings; a point layer takes Points only.
const (
	Point      Kind = "point"
	LineString Kind = "linestring"
	Polygon    Kind = "polygon"
)

// Type is the type of a property.
type Type string

// Property types and the Go values that hold them in Feature.Props.
const (
	String Type = "string" // string
	Int    Type = "int"    // int64
	Float  Type = "float"  // float64
	Bool   Type = "bool"   // bool
	Time   Type = "time"   // time.Time, RFC 3339 in JSON
)

// Domain is the bureau a layer belongs to; roles are granted per domain.
type Domain string

// Domains of the command centre.
const (
	Base    Domain = "base" // basemap: districts, rivers; everyone sees it
	Forest  Domain = "forest"
	Fleet   Domain = "fleet"
	Market  Domain = "market"
	Custody Domain = "custody"
	Command Domain = "command" // incidents and responders
)

// Role is what a caller is allowed to be.
type Role string

// Roles. Admin and command see everything but custody is kept to custody,
// command (for incidents) and admin, as each layer's Roles say.
const (
	RoleForest  Role = "forest"
	RoleFleet   Role = "fleet"
	RoleMarket  Role = "market"
	RoleCustody Role = "custody"
	RoleCommand Role = "command"
	RoleAdmin   Role = "admin"
)

// Title is a name for people, in Simplified Chinese and English.
type Title struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Field is one property of a layer's schema.
type Field struct {
	Name     string   `json:"name"`
	Type     Type     `json:"type"`
	Title    Title    `json:"title"`
	Required bool     `json:"required,omitempty"`
	Enum     []string `json:"enum,omitempty"` // allowed values of a string field
	Unit     string   `json:"unit,omitempty"` // e.g. "m", "°C", "km/h"
	// Tile puts the field in vector tiles: what a map needs to style and
	// label features. Everything else is fetched on click.
	Tile bool `json:"tile,omitempty"`
	// Check, when set, refuses a value of the right type that the domain
	// cannot use (a schedule it cannot read), with the reason.
	Check func(v any) error `json:"-"`
}

// Layer describes one kind of thing on the map. Layers are defined in code
// by the domain packages and fixed for the life of a World.
type Layer struct {
	Name     string  `json:"name"`
	Title    Title   `json:"title"`
	Domain   Domain  `json:"domain"`
	Geometry Kind    `json:"geometry"`
	Fields   []Field `json:"fields"`
	MinZoom  int     `json:"minzoom"`
	MaxZoom  int     `json:"maxzoom"`
	// Roles may see the layer; RoleAdmin always may.
	Roles []Role `json:"roles"`
	// Live layers change by the second (positions, sensor states): caches
	// treat them as short-lived.
	Live bool `json:"live"`
	// Label names the field maps label features with, and LabelEN the field
	// to use instead in English ("" to keep Label).
	Label   string `json:"label,omitempty"`
	LabelEN string `json:"label_en,omitempty"`
	// Attribution credits the source of the layer's data.
	Attribution string `json:"attribution,omitempty"`
	// Hidden layers start switched off on the map wall.
	Hidden bool `json:"hidden,omitempty"`
	// ClusterBelow, for point layers, makes tiles below this zoom carry
	// clusters with a count instead of every point (0: never cluster).
	ClusterBelow int `json:"cluster_below,omitempty"`
	// Past lists the values of the layer's "status" field that mean a
	// feature is over (a resolved incident): the map style does not draw
	// it, though the API, the stats and the history keep it.
	Past []string `json:"past,omitempty"`
	// Track keeps every reported position of the layer's point features as
	// a track point (layers.Tracks), for replay and space-time queries:
	// vehicles, responders, supervised people.
	Track bool `json:"track,omitempty"`
	// Derived layers hold what the server computes rather than what anyone
	// writes (the fire-risk hexagons): their features come from a tile
	// source, not the World, and writes to them are refused.
	Derived bool `json:"derived,omitempty"`
}

// TileFields returns the fields that go into vector tiles.
func (l *Layer) TileFields() []Field {
	var out []Field
	for _, f := range l.Fields {
		if f.Tile {
			out = append(out, f)
		}
	}
	return out
}

// Field returns the schema field called name.
func (l *Layer) Field(name string) (Field, bool) {
	for _, f := range l.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Visible reports whether a caller with role r may see the layer.
func (l *Layer) Visible(r Role) bool {
	return r == RoleAdmin || slices.Contains(l.Roles, r)
}
