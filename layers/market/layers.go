// Package market defines the market supervision layers: farmers' markets and
// their stalls (with traceability), pharmacies with cold-storage sensors,
// kitchens watched by cameras, and elevators.
package market

import "lookout/layers"

var marketRoles = []layers.Role{layers.RoleMarket, layers.RoleCommand}

// Markets are farmers' market halls.
var Markets = &layers.Layer{
	Name:     "markets",
	Title:    layers.Title{Zh: "农贸市场", En: "Farmers' markets"},
	Domain:   layers.Market,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		layers.NameField,
		layers.DistrictField,
		layers.AddressField,
		{Name: "operator", Type: layers.String, Title: layers.Title{Zh: "开办者", En: "Operator"}},
		{Name: "stalls", Type: layers.Int, Title: layers.Title{Zh: "摊位数", En: "Stalls"}},
	},
	MinZoom: 10, MaxZoom: 22,
	Roles: marketRoles,
	Label: "name",
}

// Stalls are the stalls inside a market hall, with what they sell and where
// it came from.
var Stalls = &layers.Layer{
	Name:     "stalls",
	Title:    layers.Title{Zh: "摊位", En: "Stalls"},
	Domain:   layers.Market,
	Geometry: layers.Polygon,
	Fields: []layers.Field{
		{Name: "market", Type: layers.String, Title: layers.Title{Zh: "市场", En: "Market"}, Required: true},
		{Name: "number", Type: layers.String, Title: layers.Title{Zh: "摊位号", En: "Number"}, Tile: true, Required: true},
		{Name: "holder", Type: layers.String, Title: layers.Title{Zh: "经营者", En: "Holder"}},
		{Name: "category", Type: layers.String, Title: layers.Title{Zh: "品类", En: "Category"}, Tile: true,
			Enum: []string{"vegetable", "meat", "aquatic", "fruit", "grain_oil", "cooked", "dry_goods"}},
		{Name: "product", Type: layers.String, Title: layers.Title{Zh: "主营商品", En: "Product"}},
		{Name: "supplier", Type: layers.String, Title: layers.Title{Zh: "供货商", En: "Supplier"}},
		{Name: "price", Type: layers.Float, Title: layers.Title{Zh: "价格", En: "Price"}, Unit: "元/斤"},
		{Name: "trace_code", Type: layers.String, Title: layers.Title{Zh: "追溯码", En: "Traceability code"}},
	},
	MinZoom: 15, MaxZoom: 22,
	Roles: marketRoles,
}

// Pharmacies are retail pharmacies with a cold-storage temperature sensor
// and pharmacist on-duty check-in.
var Pharmacies = &layers.Layer{
	Name:     "pharmacies",
	Title:    layers.Title{Zh: "药店", En: "Pharmacies"},
	Domain:   layers.Market,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		layers.DistrictField,
		layers.AddressField,
		{Name: "license", Type: layers.String, Title: layers.Title{Zh: "许可证号", En: "Licence"}},
		{Name: "cold_temp", Type: layers.Float, Title: layers.Title{Zh: "冷藏温度", En: "Cold storage"}, Unit: "°C"},
		{Name: "cold_status", Type: layers.String, Title: layers.Title{Zh: "冷藏状态", En: "Cold storage status"}, Tile: true,
			Enum: []string{"normal", "alarm", "offline"}},
		{Name: "pharmacist_on_duty", Type: layers.Bool, Title: layers.Title{Zh: "药师在岗", En: "Pharmacist on duty"}},
		{Name: "last_checkin", Type: layers.Time, Title: layers.Title{Zh: "最后签到", En: "Last check-in"}},
	},
	MinZoom: 8, MaxZoom: 22,
	Roles:        marketRoles,
	Live:         true,
	ClusterBelow: 13,
	Label:        "name",
}

// Kitchens are school and kindergarten canteens, food producers,
// elderly-care homes and restaurants with kitchen cameras ("明厨亮灶").
var Kitchens = &layers.Layer{
	Name:     "kitchens",
	Title:    layers.Title{Zh: "明厨亮灶", En: "Kitchens"},
	Domain:   layers.Market,
	Geometry: layers.Point,
	Fields: []layers.Field{
		layers.NameField,
		layers.DistrictField,
		layers.AddressField,
		{Name: "kind", Type: layers.String, Title: layers.Title{Zh: "类型", En: "Kind"}, Tile: true, Required: true,
			Enum: []string{"school_canteen", "kindergarten_canteen", "food_producer", "elderly_care", "restaurant"}},
		{Name: "camera_status", Type: layers.String, Title: layers.Title{Zh: "摄像头状态", En: "Camera status"}, Tile: true,
			Enum: []string{"online", "offline", "violation"}},
		{Name: "violation", Type: layers.String, Title: layers.Title{Zh: "违规行为", En: "Violation"},
			Enum: []string{"no_mask", "no_hat", "smoking", "phone", "dirty", "rodent"}},
		{Name: "violation_at", Type: layers.Time, Title: layers.Title{Zh: "违规时间", En: "Violation time"}},
		{Name: "rating", Type: layers.String, Title: layers.Title{Zh: "量化等级", En: "Rating"}, Enum: []string{"A", "B", "C"}},
	},
	MinZoom: 8, MaxZoom: 22,
	Roles:        marketRoles,
	Live:         true,
	ClusterBelow: 13,
	Label:        "name",
}

// Elevators report entrapments and faults and carry a risk index.
var Elevators = &layers.Layer{
	Name:     "elevators",
	Title:    layers.Title{Zh: "电梯", En: "Elevators"},
	Domain:   layers.Market,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "code", Type: layers.String, Title: layers.Title{Zh: "注册代码", En: "Registration code"}, Tile: true, Required: true},
		{Name: "building", Type: layers.String, Title: layers.Title{Zh: "所在建筑", En: "Building"}},
		layers.DistrictField,
		{Name: "status", Type: layers.String, Title: layers.Title{Zh: "状态", En: "Status"}, Tile: true, Required: true,
			Enum: []string{"normal", "fault", "entrapment", "maintenance"}},
		{Name: "risk_index", Type: layers.Float, Title: layers.Title{Zh: "风险指数", En: "Risk index"}},
		{Name: "last_inspection", Type: layers.Time, Title: layers.Title{Zh: "最近维保", En: "Last inspection"}},
	},
	MinZoom: 10, MaxZoom: 22,
	Roles:        marketRoles,
	Live:         true,
	ClusterBelow: 14,
}
