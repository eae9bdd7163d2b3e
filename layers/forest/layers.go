// Package forest defines the forest fire prevention layers: video cameras
// that detect smoke within 5 km, under-canopy infrared flame detectors, and
// fire hot spots.
package forest

import "lookout/layers"

var (
	forestRoles  = []layers.Role{layers.RoleForest, layers.RoleCommand}
	deviceStatus = []string{"online", "offline", "alarm", "fault"}
)

// Cameras are the video-monitoring cameras on high ground; each sees a
// sector of RangeM metres around Heading with an FOV-degree field of view.
var Cameras = &layers.Layer{
	Name:     "cameras",
	Title:    layers.Title{Zh: "森林防火视频监控", En: "Forest cameras"},
	Domain:   layers.Forest,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		layers.DistrictField,
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Enum: deviceStatus, Required: true},
		{Name: "heading", Type: layers.Float, Title: layers.Title{Zh: "朝向", En: "Heading"}, Tile: true, Unit: "°"},
		{Name: "fov", Type: layers.Float, Title: layers.Title{Zh: "视场角", En: "Field of view"}, Tile: true, Unit: "°"},
		{Name: "range_m", Type: layers.Float, Title: layers.Title{Zh: "监测半径", En: "Range"}, Tile: true, Unit: "m"},
		{Name: "elevation_m", Type: layers.Float, Title: layers.Title{Zh: "海拔", En: "Elevation"}, Unit: "m"},
		{Name: "pan_tilt", Type: layers.Bool, Title: layers.Title{Zh: "云台", En: "Pan-tilt"}},
		{Name: "model", Type: layers.String, Title: layers.Title{Zh: "型号", En: "Model"}},
		// A smoke detection reports the bearing from the camera to the smoke,
		// so that two cameras can triangulate the fire.
		{Name: "smoke_bearing", Type: layers.Float, Title: layers.Title{Zh: "烟雾方位", En: "Smoke bearing"}, Unit: "°"},
		{Name: "smoke_confidence", Type: layers.Float, Title: layers.Title{Zh: "烟雾置信度", En: "Smoke confidence"}},
		{Name: "smoke_at", Type: layers.Time, Title: layers.Title{Zh: "发现烟雾", En: "Smoke seen"}},
		layers.HeartbeatField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        forestRoles,
	Live:         true,
	ClusterBelow: 10,
	Label:        "name",
}

// IRDetectors are infrared flame detectors under the canopy.
var IRDetectors = &layers.Layer{
	Name:     "ir_detectors",
	Title:    layers.Title{Zh: "红外火焰探测器", En: "IR flame detectors"},
	Domain:   layers.Forest,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		layers.DistrictField,
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Enum: deviceStatus, Required: true},
		{Name: "scenic_area", Type: layers.String, Title: layers.Title{Zh: "所在林区", En: "Forest area"}},
		{Name: "battery", Type: layers.Float, Title: layers.Title{Zh: "电量", En: "Battery"}, Unit: "%"},
		{Name: "flame", Type: layers.Float, Title: layers.Title{Zh: "火焰强度", En: "Flame intensity"}},
		layers.HeartbeatField,
	},
	MinZoom: 0, MaxZoom: 22,
	Roles:        forestRoles,
	Live:         true,
	ClusterBelow: 11,
	Label:        "name",
}

// Hotspots are fire hot spots from satellites, cameras, detectors or patrols.
var Hotspots = &layers.Layer{
	Name:     "hotspots",
	Title:    layers.Title{Zh: "火点", En: "Hot spots"},
	Domain:   layers.Forest,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.DistrictField,
		{Name: "source", Type: layers.String, Title: layers.Title{Zh: "来源", En: "Source"}, Tile: true, Required: true,
			Enum: []string{"viirs", "modis", "camera", "ir", "patrol", "report"}},
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Required: true,
			Enum: []string{"new", "verified", "false_alarm", "extinguished"}},
		{Name: "confidence", Type: layers.String, Title: layers.Title{Zh: "置信度", En: "Confidence"}},
		{Name: "frp", Type: layers.Float, Title: layers.Title{Zh: "火辐射功率", En: "Fire radiative power"}, Tile: true, Unit: "MW"},
		{Name: "brightness", Type: layers.Float, Title: layers.Title{Zh: "亮温", En: "Brightness"}, Unit: "K"},
		{Name: "scan_km", Type: layers.Float, Title: layers.Title{Zh: "像元宽", En: "Scan"}, Unit: "km"},
		{Name: "track_km", Type: layers.Float, Title: layers.Title{Zh: "像元高", En: "Track"}, Unit: "km"},
		{Name: "detected", Type: layers.Time, Title: layers.Title{Zh: "发现时间", En: "Detected"}},
	},
	MinZoom: 0, MaxZoom: 22,
	Roles: forestRoles,
	Live:  true,
}

// Layers returns the forest layers.
func Layers() []*layers.Layer { return []*layers.Layer{Cameras, IRDetectors, Hotspots} }
