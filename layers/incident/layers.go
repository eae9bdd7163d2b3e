// Package incident turns alerts into incidents and follows them from alarm
// to disposal: the alerts and incidents layers, the correlation of alerts
// about one thing into one incident (by domain, H3 cell and time), the
// lifecycle with who and when at each step, and the engine that runs the
// domain rules on every committed change.
package incident

import "lookout/layers"

var (
	domains  = []string{"forest", "fleet", "market", "custody"}
	statuses = []string{"new", "acknowledged", "verified", "dispatched", "on_scene", "resolved", "dismissed"}
	// commandRoles see every alert and incident; domain roles will see
	// their own domain's (per-feature filtering arrives with access control).
	commandRoles = layers.AllRoles
)

func actorField(name, zh, en string) layers.Field {
	return layers.Field{Name: name, Type: layers.String, Title: layers.Title{Zh: zh, En: en}}
}

// Incidents are what alerts become: one per thing happening, with its
// evidence (the alerts merged into it) and its stage times.
var Incidents = &layers.Layer{
	Name:     "incidents",
	Title:    layers.Title{Zh: "事件", En: "Incidents"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "title", Type: layers.String, Title: layers.Title{Zh: "标题", En: "Title"}, Tile: true, Required: true},
		{Name: "title_en", Type: layers.String, Title: layers.Title{Zh: "英文标题", En: "Title (English)"}, Tile: true},
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true},
		{Name: "domain", Type: layers.String, Title: layers.Title{Zh: "业务域", En: "Domain"}, Tile: true, Required: true, Enum: domains},
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Required: true, Enum: statuses},
		{Name: "severity", Type: layers.Int, Title: layers.Title{Zh: "等级", En: "Severity"}, Tile: true},
		{Name: "source", Type: layers.String, Title: layers.Title{Zh: "来源", En: "Source"}, Tile: true},
		{Name: "subject", Type: layers.String, Title: layers.Title{Zh: "对象", En: "Subject"}},
		{Name: "alerts", Type: layers.Int, Title: layers.Title{Zh: "告警数", En: "Alerts"}, Tile: true},
		{Name: "radius_m", Type: layers.Float, Title: layers.Title{Zh: "定位误差", En: "Location uncertainty"}, Unit: "m"},
		{Name: "cell", Type: layers.String, Title: layers.Title{Zh: "H3网格", En: "H3 cell"}},
		layers.TimeField("opened", "发生时间", "Opened"),
		layers.TimeField("last_alert", "最近告警", "Last alert"),
		layers.TimeField("acknowledged_at", "接警时间", "Acknowledged"),
		actorField("acknowledged_by", "接警人", "Acknowledged by"),
		layers.TimeField("verified_at", "核实时间", "Verified"),
		actorField("verified_by", "核实人", "Verified by"),
		layers.TimeField("dispatched_at", "派遣时间", "Dispatched"),
		layers.TimeField("on_scene_at", "到场时间", "On scene"),
		layers.TimeField("resolved_at", "处置完成", "Resolved"),
		actorField("resolved_by", "处置人", "Resolved by"),
		layers.TimeField("dismissed_at", "排除时间", "Dismissed"),
		actorField("dismissed_by", "排除人", "Dismissed by"),
		{Name: "note", Type: layers.String, Title: layers.Title{Zh: "备注", En: "Note"}},
		layers.DistrictField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles: commandRoles,
	Live:  true,
	Label: "title",
	Past:  []string{"resolved", "dismissed"},
}

// Alerts are rules firing: each about one subject, each merged into one
// incident, with the reason it was merged there.
var Alerts = &layers.Layer{
	Name:     "alerts",
	Title:    layers.Title{Zh: "告警", En: "Alerts"},
	Domain:   layers.Command,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "rule", Type: layers.String, Title: layers.Title{Zh: "规则", En: "Rule"}, Tile: true, Required: true},
		{Name: "domain", Type: layers.String, Title: layers.Title{Zh: "业务域", En: "Domain"}, Tile: true, Required: true, Enum: domains},
		{Name: "severity", Type: layers.Int, Title: layers.Title{Zh: "等级", En: "Severity"}, Tile: true},
		{Name: "title", Type: layers.String, Title: layers.Title{Zh: "标题", En: "Title"}, Tile: true, Required: true},
		{Name: "title_en", Type: layers.String, Title: layers.Title{Zh: "英文标题", En: "Title (English)"}},
		{Name: "detail", Type: layers.String, Title: layers.Title{Zh: "详情", En: "Detail"}},
		{Name: "subject_layer", Type: layers.String, Title: layers.Title{Zh: "对象图层", En: "Subject layer"}},
		{Name: "subject", Type: layers.String, Title: layers.Title{Zh: "对象", En: "Subject"}},
		{Name: "incident", Type: layers.String, Title: layers.Title{Zh: "所属事件", En: "Incident"}, Tile: true},
		{Name: "reason", Type: layers.String, Title: layers.Title{Zh: "归并理由", En: "Why merged"}},
		{Name: "radius_m", Type: layers.Float, Title: layers.Title{Zh: "定位误差", En: "Location uncertainty"}, Unit: "m"},
		{Name: "estimate", Type: layers.String, Title: layers.Title{Zh: "定位方式", En: "Estimate"}, Enum: []string{"located", "sector"}},
		{Name: "area", Type: layers.String, Title: layers.Title{Zh: "可能范围", En: "Uncertainty area"}},
		layers.TimeField("at", "告警时间", "Raised"),
		layers.DistrictField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:  commandRoles,
	Live:   true,
	Hidden: true,
}
