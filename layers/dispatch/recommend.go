package dispatch

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// ErrNoPlace means an incident has no point to send anyone to.
var ErrNoPlace = errors.New("dispatch: incident has no point")

// Defaults and limits of a recommendation.
const (
	DefaultK      = 5
	MaxK          = 50
	DefaultRadius = 50_000.0 // metres
	DefaultMaxAge = 10 * time.Minute
	// beyondLimit caps how many responders past the radius are looked at to
	// tell "none inside the radius" from "none at all".
	beyondLimit = 5000
)

// Query asks for the responders who can reach an incident first.
type Query struct {
	K int
	// Radius caps the straight-line distance in metres.
	Radius float64
	// MaxAge is how old a position may be before it is stale.
	MaxAge time.Duration
	// IncludeStale lists stale responders, flagged, instead of leaving
	// them out.
	IncludeStale bool
	// Capability overrides what the incident's kind calls for; "any" means
	// no capability is needed.
	Capability string
	// ByDistance ranks by straight-line distance instead of ETA: the
	// shortlist a dispatcher asks for when they trust the map more than
	// the speed model. Each candidate still carries its ETA.
	ByDistance bool
	Now        time.Time
}

// Candidate is one responder in a recommendation.
type Candidate struct {
	Rank      int
	Responder *layers.Feature
	Distance  float64 // great-circle metres
	ETA       time.Duration
	Mode      Mode
	FixAge    time.Duration
	Stale     bool
	// Reason says, in English and in Chinese, why the candidate is where it
	// is: how the ETA was reckoned and how fresh the position is.
	Reason, ReasonZh string
}

// Excluded counts the responders within the radius that were passed over,
// each under the first reason that applied.
type Excluded struct {
	WrongCapability, OffDuty, Unavailable, Busy, Stale, OutsideRadius int
}

// Shortfall says why fewer than K responders were recommended.
type Shortfall struct {
	Reason             string // no_candidates, outside_radius, wrong_capability, all_stale, none_available
	Message, MessageZh string
}

// Recommendation is the answer: the candidates ranked by ETA, what was
// passed over and, when fewer than K fit, why.
type Recommendation struct {
	Incident   string
	Point      orb.Point
	Capability string
	Query      Query
	Candidates []Candidate
	Excluded   Excluded
	// Considered counts the responders looked at inside the radius.
	Considered int
	Shortfall  *Shortfall
	// Nearest is the distance to the closest responder past the radius
	// that would otherwise fit (0 when none was found).
	Nearest float64
}

// Recommend ranks the responders of w by ETA to incident inc, looking at
// every responder near it and counting those passed over. It walks the
// responders' R-tree outward from the incident, nearest first, and stops as
// soon as the straight-line distance alone, at the fastest speed of any
// mode, could not beat the K-th ETA found: the cost grows with the
// responders near the incident, not with all of them. It holds the
// responders layer's read lock for the walk. Desk.Recommend is the fast
// path, over only the responders free to go.
func Recommend(w *layers.World, inc *layers.Feature, q Query) (*Recommendation, error) {
	return recommend(inc, q, walker{walk: func(p orb.Point, _ string, fn func(*layers.Feature, float64) bool) error {
		return w.Closest(Responders.Name, p, 0, fn)
	}})
}

// walker visits responders nearest first from p: all of them, or (when
// free is set) only those free to go with capability need, which then need
// no judging.
type walker struct {
	walk func(p orb.Point, need string, fn func(f *layers.Feature, dist float64) bool) error
	free bool
	// rate, when set, is the fewest seconds per metre of any responder the
	// walk can yield for need (minRate when unset).
	rate func(need string) float64
}

