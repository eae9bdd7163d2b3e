// Package dispatch defines the responders: rangers, fire crews, patrol cars,
// market inspectors and custody officers, with their live positions and
// availability.
package dispatch

import "lookout/layers"

// Responders are the people and crews who can be sent to an incident.
var Responders = &layers.Layer{
	Name:     "responders",
	Title:    layers.Title{Zh: "处置力量", En: "Responders"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true,
			Enum: []string{"ranger", "fire_crew", "patrol_car", "inspector", "custody_officer"}},
		{Name: "unit", Type: layers.String, Title: layers.Title{Zh: "所属单位", En: "Unit"}},
		{Name: "availability", Type: layers.String, Title: layers.Title{Zh: "可用状态", En: "Availability"}, Tile: true, Required: true,
			Enum: []string{"off_duty", "available", "unavailable"}},
		{Name: "capabilities", Type: layers.String, Title: layers.Title{Zh: "能力", En: "Capabilities"}},
		{Name: "members", Type: layers.Int, Title: layers.Title{Zh: "人数", En: "Members"}, Tile: true},
		layers.SpeedField,
		layers.HeadingField,
		layers.AccuracyField,
		layers.DistrictField,
		layers.HeartbeatField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        []layers.Role{layers.RoleCommand, layers.RoleForest, layers.RoleFleet, layers.RoleMarket},
	Live:         true,
	ClusterBelow: 11,
	Label:        "name",
}

// Layers returns the dispatch layers.
func Layers() []*layers.Layer { return []*layers.Layer{Responders} }
