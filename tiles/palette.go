package tiles

import "lookout/layers"

// look is how a layer is drawn on the command-centre wall.
type look struct {
	color   string  // base colour of points, lines and outlines
	fill    string  // polygon fill ("" = color)
	opacity float64 // polygon fill opacity
	radius  float64 // point radius at z12, px
}

// looks gives each demo layer a colour that stays distinct on a dark map;
// layers not listed take their domain's.
var looks = map[string]look{
	"districts":       {color: "#2f6aa8", fill: "#10213a", opacity: 0.92},
	"rivers":          {color: "#2b7bd6"},
	"custody_zones":   {color: "#b35ad1", opacity: 0.10},
	"listed_places":   {color: "#d69e2e", opacity: 0.30},
	"markets":         {color: "#48bb78", opacity: 0.30},
	"stalls":          {color: "#68d391", opacity: 0.45},
	"pharmacies":      {color: "#38b2ac", radius: 4},
	"kitchens":        {color: "#f6ad55", radius: 4},
	"elevators":       {color: "#81e6d9", radius: 3.5},
	"cameras":         {color: "#f687b3", radius: 3.5},
	"ir_detectors":    {color: "#f6e05e", radius: 3},
	"hotspots":        {color: "#ff6b1a", radius: 7},
	"vehicles":        {color: "#b794f4", radius: 4.5},
	"custody_persons": {color: "#c6f432", radius: 4},
	"responders":      {color: "#4299e1", radius: 5},
	"incidents":       {color: "#ff3b3b", radius: 8},
	"risk":            {color: "#ffd166", opacity: 0.45},
}

var domainLooks = map[layers.Domain]look{
	layers.Base: {color: "#4a6fa5", opacity: 0.5}, layers.Forest: {color: "#f687b3", opacity: 0.3},
	layers.Fleet: {color: "#b794f4", opacity: 0.3}, layers.Market: {color: "#48bb78", opacity: 0.3},
	layers.Custody: {color: "#b35ad1", opacity: 0.2}, layers.Command: {color: "#4299e1", opacity: 0.3},
}

func lookOf(def *layers.Layer) look {
	lk, ok := looks[def.Name]
	if !ok {
		lk = domainLooks[def.Domain]
	}
	if lk.fill == "" {
		lk.fill = lk.color
	}
	if lk.radius == 0 {
		lk.radius = 4
	}
	return lk
}

// state is a value of a status-like field that the map colours apart.
type state struct {
	color string
	title layers.Title
}

// states colour the values of status-like fields alike on every layer: red
// asks for action, orange for attention, grey is out of service. A value not
// listed keeps the layer's colour.
var states = map[string]state{
	"alarm":           {"#ff3b3b", layers.Title{Zh: "告警", En: "Alarm"}},
	"violation":       {"#ff3b3b", layers.Title{Zh: "违规", En: "Violation"}},
	"entrapment":      {"#ff3b3b", layers.Title{Zh: "困人", En: "Entrapment"}},
	"missing_checkin": {"#ff3b3b", layers.Title{Zh: "未打卡", En: "Missed check-in"}},
	"new":             {"#ff3b3b", layers.Title{Zh: "新发现", En: "New"}},
	"fault":           {"#ff9f1c", layers.Title{Zh: "故障", En: "Fault"}},
	"acknowledged":    {"#ff9f1c", layers.Title{Zh: "已接警", En: "Acknowledged"}},
	"verified":        {"#ffd166", layers.Title{Zh: "已核实", En: "Verified"}},
	"dispatched":      {"#4299e1", layers.Title{Zh: "已派遣", En: "Dispatched"}},
	"on_scene":        {"#63b3ed", layers.Title{Zh: "已到场", En: "On scene"}},
	"moving":          {"#d6bcfa", layers.Title{Zh: "行驶中", En: "Moving"}},
	"unavailable":     {"#a0aec0", layers.Title{Zh: "忙碌", En: "Unavailable"}},
	"maintenance":     {"#a0aec0", layers.Title{Zh: "维保", En: "Maintenance"}},
	"offline":         {"#718096", layers.Title{Zh: "离线", En: "Offline"}},
	"off_duty":        {"#4a5568", layers.Title{Zh: "下班", En: "Off duty"}},
	"resolved":        {"#48bb78", layers.Title{Zh: "已处置", En: "Resolved"}},
	"extinguished":    {"#48bb78", layers.Title{Zh: "已扑灭", En: "Extinguished"}},
	"dismissed":       {"#718096", layers.Title{Zh: "误报", En: "Dismissed"}},
	"false_alarm":     {"#718096", layers.Title{Zh: "误报", En: "False alarm"}},
	// The five forest-fire danger classes, in the colours of the forest view.
	"low":       {"#2fa84f", layers.Title{Zh: "一级 低", En: "1 Low"}},
	"moderate":  {"#2f7ed8", layers.Title{Zh: "二级 较低", En: "2 Moderate"}},
	"high":      {"#f2c500", layers.Title{Zh: "三级 较高", En: "3 High"}},
	"very_high": {"#f28c28", layers.Title{Zh: "四级 高", En: "4 Very high"}},
	"extreme":   {"#e0303e", layers.Title{Zh: "五级 极高", En: "5 Extreme"}},
}

// statusFields are the fields, in order of preference, whose value colours
// a feature.
var statusFields = []string{"status", "availability", "cold_status", "camera_status", "danger"}

// statusField returns the layer's status-like tile field and the values of
// it that have their own colour.
func statusField(def *layers.Layer) (string, []string) {
	for _, name := range statusFields {
		f, ok := def.Field(name)
		if !ok || !f.Tile {
			continue
		}
		var values []string
		for _, v := range f.Enum {
			if _, ok := states[v]; ok {
				values = append(values, v)
			}
		}
		if len(values) > 0 {
			return name, values
		}
	}
	return "", nil
}

// groupTitles name the panel's groups, one per domain, in panel order.
var groupTitles = []struct {
	domain layers.Domain
	title  layers.Title
}{
	{layers.Forest, layers.Title{Zh: "森林防火", En: "Forest fire prevention"}},
	{layers.Fleet, layers.Title{Zh: "公务用车", En: "Official vehicles"}},
	{layers.Market, layers.Title{Zh: "市场监管", En: "Market supervision"}},
	{layers.Custody, layers.Title{Zh: "非羁押监管", En: "Non-custodial supervision"}},
	{layers.Command, layers.Title{Zh: "事件与调度", En: "Incidents & dispatch"}},
	{layers.Base, layers.Title{Zh: "底图", En: "Basemap"}},
}
