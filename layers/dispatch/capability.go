package dispatch

import "strings"

// Needs maps an incident's kind (the rule that raised it) to the capability
// a responder must have to be sent to it.
var Needs = map[string]string{
	"ir_flame":          "forest_fire",
	"camera_smoke":      "forest_fire",
	"hotspot":           "forest_fire",
	"camera_silent":     "patrol",
	"detector_silent":   "patrol",
	"kitchen_violation": "food_safety",
	"elevator":          "elevator",
	"cold_storage":      "drug",
	"forbidden_venue":   "police",
	"out_of_area":       "police",
	"out_of_hours":      "police",
	"speeding":          "police",
	"missed_checkin":    "custody",
	"leave_zone":        "custody",
	"listed_place":      "custody",
	"gathering_start":   "custody",
	"gathering_end":     "custody",
}

// needsByDomain is the capability for a kind Needs does not list.
var needsByDomain = map[string]string{
	"forest": "forest_fire", "market": "food_safety", "fleet": "police", "custody": "custody",
}

// Need returns the capability an incident of kind in domain calls for, or
// "" when any responder will do.
func Need(kind, domain string) string {
	if c, ok := Needs[kind]; ok {
		return c
	}
	return needsByDomain[domain]
}

// Capable reports whether a comma-separated capability list holds c; every
// responder is capable of "".
func Capable(list, c string) bool {
	if c == "" {
		return true
	}
	for list != "" {
		var head string
		head, list, _ = strings.Cut(list, ",")
		if strings.TrimSpace(head) == c {
			return true
		}
	}
	return false
}

// CapabilityZh names the capabilities in Chinese, for messages.
var CapabilityZh = map[string]string{
	"forest_fire": "森林灭火", "patrol": "巡护", "first_aid": "急救", "drone": "无人机", "water_pump": "水泵供水",
	"fire_break": "开设隔离带", "police": "治安处置", "traffic": "交通管理", "food_safety": "食品安全",
	"drug": "药品监管", "price": "价格监管", "special_equipment": "特种设备", "elevator": "电梯救援",
	"medical_device": "医疗器械", "custody": "非羁押监管",
}
