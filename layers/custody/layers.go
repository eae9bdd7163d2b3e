// Package custody defines the non-custodial supervision layers: supervised
// people, the zones they must keep to, and the places they must keep away
// from. Only the custody role (and admin) may see them.
package custody

import "lookout/layers"

var custodyRoles = []layers.Role{layers.RoleCustody}

// Persons are people under non-custodial supervision, with their last
// checked-in position. Co-defendants share a case.
var Persons = &layers.Layer{
	Name:     "custody_persons",
	Title:    layers.Title{Zh: "非羁押人员", En: "Supervised persons"},
	Domain:   layers.Custody,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		{Name: "case", Type: layers.String, Title: layers.Title{Zh: "案件编号", En: "Case"}, Required: true},
		{Name: "measure", Type: layers.String, Title: layers.Title{Zh: "强制措施", En: "Measure"},
			Enum: []string{"bail", "residential_surveillance"}},
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Required: true,
			Enum: []string{"normal", "violation", "missing_checkin"}},
		{Name: "risk", Type: layers.Float, Title: layers.Title{Zh: "风险评分", En: "Risk score"}, Tile: true},
		{Name: "risk_base", Type: layers.Float, Title: layers.Title{Zh: "基础风险", En: "Base risk"}},
		{Name: "officer", Type: layers.String, Title: layers.Title{Zh: "责任民警", En: "Officer"}},
		{Name: "last_checkin", Type: layers.Time, Title: layers.Title{Zh: "最后打卡", En: "Last check-in"}},
		layers.AccuracyField,
		layers.DistrictField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        custodyRoles,
	Live:         true,
	Track:        true,
	ClusterBelow: 14,
	Label:        "name",
}

// Zones are the areas a supervised person must stay inside.
var Zones = &layers.Layer{
	Name:     "custody_zones",
	Title:    layers.Title{Zh: "活动区域", En: "Custody zones"},
	Domain:   layers.Custody,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		{Name: "person", Type: layers.String, Title: layers.Title{Zh: "人员", En: "Person"}, Required: true},
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true,
			Enum: []string{"inclusion", "exclusion"}},
		{Name: "schedule", Type: layers.String, Title: layers.Title{Zh: "时段", En: "Schedule"}, Check: checkSchedule},
	},
	MinZoom: 15, MaxZoom: 22,
	Roles: custodyRoles,
	// Thousands of zones overlap in one district: drawing them all tells a
	// supervisor nothing, so the wall shows them only when asked and close up.
	Hidden: true,
}

// ListedPlaces are places supervised people must keep away from.
var ListedPlaces = &layers.Layer{
	Name:     "listed_places",
	Title:    layers.Title{Zh: "禁入场所", En: "Listed places"},
	Domain:   layers.Custody,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		layers.NameField,
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true,
			Enum: []string{"bar", "ktv", "internet_cafe", "casino_risk", "victim_residence", "school", "station"}},
		layers.AddressField,
		layers.DistrictField,
	},
	MinZoom: 10, MaxZoom: 22,
	Roles: custodyRoles,
	Label: "name",
}

// Layers returns the custody layers.
func Layers() []*layers.Layer { return []*layers.Layer{Persons, Zones, ListedPlaces} }
