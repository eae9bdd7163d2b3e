package forest

import (
	"fmt"

	"lookout/layers"
)

// Rules returns the forest rules: an infrared detector's flame alarm, and a
// camera's smoke detection (with its bearing to the smoke).
func Rules() []layers.Rule {
	return []layers.Rule{
		&layers.Transition{ID: "ir_flame", Layer: IRDetectors.Name, Field: "status",
			Values: map[string]int{"alarm": 3}, Domain: layers.Forest,
			Title: func(f *layers.Feature, _ string) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 红外火焰告警", En: "IR flame alarm at " + name}
			}},
		&layers.Transition{ID: "camera_smoke", Layer: Cameras.Name, Field: "status",
			Values: map[string]int{"alarm": 3}, Domain: layers.Forest,
			Title: func(f *layers.Feature, _ string) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 发现烟雾", En: "Smoke seen by " + name}
			},
			Describe: func(f *layers.Feature, _ string) string {
				if b, ok := f.Props["smoke_bearing"].(float64); ok {
					return fmt.Sprintf("bearing %.0f°", b)
				}
				return ""
			}},
	}
}
