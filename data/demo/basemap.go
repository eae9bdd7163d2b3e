package demo

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
)

// basemap emits the 38 districts, keyed by division code, and the rivers:
// the named ones as river-yangtze, river-jialing, river-wu, the others
// numbered in the order chongqing.Rivers returns them.
func (g *gen) basemap() {
	for i := range g.ds {
		d := &g.ds[i]
		var geom orb.Geometry = d.Geometry
		if len(d.Geometry) == 1 {
			geom = d.Geometry[0]
		}
		g.put("districts", d.Code, geom, Epoch, map[string]any{
			"code": d.Code, "name": d.Name, "name_en": d.NameEN, "kind": districtKind(d.Kind),
			"area_km2": round(d.AreaKM2, 1),
		})
	}
	rivers, err := chongqing.Rivers()
	if err != nil {
		g.err = fmt.Errorf("demo: rivers: %w", err)
		return
	}
	for i, rv := range rivers {
		id := fmt.Sprintf("river-%03d", i+1)
		props := map[string]any{"level": int64(rv.Level)}
		if rv.Name != "" {
			id = "river-" + strings.ToLower(rv.NameEN)
			props["name"] = rv.Name
		}
		g.put("rivers", id, rv.Geometry, Epoch, props)
	}
}

// districtKind maps the boundaries' kind onto the layer's enum.
func districtKind(k string) string {
	if k == chongqing.KindCounty {
		return "county"
	}
	return "district"
}