func recommend(inc *layers.Feature, q Query, w walker) (*Recommendation, error) {
	p, ok := inc.Geometry.(orb.Point)
	if !ok {
		return nil, fmt.Errorf("recommend for %s: %w", inc.ID, ErrNoPlace)
	}
	q = q.withDefaults()
	kind, _ := inc.Props["kind"].(string)
	domain, _ := inc.Props["domain"].(string)
	need := q.Capability
	switch need {
	case "":
		need = Need(kind, domain)
	case "any":
		need = ""
	}
	rec := &Recommendation{Incident: inc.ID, Point: p, Capability: need, Query: q, Candidates: make([]Candidate, 0, q.K+1)}
	rate := minRate()
	if w.rate != nil {
		rate = w.rate(need)
	}
	beyond := 0
	err := w.walk(p, need, func(f *layers.Feature, dist float64) bool {
		if dist > q.Radius {
			// Past the radius nothing is recommended; look a little further
			// only to say why the list is short.
			if len(rec.Candidates) >= q.K || beyond >= beyondLimit {
				return false
			}
			beyond++
			if judge(f, need) == "" {
				rec.Excluded.OutsideRadius++
				if rec.Nearest == 0 {
					rec.Nearest = dist
				}
				return rec.Excluded.OutsideRadius < q.K-len(rec.Candidates)
			}
			return true
		}
		if len(rec.Candidates) == q.K && (q.ByDistance || time.Duration(dist*rate*float64(time.Second)) > rec.Candidates[q.K-1].ETA) {
			return false
		}
		rec.Considered++
		if w.free || rec.judge(f, need) {
			rec.consider(f, dist, q)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("recommend for %s: %w", inc.ID, err)
	}
	for i := range rec.Candidates {
		c := &rec.Candidates[i]
		c.Rank = i + 1
		c.Reason, c.ReasonZh = reason(c, q.MaxAge)
	}
	if len(rec.Candidates) < q.K {
		rec.Shortfall = rec.shortfall(q)
	}
	return rec, nil
}

func (q Query) withDefaults() Query {
	if q.K <= 0 {
		q.K = DefaultK
	}
	q.K = min(q.K, MaxK)
	if q.Radius <= 0 {
		q.Radius = DefaultRadius
	}
	if q.MaxAge <= 0 {
		q.MaxAge = DefaultMaxAge
	}
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	return q
}

// judge returns why responder f cannot be sent ("" when it can), stale
// positions aside.
func judge(f *layers.Feature, need string) string {
	caps, _ := f.Props["capabilities"].(string)
	kind, _ := f.Props["kind"].(string)
	switch {
	case !Capable(caps, need) || Models[kind] == nil:
		return "wrong_capability"
	case f.Props["availability"] == OffDuty:
		return "off_duty"
	case f.Props["availability"] != Available:
		return "unavailable"
	case f.Props["task"] != nil && f.Props["task"] != "":
		return "busy"
	}
	return ""
}

// judge counts f under the first reason it cannot be sent and reports
// whether it can.
func (rec *Recommendation) judge(f *layers.Feature, need string) bool {
	switch judge(f, need) {
	case "wrong_capability":
		rec.Excluded.WrongCapability++
	case "off_duty":
		rec.Excluded.OffDuty++
	case "unavailable":
		rec.Excluded.Unavailable++
	case "busy":
		rec.Excluded.Busy++
	default:
		return true
	}
	return false
}

// consider ranks f, free to go, among the candidates by ETA, or counts it
// stale.
func (rec *Recommendation) consider(f *layers.Feature, dist float64, q Query) {
	age := max(q.Now.Sub(f.Updated), 0)
	stale := age > q.MaxAge
	if stale && !q.IncludeStale {
		rec.Excluded.Stale++
		return
	}
	kind, _ := f.Props["kind"].(string)
	speed, _ := f.Props["speed"].(float64)
	mode, eta, _ := Travel(kind, dist, speed)
	c := Candidate{Responder: f, Distance: dist, ETA: eta, Mode: mode, FixAge: age, Stale: stale}
	i, _ := slices.BinarySearchFunc(rec.Candidates, c, func(a, b Candidate) int {
		if q.ByDistance {
			return cmp.Compare(a.Distance, b.Distance)
		}
		return cmp.Or(cmp.Compare(a.ETA, b.ETA), cmp.Compare(a.Distance, b.Distance))
	})
	if i >= q.K {
		return
	}
	rec.Candidates = slices.Insert(rec.Candidates, i, c)
	if len(rec.Candidates) > q.K {
		rec.Candidates = rec.Candidates[:q.K]
	}
}
