package layers

// Fields shared by many layers, so that every layer spells them alike.
var (
	// NameField is a feature's display name.
	NameField = Field{Name: "name", Type: String, Title: Title{"名称", "Name"}, Tile: true, Required: true}
	// DistrictField is the 6-digit division code of the district a feature
	// is in (e.g. 500105 for 江北区).
	DistrictField = Field{Name: "district", Type: String, Title: Title{"区县", "District"}}
	// AddressField is a street address.
	AddressField = Field{Name: "address", Type: String, Title: Title{"地址", "Address"}}
	// SpeedField is ground speed from a position fix.
	SpeedField = Field{Name: "speed", Type: Float, Title: Title{"速度", "Speed"}, Unit: "km/h"}
	// HeadingField is course over ground from a position fix.
	HeadingField = Field{Name: "heading", Type: Float, Title: Title{"航向", "Heading"}, Tile: true, Unit: "°"}
	// AccuracyField is a fix's horizontal accuracy radius.
	AccuracyField = Field{Name: "accuracy", Type: Float, Title: Title{"定位精度", "Accuracy"}, Unit: "m"}
	// HeartbeatField is when a device last reported.
	HeartbeatField = Field{Name: "last_seen", Type: Time, Title: Title{"最后上报", "Last seen"}}
)

// AllRoles lists every role but admin (who sees everything anyway).
var AllRoles = []Role{RoleForest, RoleFleet, RoleMarket, RoleCustody, RoleCommand}

// TimeField is a time property with its titles: a lifecycle's stage times
// (acknowledged_at, on_scene_at, …).
func TimeField(name, zh, en string) Field {
	return Field{Name: name, Type: Time, Title: Title{Zh: zh, En: en}}
}
