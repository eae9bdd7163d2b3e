// Package dispatch sends responders to incidents: the responders layer
// (rangers, fire crews, patrol cars, market inspectors, custody officers,
// with their live positions and availability), the assignments layer (one
// responder sent to one incident, with its task state), the nearest-
// available recommendation ranked by ETA, and the tracker that notices a
// responder on the move and on scene.
//
// A responder has two separate states, as dispatch systems keep them:
// availability (off duty, available, unavailable: the person's or crew's
// duty status, set by them or their unit) and, per incident they are sent
// to, a task state (assigned → en route → on scene → released). The
// responder's "task" property names the incident of its one active
// assignment, so a busy responder is visible on the map and is not
// recommended twice.
package dispatch

import "lookout/layers"

// Availability values.
const (
	OffDuty     = "off_duty"
	Available   = "available"
	Unavailable = "unavailable"
)

// Task states of an assignment.
const (
	Assigned = "assigned"
	EnRoute  = "en_route"
	OnScene  = "on_scene"
	Released = "released"
)

// Kinds of responder.
var Kinds = []string{"ranger", "fire_crew", "patrol_car", "inspector", "custody_officer"}

// Responders are the people and crews who can be sent to an incident.
var Responders = &layers.Layer{
	Name:     "responders",
	Title:    layers.Title{Zh: "处置力量", En: "Responders"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true, Enum: Kinds},
		{Name: "unit", Type: layers.String, Title: layers.Title{Zh: "所属单位", En: "Unit"}},
		{Name: "availability", Type: layers.String, Title: layers.Title{Zh: "可用状态", En: "Availability"}, Tile: true, Required: true,
			Enum: []string{OffDuty, Available, Unavailable}},
		{Name: "capabilities", Type: layers.String, Title: layers.Title{Zh: "能力", En: "Capabilities"}},
		{Name: "members", Type: layers.Int, Title: layers.Title{Zh: "人数", En: "Members"}, Tile: true},
		{Name: "home_district", Type: layers.String, Title: layers.Title{Zh: "所属区县", En: "Home district"}},
		{Name: "task", Type: layers.String, Title: layers.Title{Zh: "当前任务", En: "Current task"}, Tile: true},
		{Name: "task_state", Type: layers.String, Title: layers.Title{Zh: "任务状态", En: "Task state"}, Tile: true,
			Enum: []string{Assigned, EnRoute, OnScene}},
		layers.SpeedField,
		layers.HeadingField,
		layers.AccuracyField,
		layers.DistrictField,
		layers.HeartbeatField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        []layers.Role{layers.RoleCommand, layers.RoleForest, layers.RoleFleet, layers.RoleMarket},
	Live:         true,
	Track:        true,
	ClusterBelow: 11,
	Label:        "name",
}

// Assignments are responders sent to incidents: one feature per responder
// per dispatch, at the incident's place, carrying the task state and when
// each state was reached. A responder's device follows its own assignments
// over the WebSocket (subscribe to this layer where responder = its ID).
var Assignments = &layers.Layer{
	Name:     "assignments",
	Title:    layers.Title{Zh: "派遣任务", En: "Assignments"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "incident", Type: layers.String, Title: layers.Title{Zh: "事件", En: "Incident"}, Tile: true, Required: true},
		{Name: "responder", Type: layers.String, Title: layers.Title{Zh: "处置力量", En: "Responder"}, Tile: true, Required: true},
		{Name: "responder_name", Type: layers.String, Title: layers.Title{Zh: "名称", En: "Name"}},
		{Name: "responder_kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Enum: Kinds},
		{Name: "title", Type: layers.String, Title: layers.Title{Zh: "任务", En: "Task"}},
		{Name: "state", Type: layers.String, Title: layers.Title{Zh: "任务状态", En: "Task state"}, Tile: true, Required: true,
			Enum: []string{Assigned, EnRoute, OnScene, Released}},
		{Name: "assigned_by", Type: layers.String, Title: layers.Title{Zh: "派遣人", En: "Assigned by"}},
		layers.TimeField("assigned_at", "派遣时间", "Assigned"),
		layers.TimeField("en_route_at", "出发时间", "En route"),
		layers.TimeField("on_scene_at", "到场时间", "On scene"),
		layers.TimeField("released_at", "解除时间", "Released"),
		{Name: "released_by", Type: layers.String, Title: layers.Title{Zh: "解除人", En: "Released by"}},
		{Name: "distance_m", Type: layers.Float, Title: layers.Title{Zh: "派遣时距离", En: "Distance when sent"}, Unit: "m"},
		{Name: "eta_s", Type: layers.Float, Title: layers.Title{Zh: "预计用时", En: "ETA when sent"}, Unit: "s"},
		{Name: "arrive_m", Type: layers.Float, Title: layers.Title{Zh: "到场判定半径", En: "On-scene radius"}, Unit: "m"},
		{Name: "note", Type: layers.String, Title: layers.Title{Zh: "备注", En: "Note"}},
		layers.DistrictField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:  []layers.Role{layers.RoleCommand, layers.RoleForest, layers.RoleFleet, layers.RoleMarket},
	Live:   true,
	Hidden: true,
}

// Layers returns the dispatch layers.
func Layers() []*layers.Layer { return []*layers.Layer{Responders, Assignments} }
