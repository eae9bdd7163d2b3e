package forest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/heat"
)

// DistrictRisk is each district's fire risk, one feature per district (ID:
// its code) at a point inside it, patched with the districts' roll-up once
// per trend period: the journal of its patches is the trend, so the hourly
// means survive a restart (RestoreTrend) and an analyst can read them
// from the store.
var DistrictRisk = &layers.Layer{
	Name:     "district_risk",
	Title:    layers.Title{Zh: "区县火险", En: "District fire risk"},
	Domain:   layers.Forest,
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "mean", Type: layers.Float, Title: layers.Title{Zh: "平均风险", En: "Mean risk"}, Tile: true},
		{Name: "max", Type: layers.Float, Title: layers.Title{Zh: "最高风险", En: "Max risk"}},
		{Name: "class", Type: layers.Int, Title: layers.Title{Zh: "火险等级", En: "Danger class"}, Tile: true},
		{Name: "cells", Type: layers.Int, Title: layers.Title{Zh: "林地网格", En: "Forest cells"}},
		{Name: "weather", Type: layers.Float, Title: layers.Title{Zh: "火险天气指数", En: "Fire-weather index"}},
		layers.DistrictField,
	},
	MinZoom: 5, MaxZoom: 22,
	Roles:  forestRoles,
	Hidden: true,
}

// TrendActor is the actor of the roll-up's journal entries.
const TrendActor = "heat"

// TrendChanges are the writes that record the districts' roll-up at at:
// an upsert (with where) for a district not yet in the layer, a patch of
// properties, without geometry, after that.
func TrendChanges(w *layers.World, ds []heat.District, where func(code string) orb.Point, at time.Time) []layers.Change {
	out := make([]layers.Change, 0, len(ds))
	for _, d := range ds {
		c := layers.Change{Op: layers.Patch, Layer: DistrictRisk.Name, ID: d.Code, Time: at, Actor: TrendActor,
			Props: map[string]any{"mean": d.Mean, "max": d.Max, "class": int64(d.Class), "cells": int64(d.Cells),
				"weather": d.Weather, "district": d.Code}}
		if _, err := w.Feature(DistrictRisk.Name, d.Code); err != nil {
			c.Op, c.Geometry = layers.Upsert, where(d.Code)
		}
		out = append(out, c)
	}
	return out
}

// RestoreTrend records in t the means journalled for each district, the
// newest t.Keep of each, oldest first. It returns how many samples it read.
func RestoreTrend(ctx context.Context, w *layers.World, t *heat.Trend) (int, error) {
	byTime := map[time.Time][]heat.District{}
	n := 0
	var herr error
	err := w.Each(DistrictRisk.Name, nil, func(f *layers.Feature) {
		recs, err := w.History(ctx, DistrictRisk.Name, f.ID, t.Keep)
		if err != nil {
			herr = cmp.Or(herr, err)
			return
		}
		for _, r := range recs {
			mean, ok := r.Change.Props["mean"].(float64)
			at := r.Change.Time
			if !ok || at.IsZero() {
				continue
			}
			byTime[at] = append(byTime[at], heat.District{Code: f.ID, Mean: mean})
			n++
		}
	})
	times := make([]time.Time, 0, len(byTime))
	for at := range byTime {
		times = append(times, at)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for _, at := range times {
		t.Record(at, byTime[at])
	}
	return n, cmp.Or(err, herr)
}
