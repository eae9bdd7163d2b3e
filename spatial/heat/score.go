package heat

import (
	"math"
	"time"

	"lookout/spatial/cells"
)

// Score is the fire risk of one cell, at Res or at a parent resolution,
// as of its last evaluation (At).
type Score struct {
	Cell cells.Cell
	// District is the district of a cell at Res; for a parent, the
	// district that holds most of its forest cells (the lowest code on a
	// tie).
	District string
	// Score is the cell's score in [0, 1]; for a parent, the mean score of
	// its forest cells.
	Score float64
	// Max is the highest score of the forest cells it holds (Score itself
	// at Res).
	Max float64
	// Class is the danger class 1–5; for a parent, the highest class that
	// Options.ParentShare of its forest cells reach.
	Class int
	// Cells is the number of forest cells at Res it holds: 1 at Res.
	Cells int
	// Fuel, Weather, Activity and Alarms are the parts F, W, A and H of
	// the score, each in [0, 1] (means for a parent), so that a map can
	// say why a cell is red.
	Fuel, Weather, Activity, Alarms float64
	// At is when the score was evaluated: for a parent, the latest
	// evaluation among its cells. It is zero for a cell never evaluated at
	// a time (only fuel and weather set).
	At time.Time
}

// District is the roll-up of one district's forest cells.
type District struct {
	Code string
	// Cells is the number of the district's forest cells at Res.
	Cells int
	// Mean and Max are the mean and highest score of its cells.
	Mean, Max float64
	// Shares[k] is the share of its cells in class k+1; the shares sum
	// to 1.
	Shares [5]float64
	// Class is the highest class that Options.ParentShare of its cells
	// reach, as for a parent cell.
	Class int
	// Weather is the district's fire-weather index (FireWeather), 0 until
	// SetWeather is called for it.
	Weather float64
}

// parts are the four inputs of a score, each in [0, 1].
type parts struct{ fuel, weather, activity, alarms float64 }

func (p *parts) add(q parts, sign float64) {
	p.fuel += sign * q.fuel
	p.weather += sign * q.weather
	p.activity += sign * q.activity
	p.alarms += sign * q.alarms
}

func (p parts) scale(k float64) parts {
	return parts{p.fuel * k, p.weather * k, p.activity * k, p.alarms * k}
}

// eval is a cell's materialised evaluation: its parts, score and class
// at time at (Unix nanoseconds, 0 for never).
type eval struct {
	p     parts
	score float64
	class int8 // 0 for a cell not yet evaluated
	at    int64
}

// combine returns the score of parts p under weights w (see the table in
// the package documentation).
func combine(p parts, w Weights) float64 {
	b := math.Min(1, p.fuel*p.weather*(1+w.Activity*p.activity))
	return 1 - (1-b)*(1-w.Alarms*p.alarms)
}

// saturate maps a non-negative amount onto [0, 1): 1 − e^(−x/scale).
func saturate(x, scale float64) float64 {
	if !(x > 0) {
		return 0
	}
	return 1 - math.Exp(-x/scale)
}

// classBounds are the highest scores of classes 1 to 4: the levels of the
// national fire-weather rating (≤25, 26–50, 51–72, 73–90, ≥91) over 100.
var classBounds = [4]float64{0.25, 0.50, 0.72, 0.90}

// classOf returns the danger class 1–5 of a score.
func classOf(s float64) int8 {
	for i, b := range classBounds {
		if s <= b {
			return int8(i + 1)
		}
	}
	return 5
}

// shareClass returns the highest class that at least share of n cells
// reach, given how many cells are in each class; 0 for no cells.
func shareClass(counts *[5]int32, n int32, share float64) int8 {
	need := share * float64(n)
	reach := int32(0)
	for k := 4; k >= 0; k-- {
		reach += counts[k]
		if reach > 0 && float64(reach) >= need-1e-9 {
			return int8(k + 1)
		}
	}
	return 0
}

func timeOf(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}
