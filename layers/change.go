package layers

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// Op is what a change does.
type Op uint8

// Operations.
const (
	// Upsert creates a feature or replaces its geometry and all its properties.
	Upsert Op = iota + 1
	// Patch updates an existing feature: a new geometry when given (a position
	// fix) and the given properties merged in (a nil value removes one).
	Patch
	// Delete removes a feature.
	Delete
)

func (o Op) String() string {
	switch o {
	case Upsert:
		return "upsert"
	case Patch:
		return "patch"
	case Delete:
		return "delete"
	}
	return "invalid"
}

// Change is one write to the world, from any source: the API, an ingest
// protocol, the simulator.
type Change struct {
	Op       Op
	Layer    string
	ID       string
	Geometry orb.Geometry
	Props    map[string]any
	// Time is when it happened at the source (a GPS fix time); zero means now.
	Time time.Time
	// Event names the sensor event behind a patch ("alarm", "temperature",
	// "heartbeat", ...), for rules and the journal; empty for plain edits.
	Event string
	// IfVersion, when non-zero, applies the change only if the feature is at
	// that version (optimistic concurrency); 0 applies unconditionally.
	IfVersion uint64
	// Actor is who made the change: a user, a device, "rules", "sim". It is
	// journalled with the change, so the journal is the audit trail.
	Actor string
	// Derived marks a patch of properties the server derives (a supervised
	// person's risk score) rather than a report from the feature's source:
	// it keeps the feature's Updated time, so that rules watching reports
	// (a missed check-in, a geofence) do not take it for one. A derived
	// change must be a Patch without geometry.
	Derived bool
}

// MaxEventLen caps Change.Event.
const MaxEventLen = 64

// Limits bounds what a change may carry.
var Limits = spatial.Limits{MaxVertices: 100_000}

// check validates everything about c that does not depend on the world's
// state, and coerces its properties to the schema's types. It returns the
// normalised change.
func (c Change) check(l *Layer) (Change, error) {
	if why := ValidID(c.ID); why != "" {
		return c, invalid("id", "%s", why)
	}
	if len(c.Event) > MaxEventLen || !utf8.ValidString(c.Event) || strings.IndexByte(c.Event, 0) >= 0 {
		return c, invalid("event", "longer than %d bytes, not valid UTF-8 or with a NUL character", MaxEventLen)
	}
	if len(c.Actor) > MaxIDLen || !utf8.ValidString(c.Actor) || strings.IndexByte(c.Actor, 0) >= 0 {
		return c, invalid("actor", "longer than %d bytes, not valid UTF-8 or with a NUL character", MaxIDLen)
	}
	switch c.Op {
	case Upsert, Patch:
	case Delete:
		return c, nil
	default:
		return c, invalid("op", "unknown operation %d", c.Op)
	}
	if c.Op == Upsert && c.Geometry == nil {
		return c, invalid("geometry", "required")
	}
	if c.Derived && (c.Op != Patch || c.Geometry != nil) {
		return c, invalid("op", "a derived change must be a patch of properties only")
	}
	if c.Geometry != nil {
		if err := checkGeometry(l, c.Geometry); err != nil {
			return c, err
		}
	}
	props, err := coerceProps(l, c.Props, c.Op == Patch)
	if err != nil {
		return c, err
	}
	c.Props = props
	if c.Op == Upsert {
		if err := checkRequired(l, props); err != nil {
			return c, err
		}
	}
	return c, nil
}

func checkGeometry(l *Layer, g orb.Geometry) error {
	ok := false
	switch g.(type) {
	case orb.Point:
		ok = l.Geometry == Point
	case orb.LineString, orb.MultiLineString:
		ok = l.Geometry == LineString
	case orb.Polygon, orb.MultiPolygon:
		ok = l.Geometry == Polygon
	}
	if !ok {
		return invalid("geometry.type", "layer %s holds %s geometries, got %s", l.Name, l.Geometry, g.GeoJSONType())
	}
	if err := spatial.Validate(g, Limits); err != nil {
		ge := err.(*spatial.GeometryError)
		field := "geometry"
		if ge.Path != "" {
			field += "." + ge.Path
		}
		return invalid(field, "%s", ge.Reason)
	}
	return nil
}

// coerceProps checks every property against the schema. In a patch a nil
// value is kept, meaning "remove".
func coerceProps(l *Layer, in map[string]any, patch bool) (map[string]any, error) {
	out := make(map[string]any, len(in))
	for k, v := range in {
		f, ok := l.Field(k)
		if !ok {
			return nil, invalid("properties."+k, "layer %s has no such property", l.Name)
		}
		if v == nil {
			if patch {
				if f.Required {
					return nil, invalid("properties."+k, "required, cannot be removed")
				}
				out[k] = nil
			}
			continue
		}
		cv, err := Coerce(f, v)
		if err != nil {
			return nil, err
		}
		out[k] = cv
	}
	return out, nil
}

func checkRequired(l *Layer, props map[string]any) error {
	for _, f := range l.Fields {
		if _, ok := props[f.Name]; f.Required && !ok {
			return invalid("properties."+f.Name, "required")
		}
	}
	return nil
}
