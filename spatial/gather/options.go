package gather

import "time"

// Options configure a Detector. A zero field takes the default given with
// it, so Options{} is the rule as the custody supervisors state it: two or
// more people of one case within 100 m of each other for 10 minutes.
type Options struct {
	// K is the least number of members of one group that make a gathering.
	// Default 2; a value below 2 is taken as 2, since one person cannot meet.
	K int
	// Radius, in metres, links two members: a gathering is a set of members
	// each within Radius of another member (single linkage). Default 100.
	Radius float64
	// Duration is how long a set must stay together, without a break,
	// before it is a gathering and a Start is raised. Default 10 minutes.
	Duration time.Duration
	// MaxAge is how long a fix counts: at instant t only fixes younger than
	// MaxAge (t - fix < MaxAge) place a person. A person whose newest fix is
	// older is nowhere, and cannot be part of a gathering. Default 10
	// minutes.
	MaxAge time.Duration
	// EndFactor is the hysteresis of an ongoing (started) gathering: its
	// members stay linked while within EndFactor*Radius of each other, so
	// that people standing at the edge of Radius do not raise an End and a
	// new Start every minute. Default 1.5; a value below 1 is taken as 1.
	EndFactor float64
	// Res is the H3 resolution of the candidate index. Default 9: in
	// Chongqing a resolution-9 cell has edges of 190–205 m and an area of
	// about 0.1 km², so a person's cell and its six neighbours (a k-ring of
	// 1) hold everyone within at least 170 m of them wherever they stand in
	// their cell — more than Radius — while resolution 10 (edges of ~75 m)
	// would need a k-ring of 2, 19 cells, for the same reach. The k of each
	// cell is derived from that cell's own edge length, so any Res and
	// Radius stay correct; Res only trades map lookups against the area
	// they cover.
	Res int
	// Lateness is how far behind the newest instant its group has been
	// evaluated at a fix may be and still be evaluated (see the package
	// documentation); an older fix is dropped and counted in Stats. It
	// bounds what is kept — each person's fixes of the last
	// Lateness+MaxAge, each group's states of the last Lateness — and how
	// far back events can be learnt late. A batch after a dead zone longer
	// than Lateness loses its oldest fixes, but a gathering that went on
	// for Duration within the last Lateness is still found. Default
	// MaxAge+Duration (20 minutes).
	Lateness time.Duration
}

// withDefaults returns o with every zero or out-of-range field set to its
// default.
func (o Options) withDefaults() Options {
	if o.K < 2 {
		o.K = 2
	}
	if !(o.Radius > 0) {
		o.Radius = 100
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Minute
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 10 * time.Minute
	}
	if !(o.EndFactor >= 1) {
		if o.EndFactor == 0 || o.EndFactor != o.EndFactor {
			o.EndFactor = 1.5
		} else {
			o.EndFactor = 1
		}
	}
	if o.Res <= 0 || o.Res > 15 {
		o.Res = 9
	}
	if o.Lateness <= 0 {
		o.Lateness = o.MaxAge + o.Duration
	}
	return o
}
