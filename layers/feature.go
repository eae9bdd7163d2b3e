package layers

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Feature is one thing on the map at one version. A *Feature held by the
// World is never modified: a change makes a new one, so a reader holding a
// pointer keeps a consistent state without holding a lock.
type Feature struct {
	ID       string
	Layer    string
	Geometry orb.Geometry
	// Props holds the layer's properties as string, int64, float64, bool or
	// time.Time values, as the schema's types say.
	Props map[string]any
	// Updated is the time of the change that made this version: the source's
	// own time where it gave one (a GPS fix time), else the server's.
	Updated time.Time
	// Version is the sequence number of that change.
	Version uint64
}

// Bound returns the feature's bounding box.
func (f *Feature) Bound() orb.Bound { return f.Geometry.Bound() }

// MaxStringLen caps string property values, in bytes.
const MaxStringLen = 4096

// MaxIDLen caps feature IDs, in bytes.
const MaxIDLen = 128

// ValidID reports why id is not a usable feature ID, or "" when it is: 1 to
// MaxIDLen bytes of UTF-8 without control characters or '/'.
func ValidID(id string) string {
	switch {
	case id == "":
		return "must not be empty"
	case len(id) > MaxIDLen:
		return "longer than " + strconv.Itoa(MaxIDLen) + " bytes"
	case !utf8.ValidString(id):
		return "not valid UTF-8"
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f || r == '/' {
			return "contains a control character or '/'"
		}
	}
	return ""
}

// Coerce converts a decoded JSON value (or a Go value) to the Go type of
// field f, or says why it cannot. It accepts integral floats for Int fields
// and RFC 3339 strings for Time fields.
func Coerce(f Field, v any) (any, error) {
	out, err := coerce(f, v)
	if err == nil && f.Check != nil {
		if cerr := f.Check(out); cerr != nil {
			return nil, invalid("properties."+f.Name, "%s", cerr.Error())
		}
	}
	return out, err
}

func coerce(f Field, v any) (any, error) {
	path := "properties." + f.Name
	switch f.Type {
	case String:
		s, ok := v.(string)
		if !ok {
			return nil, invalid(path, "want a string, got %s", jsonKind(v))
		}
		if len(s) > MaxStringLen || !utf8.ValidString(s) {
			return nil, invalid(path, "not valid UTF-8 or longer than %d bytes", MaxStringLen)
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, invalid(path, "contains a NUL character")
		}
		if len(f.Enum) > 0 && !contains(f.Enum, s) {
			return nil, invalid(path, "%q is not one of %v", s, f.Enum)
		}
		return s, nil
	case Int:
		x, ok := number(v)
		if !ok || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return nil, invalid(path, "want an integer, got %s", jsonKind(v))
		}
		return int64(x), nil
	case Float:
		x, ok := number(v)
		if !ok {
			return nil, invalid(path, "want a finite number, got %s", jsonKind(v))
		}
		return x, nil
	case Bool:
		b, ok := v.(bool)
		if !ok {
			return nil, invalid(path, "want true or false, got %s", jsonKind(v))
		}
		return b, nil
	case Time:
		switch t := v.(type) {
		case time.Time:
			return t.UTC(), nil
		case string:
			tt, err := time.Parse(time.RFC3339Nano, t)
			if err != nil {
				return nil, invalid(path, "want an RFC 3339 time such as 2026-11-23T08:00:00+08:00")
			}
			return tt.UTC(), nil
		}
		return nil, invalid(path, "want an RFC 3339 time string, got %s", jsonKind(v))
	}
	return nil, invalid(path, "field has unknown type %q", f.Type)
}

// number reads a finite number from the numeric types a decoder produces.
func number(v any) (float64, bool) {
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case float32:
		x = float64(n)
	case int:
		x = float64(n)
	case int64:
		x = float64(n)
	case json.Number:
		f, err := n.Float64()
		if err != nil {
			return 0, false
		}
		x = f
	default:
		return 0, false
	}
	return x, !math.IsNaN(x) && !math.IsInf(x, 0)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, float32, int, int64, json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "an unsupported value"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
