package server

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"lookout/data/chongqing"
	"lookout/layers"
	"lookout/layers/forest"
	"lookout/spatial/heat"
)

// maxHeatCells caps the cells one GET /api/v1/heat/cells answers: a wider
// view asks for a coarser resolution.
const maxHeatCells = 50_000

// heatGrid returns the fire-risk grid, or a 404 when the server runs
// without one.
func (s *Server) heatGrid(w http.ResponseWriter, r *http.Request) *heat.Grid {
	if s.opt.Heat == nil {
		s.writeError(w, r, &requestError{Field: "path", Reason: "the fire-risk model is not running on this server", Kind: errNotFound})
	}
	return s.opt.Heat
}

// heatDistricts answers GET /api/v1/heat/districts: all 38 districts ranked
// by their forest cells' mean risk, highest first, each with its cell
// count, mean and max score, danger class, the share of its cells in each
// class 1–5, its fire-weather index and its trend (the change of its mean
// over the last hour and day, and the hourly means); a district without
// forest (渝中区) comes last with no cells.
func (s *Server) heatDistricts(w http.ResponseWriter, r *http.Request) {
	g := s.heatGrid(w, r)
	if g == nil {
		return
	}
	ds, err := chongqing.Districts()
	if err != nil {
		s.writeError(w, r, fmt.Errorf("heat districts: %w", err))
		return
	}
	type row struct {
		Rank     int        `json:"rank"`
		District string     `json:"district"`
		Name     string     `json:"name"`
		Cells    int        `json:"cells"`
		Mean     float64    `json:"mean"`
		Max      float64    `json:"max"`
		Class    int        `json:"class"`
		Shares   [5]float64 `json:"shares"`
		Weather  float64    `json:"weather"`
		// Change1h and Change24h are how much the mean moved (nil before
		// the trend holds that long); Trend is the hourly means, oldest
		// first, at the answer's trend_at times.
		Change1h  *float64  `json:"change_1h"`
		Change24h *float64  `json:"change_24h"`
		Trend     []float64 `json:"trend,omitempty"`
	}
	name := map[string]string{}
	for _, d := range ds {
		name[d.Code] = d.Name
	}
	var out []row
	for _, d := range g.Districts() {
		out = append(out, row{District: d.Code, Name: name[d.Code], Cells: d.Cells, Mean: round4(d.Mean), Max: round4(d.Max),
			Class: d.Class, Shares: d.Shares, Weather: round4(d.Weather)})
	}
	for _, d := range ds {
		if !slices.ContainsFunc(out, func(x row) bool { return x.District == d.Code }) {
			out = append(out, row{District: d.Code, Name: d.Name})
		}
	}
	var trendAt []time.Time
	for i := range out {
		out[i].Rank = i + 1
		for k, v := range out[i].Shares {
			out[i].Shares[k] = round4(v)
		}
		if t := s.opt.HeatTrend; t != nil && out[i].Cells > 0 {
			out[i].Change1h, out[i].Change24h = change(t, out[i].District, time.Hour), change(t, out[i].District, 24*time.Hour)
			var means []float64
			trendAt, means = t.Series(out[i].District)
			for _, m := range means {
				out[i].Trend = append(out[i].Trend, round4(m))
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"as_of": g.Stats().AsOf, "trend_at": trendAt, "districts": out})
}

// heatCells answers GET /api/v1/heat/cells?bbox=…&res=8: the H3 cells of
// the fire-risk grid at res (the grid's own or a coarser parent) inside
// bbox, each with its score, class and parts — for clients that draw H3
// themselves (deck.gl).
func (s *Server) heatCells(w http.ResponseWriter, r *http.Request) {
	g := s.heatGrid(w, r)
	if g == nil {
		return
	}
	b, err := parseBBox("bbox", r.URL.Query().Get("bbox"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	opt := g.Options()
	res, err := intParam(r, "res", opt.Res, 0, 15)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if res != opt.Res && !slices.Contains(opt.Parents, res) {
		s.writeError(w, r, badRequest("res", fmt.Sprintf("the grid keeps resolutions %d and %v", opt.Res, opt.Parents)))
		return
	}
	scores := g.Cells(b, res)
	if len(scores) > maxHeatCells {
		s.writeError(w, r, badRequest("bbox", fmt.Sprintf("%d cells at res %d: at most %d; ask for a coarser res or a smaller bbox", len(scores), res, maxHeatCells)))
		return
	}
	type cell struct {
		H3       string  `json:"h3"`
		District string  `json:"district,omitempty"`
		Score    float64 `json:"score"`
		Max      float64 `json:"max"`
		Class    int     `json:"class"`
		Cells    int     `json:"cells"`
		Fuel     float64 `json:"fuel"`
		Weather  float64 `json:"weather"`
		Activity float64 `json:"activity"`
		Alarms   float64 `json:"alarms"`
	}
	out := make([]cell, len(scores))
	for i, c := range scores {
		out[i] = cell{H3: c.Cell.String(), District: c.District, Score: round4(c.Score), Max: round4(c.Max), Class: c.Class,
			Cells: c.Cells, Fuel: round4(c.Fuel), Weather: round4(c.Weather), Activity: round4(c.Activity), Alarms: round4(c.Alarms)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"res": res, "as_of": g.Stats().AsOf, "cells": out})
}

// putWeather answers PUT /api/v1/heat/weather/{district} with body
// {"temp_c", "rh", "wind_kmh", "days_since_rain", "by"}: the district's
// fire weather now, from a weather service or an operator ("by", default
// "api", names who in the journal). The reading is written to the
// fire_weather layer, so it survives a restart, and every forest cell of
// the district is re-scored at once. The answer gives its fire-weather
// index.
func (s *Server) putWeather(w http.ResponseWriter, r *http.Request) {
	g := s.heatGrid(w, r)
	if g == nil {
		return
	}
	var body struct {
		TempC         *float64 `json:"temp_c"`
		RH            *float64 `json:"rh"`
		WindKmh       *float64 `json:"wind_kmh"`
		DaysSinceRain *int     `json:"days_since_rain"`
		By            string   `json:"by"`
	}
	if err := s.readJSON(w, r, &body, `{"temp_c", "rh", "wind_kmh", "days_since_rain"}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	wx, err := weatherOf(body.TempC, body.RH, body.WindKmh, body.DaysSinceRain)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := district(r.PathValue("district"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := time.Now()
	c := forest.WeatherChange(d.Code, d.Inside, wx, now, cmp.Or(body.By, "api"))
	if err := layers.ApplyAll(r.Context(), s.world, []layers.Change{c}); err != nil {
		s.writeError(w, r, err)
		return
	}
	index, err := g.SetWeather(d.Code, wx, now)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"district": d.Code, "index": round4(index), "weather": map[string]any{
		"temp_c": wx.TempC, "rh": wx.RH, "wind_kmh": wx.WindKmh, "days_since_rain": wx.DaysSinceRain}})
}

// district returns the district of a code, or a 404 naming the field.
func district(code string) (chongqing.District, error) {
	if d, ok := chongqing.ByCode(code); ok {
		return d, nil
	}
	return chongqing.District{}, &requestError{Field: "district", Reason: "no district " + strconv.Quote(code) + " in Chongqing", Kind: errNotFound}
}

// weatherOf checks a weather reading: every member present and in range.
func weatherOf(temp, rh, wind *float64, days *int) (heat.Weather, error) {
	checks := []struct {
		field  string
		v      *float64
		lo, hi float64
	}{{"temp_c", temp, -40, 55}, {"rh", rh, 0, 100}, {"wind_kmh", wind, 0, 250}}
	for _, c := range checks {
		if c.v == nil || math.IsNaN(*c.v) || *c.v < c.lo || *c.v > c.hi {
			return heat.Weather{}, badRequest(c.field, "required, from "+strconv.FormatFloat(c.lo, 'g', -1, 64)+" to "+strconv.FormatFloat(c.hi, 'g', -1, 64))
		}
	}
	if days == nil || *days < 0 || *days > 365 {
		return heat.Weather{}, badRequest("days_since_rain", "required, from 0 to 365")
	}
	return heat.Weather{TempC: *temp, RH: *rh, WindKmh: *wind, DaysSinceRain: *days}, nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// change is a district's change of mean risk over ago, nil when unknown.
func change(t *heat.Trend, code string, ago time.Duration) *float64 {
	v, ok := t.Change(code, ago)
	if !ok {
		return nil
	}
	v = round4(v)
	return &v
}
