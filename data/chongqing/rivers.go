package chongqing

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
)

//go:embed rivers.geojson
var riversJSON []byte

// River is one river line of the basemap, from GSHHG's WDBII rivers.
type River struct {
	// Name is the Chinese name for the three named main rivers (长江, 嘉陵江,
	// 乌江) and empty for the rest, which WDBII does not name.
	Name string
	// NameEN is the English name of a named river, e.g. "Yangtze".
	NameEN string
	// Level is the WDBII river class: 1 permanent major rivers, 2 additional major
	// rivers, 3 additional rivers, 4 minor rivers.
	Level int
	// Geometry is the line in lon/lat.
	Geometry orb.LineString
}

var rivers struct {
	once sync.Once
	list []River
	err  error
}

// Rivers returns the rivers over the box lon 105–110.5, lat 28–32.5, named ones
// first, then by level. The embedded file is parsed once and the result is shared;
// callers must not modify it.
func Rivers() ([]River, error) {
	rivers.once.Do(func() {
		rivers.list, rivers.err = parseRivers(riversJSON)
	})
	if rivers.err != nil {
		return nil, rivers.err
	}
	return rivers.list[:len(rivers.list):len(rivers.list)], nil
}

// parseRivers decodes a river FeatureCollection as written by regen.sh.
func parseRivers(data []byte) ([]River, error) {
	fs, err := parseCollection(data, "rivers")
	if err != nil {
		return nil, err
	}
	out := make([]River, 0, len(fs))
	for i := range fs {
		f := &fs[i]
		ls, err := f.lineString()
		if err != nil {
			return nil, fmt.Errorf("chongqing: river feature %d: %w", i, err)
		}
		out = append(out, River{Name: f.str("name"), NameEN: f.str("name_en"), Level: f.num("level"), Geometry: ls})
	}
	return out, nil
}
