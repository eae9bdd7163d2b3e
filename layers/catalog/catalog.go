// Package catalog gathers the layers of every domain into the one list a
// World is opened with, in the order a map draws them (bottom first).
package catalog

import (
	"lookout/layers"
	"lookout/layers/basemap"
	"lookout/layers/custody"
	"lookout/layers/dispatch"
	"lookout/layers/fleet"
	"lookout/layers/forest"
	"lookout/layers/incident"
	"lookout/layers/market"
)

// All returns every layer definition: the basemap first, then areas, then
// fixed sites, then what moves, and incidents on top.
func All() []*layers.Layer {
	return []*layers.Layer{
		basemap.Districts, basemap.Rivers,
		custody.Zones, custody.ListedPlaces, fleet.Venues, market.Markets, market.Stalls,
		market.Pharmacies, market.Kitchens, market.Elevators,
		forest.Risk, forest.Weather, forest.DistrictRisk, forest.Cameras, forest.IRDetectors, forest.Hotspots,
		fleet.Vehicles, custody.Persons, dispatch.Responders,
		dispatch.Assignments, incident.Alerts, incident.Incidents,
	}
}
