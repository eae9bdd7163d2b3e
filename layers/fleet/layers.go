// Package fleet defines the official-vehicle supervision layers: vehicles
// with in-vehicle GPS.
package fleet

import "lookout/layers"

// Vehicles are official vehicles with in-vehicle GPS terminals.
var Vehicles = &layers.Layer{
	Name:     "vehicles",
	Title:    layers.Title{Zh: "公务车辆", En: "Official vehicles"},
	Domain:   layers.Fleet,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "plate", Type: layers.String, Title: layers.Title{Zh: "车牌", En: "Plate"}, Tile: true, Required: true},
		{Name: "unit", Type: layers.String, Title: layers.Title{Zh: "使用单位", En: "Unit"}},
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "车型", En: "Kind"}, Tile: true,
			Enum: []string{"sedan", "suv", "van", "bus", "truck"}},
		{Name: "driver", Type: layers.String, Title: layers.Title{Zh: "驾驶员", En: "Driver"}},
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true,
			Enum: []string{"parked", "moving", "offline"}, Required: true},
		{Name: "ignition", Type: layers.Bool, Title: layers.Title{Zh: "点火", En: "Ignition"}},
		layers.SpeedField,
		layers.HeadingField,
		layers.DistrictField,
		layers.HeartbeatField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        []layers.Role{layers.RoleFleet, layers.RoleCommand},
	Live:         true,
	Track:        true,
	ClusterBelow: 12,
	Label:        "plate",
}

// VenueKinds are the kinds of forbidden venue. A listed place of kind
// ktv, bar or casino_risk (a custody layer) is forbidden to official cars
// too.
var VenueKinds = []string{"golf_club", "private_club", "hot_spring_resort", "entertainment", "ktv", "bar", "casino_risk"}

// Venues are places official cars may not be taken to: golf clubs, private
// clubs, resorts, entertainment venues (the "eight-point rules" on the use
// of official cars).
var Venues = &layers.Layer{
	Name:     "venues",
	Title:    layers.Title{Zh: "公车禁入场所", En: "Forbidden venues"},
	Domain:   layers.Fleet,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		layers.NameField,
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true, Enum: VenueKinds},
		layers.AddressField,
		layers.DistrictField,
	},
	MinZoom: 10, MaxZoom: 22,
	Roles: []layers.Role{layers.RoleFleet, layers.RoleCommand},
	Label: "name",
}

// Layers returns the fleet layers.
func Layers() []*layers.Layer { return []*layers.Layer{Vehicles, Venues} }
