package postgis

import (
	"time"

	"lookout/layers"
)

// rowSet gathers the rows one commit writes to one layer table, as the
// upsert's parameters: one array per column, in writeColumns order.
type rowSet struct {
	ids       []string
	geoms     [][]byte
	versions  []int64
	updated   []time.Time
	updatedNS []int16
	props     []*propArray // one per property column
}

func newRowSet(t *table) *rowSet {
	s := &rowSet{props: make([]*propArray, len(t.cols))}
	for i, c := range t.cols {
		s.props[i] = &propArray{field: c.field}
	}
	return s
}

// add appends feature f's row; geom is its geometry's EWKB.
func (s *rowSet) add(f *layers.Feature, geom []byte) error {
	for _, p := range s.props {
		if err := p.add(f.Props[p.field.Name]); err != nil {
			return err
		}
	}
	up, ns := splitTime(f.Updated)
	s.ids, s.geoms, s.versions = append(s.ids, f.ID), append(s.geoms, geom), append(s.versions, int64(f.Version))
	s.updated, s.updatedNS = append(s.updated, up), append(s.updatedNS, ns)
	return nil
}

// args returns the upsert's parameters.
func (s *rowSet) args() []any {
	a := []any{s.ids, s.geoms, s.versions, s.updated, s.updatedNS}
	for _, p := range s.props {
		a = append(a, p.args()...)
	}
	return a
}
