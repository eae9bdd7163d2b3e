package postgis

import (
	"strings"
	"testing"

	"lookout/layers"
)

// TestNewTable checks the column names a layer's table gets and the layer
// names and schemas the store refuses.
func TestNewTable(t *testing.T) {
	long := strings.Repeat("长", 22) // 66 bytes
	cases := []struct {
		name    string
		layer   string
		fields  []layers.Field
		want    []string // the property and _ns columns, in order
		wantErr string
	}{
		{"plain", "vehicles", []layers.Field{{Name: "plate", Type: layers.String}, {Name: "seen", Type: layers.Time}},
			[]string{"plate", "seen", "seen_ns"}, ""},
		{"fixed names are prefixed", "odd", []layers.Field{{Name: "id", Type: layers.String}, {Name: "updated", Type: layers.Time},
			{Name: "fid", Type: layers.Int}}, []string{"prop_id", "prop_updated", "prop_updated_ns", "prop_fid"}, ""},
		{"a property named like a companion", "odd", []layers.Field{{Name: "seen", Type: layers.Time},
			{Name: "seen_ns", Type: layers.Int}}, nil, "taken"},
		{"a column name too long", "odd", []layers.Field{{Name: long, Type: layers.String}}, nil, "longer than 63"},
		{"the store's own prefix", "lookout_x", nil, nil, "reserved prefix"},
		{"a system prefix", "pg_x", nil, nil, "reserved prefix"},
		{"an empty name", "", nil, nil, "empty"},
		{"a table name too long", strings.Repeat("x", 55), nil, nil, "longer than 54"},
		{"an unknown type", "odd", []layers.Field{{Name: "x", Type: "blob"}}, nil, "unknown property type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb, err := newTable(&layers.Layer{Name: c.layer, Geometry: layers.Point, Fields: c.fields})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("newTable: %v, want an error saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, col := range tb.cols {
				got = append(got, col.name)
				if col.ns != "" {
					got = append(got, col.ns)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("columns %v, want %v", got, c.want)
			}
		})
	}
}
