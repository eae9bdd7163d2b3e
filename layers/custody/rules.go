package custody

import (
	"time"

	"lookout/layers"
)

// checkIn is how long a supervised person may go without reporting their
// position: their phones report every one to five minutes.
const checkIn = 10 * time.Minute

// Rules returns the non-custodial supervision rules: a missed check-in.
func Rules() []layers.Rule {
	return []layers.Rule{
		&layers.Silence{ID: "missed_checkin", Layer: Persons.Name, Expect: checkIn, Severity: 2, Domain: layers.Custody,
			Title: func(f *layers.Feature) layers.Title {
				name, _ := f.Props["name"].(string)
				return layers.Title{Zh: name + " 未按时打卡", En: "Missed check-in: " + name}
			}},
	}
}
