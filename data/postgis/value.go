package postgis

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"lookout/layers"
)

// splitTime splits t into the microsecond PostgreSQL keeps (rounded down,
// as pgx sends it) and the nanoseconds past it, for the _ns column.
func splitTime(t time.Time) (time.Time, int16) {
	ns := t.Nanosecond() % 1000
	return t.Add(-time.Duration(ns)).UTC(), int16(ns)
}

// joinTime undoes splitTime, in UTC.
func joinTime(t time.Time, ns int16) time.Time {
	return t.UTC().Add(time.Duration(ns))
}

// propArray gathers one property column's values for an upsert, as the
// array parameter of the column's type (and, for a time, the array of its
// nanoseconds). A missing property is NULL.
type propArray struct {
	field  layers.Field
	text   []pgtype.Text
	ints   []pgtype.Int8
	floats []pgtype.Float8
	bools  []pgtype.Bool
	times  []pgtype.Timestamptz
	ns     []pgtype.Int2
}

// add appends the value v (nil when the feature lacks the property).
func (a *propArray) add(v any) error {
	ok := v != nil
	var good bool
	switch a.field.Type {
	case layers.String:
		x, is := v.(string)
		a.text, good = append(a.text, pgtype.Text{String: x, Valid: ok}), is
	case layers.Int:
		x, is := v.(int64)
		a.ints, good = append(a.ints, pgtype.Int8{Int64: x, Valid: ok}), is
	case layers.Float:
		x, is := v.(float64)
		a.floats, good = append(a.floats, pgtype.Float8{Float64: x, Valid: ok}), is
	case layers.Bool:
		x, is := v.(bool)
		a.bools, good = append(a.bools, pgtype.Bool{Bool: x, Valid: ok}), is
	case layers.Time:
		x, is := v.(time.Time)
		t, ns := splitTime(x)
		a.times, good = append(a.times, pgtype.Timestamptz{Time: t, Valid: ok}), is
		a.ns = append(a.ns, pgtype.Int2{Int16: ns, Valid: ok})
	}
	if ok && !good {
		return permanent(fmt.Errorf("property %s: %T value for a %s field", a.field.Name, v, a.field.Type))
	}
	return nil
}

// args returns the array parameters: one, or two for a time.
func (a *propArray) args() []any {
	switch a.field.Type {
	case layers.String:
		return []any{a.text}
	case layers.Int:
		return []any{a.ints}
	case layers.Float:
		return []any{a.floats}
	case layers.Bool:
		return []any{a.bools}
	}
	return []any{a.times, a.ns}
}

// propCell is the scan target of one property column (and its nanoseconds
// column) of a loaded row.
type propCell struct {
	field layers.Field
	text  pgtype.Text
	int   pgtype.Int8
	float pgtype.Float8
	bool  pgtype.Bool
	time  pgtype.Timestamptz
	ns    pgtype.Int2
}

// dest returns the Scan destinations, in the order of writeColumns.
func (c *propCell) dest() []any {
	switch c.field.Type {
	case layers.String:
		return []any{&c.text}
	case layers.Int:
		return []any{&c.int}
	case layers.Float:
		return []any{&c.float}
	case layers.Bool:
		return []any{&c.bool}
	}
	return []any{&c.time, &c.ns}
}

// value returns the scanned value, or false for NULL.
func (c *propCell) value() (any, bool) {
	switch c.field.Type {
	case layers.String:
		return c.text.String, c.text.Valid
	case layers.Int:
		return c.int.Int64, c.int.Valid
	case layers.Float:
		return c.float.Float64, c.float.Valid
	case layers.Bool:
		return c.bool.Bool, c.bool.Valid
	}
	return joinTime(c.time.Time, c.ns.Int16), c.time.Valid
}
