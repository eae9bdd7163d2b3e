// Package incident defines incidents: what alerts become when they are about
// one thing, followed from alarm to disposal.
package incident

import "lookout/layers"

// Incidents are open and closed incidents at their location.
var Incidents = &layers.Layer{
	Name:     "incidents",
	Title:    layers.Title{Zh: "事件", En: "Incidents"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "title", Type: layers.String, Title: layers.Title{Zh: "标题", En: "Title"}, Tile: true, Required: true},
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true},
		{Name: "domain", Type: layers.String, Title: layers.Title{Zh: "业务域", En: "Domain"}, Tile: true, Required: true,
			Enum: []string{"forest", "fleet", "market", "custody"}},
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Required: true,
			Enum: []string{"new", "acknowledged", "verified", "dispatched", "on_scene", "resolved", "dismissed"}},
		{Name: "severity", Type: layers.Int, Title: layers.Title{Zh: "等级", En: "Severity"}, Tile: true},
		{Name: "source", Type: layers.String, Title: layers.Title{Zh: "来源", En: "Source"}, Tile: true},
		{Name: "opened", Type: layers.Time, Title: layers.Title{Zh: "发生时间", En: "Opened"}},
		layers.DistrictField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles: layers.AllRoles,
	Live:  true,
	Label: "title",
}

// Layers returns the incident layers.
func Layers() []*layers.Layer { return []*layers.Layer{Incidents} }
