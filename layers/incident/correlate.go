package incident

import (
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
	"lookout/spatial/cells"
)

// Correlator decides which incident an alert belongs to. An alert about a
// subject that already has an open incident joins it (a repeat); otherwise
// it joins the open incident of the same domain whose H3 cell (resolution
// Res, ≈5 km² at 7) is the alert's or a neighbour, and whose last alert is
// within Window; otherwise it opens a new incident. It is not safe for
// concurrent use: the engine owns it.
type Correlator struct {
	Res    int
	Window time.Duration
	// WindowFor, when set, gives the window for an alert instead of Window
	// (forest alerts by the fire danger where they are); 0 means Window.
	WindowFor func(a layers.Alert) time.Duration

	open      map[string]*openIncident
	byCell    map[cells.Cell]map[string]bool
	bySubject map[string]string // "layer/id" → incident
}

// openIncident is what the correlator keeps of an open incident.
type openIncident struct {
	id       string
	domain   layers.Domain
	cell     cells.Cell
	point    orb.Point
	last     time.Time
	severity int
	alerts   int
	radius   float64 // metres of uncertainty of point; 0 when exact or unknown
}

// Decision says where an alert goes and why.
type Decision struct {
	Incident string
	New      bool
	Reason   string
	// Move is set when the alert locates the incident better than before
	// (a triangulated fire): the incident moves to the alert's point.
	Move bool
}

// NewCorrelator returns a correlator at H3 resolution 7 with a 30-minute
// window.
func NewCorrelator() *Correlator {
	return &Correlator{Res: 7, Window: 30 * time.Minute, open: map[string]*openIncident{},
		byCell: map[cells.Cell]map[string]bool{}, bySubject: map[string]string{}}
}

// Correlate places alert a, opening a new incident with id newID when no
// open one fits.
func (c *Correlator) Correlate(a layers.Alert, newID string) Decision {
	subject := a.Layer + "/" + a.Subject
	if id, ok := c.bySubject[subject]; ok {
		if inc := c.open[id]; inc != nil {
			return c.join(inc, a, subject, fmt.Sprintf("repeat: %s already has this open incident", subject))
		}
	}
	for _, r := range a.Related {
		if inc := c.open[c.bySubject[a.Layer+"/"+r]]; inc != nil && inc.domain == a.Domain {
			return c.join(inc, a, subject, fmt.Sprintf("same thing seen by %s/%s, whose sighting this one was combined with", a.Layer, r))
		}
	}
	cell, err := cells.Of(a.Point, c.Res)
	if err == nil {
		if inc, reason := c.nearest(a, cell); inc != nil {
			return c.join(inc, a, subject, reason)
		}
	}
	inc := &openIncident{id: newID, domain: a.Domain, cell: cell, point: a.Point, last: a.At, severity: a.Severity, alerts: 1, radius: a.Radius}
	c.add(inc)
	c.bySubject[subject] = newID
	return Decision{Incident: newID, New: true, Reason: "first alert: no open " + string(a.Domain) + " incident nearby in the last " + c.window(a).String()}
}

// window is the correlation window for alert a.
func (c *Correlator) window(a layers.Alert) time.Duration {
	if c.WindowFor != nil {
		if w := c.WindowFor(a); w > 0 {
			return w
		}
	}
	return c.Window
}

// nearest finds the open incident of a's domain in cell or its ring, last
// alerted within the window, closest to a.
func (c *Correlator) nearest(a layers.Alert, cell cells.Cell) (*openIncident, string) {
	ring, err := cells.Disk(cell, 1)
	if err != nil {
		return nil, ""
	}
	var best *openIncident
	bestD := 0.0
	window := c.window(a)
	for _, cc := range ring {
		for id := range c.byCell[cc] {
			inc := c.open[id]
			if inc.domain != a.Domain || a.At.Sub(inc.last) > window || inc.last.Sub(a.At) > window {
				continue
			}
			if d := spatial.Distance(a.Point, inc.point); best == nil || d < bestD {
				best, bestD = inc, d
			}
		}
	}
	if best == nil {
		return nil, ""
	}
	return best, fmt.Sprintf("same domain (%s), %.1f km from the incident (H3 res-%d cell or its ring), %s after its last alert",
		a.Domain, bestD/1000, c.Res, a.At.Sub(best.last).Round(time.Second))
}

// join adds alert a about subject to inc. An estimate with an area that is
// tighter than what the incident had (two cameras' bearings crossing after
// one camera's sector) moves the incident to it.
func (c *Correlator) join(inc *openIncident, a layers.Alert, subject, reason string) Decision {
	inc.alerts++
	inc.severity = max(inc.severity, a.Severity)
	if a.At.After(inc.last) {
		inc.last = a.At
	}
	c.bySubject[subject] = inc.id
	d := Decision{Incident: inc.id, Reason: reason}
	if a.Area != nil && a.Radius > 0 && (inc.radius == 0 || a.Radius < inc.radius) {
		if cell, err := cells.Of(a.Point, c.Res); err == nil {
			delete(c.byCell[inc.cell], inc.id)
			inc.cell = cell
			c.add(inc)
		}
		inc.point, inc.radius, d.Move = a.Point, a.Radius, true
	}
	return d
}

func (c *Correlator) add(inc *openIncident) {
	c.open[inc.id] = inc
	if c.byCell[inc.cell] == nil {
		c.byCell[inc.cell] = map[string]bool{}
	}
	c.byCell[inc.cell][inc.id] = true
}

// Close forgets an incident that was resolved or dismissed: later alerts
// open a new one.
func (c *Correlator) Close(id string) {
	inc := c.open[id]
	if inc == nil {
		return
	}
	delete(c.open, id)
	delete(c.byCell[inc.cell], id)
	for s, i := range c.bySubject {
		if i == id {
			delete(c.bySubject, s)
		}
	}
}

// Track keeps an open incident found in the world at start (or changed by
// a user), so that alerts keep joining it.
func (c *Correlator) Track(f *layers.Feature) {
	status, _ := f.Props["status"].(string)
	if Closed(status) {
		c.Close(f.ID)
		return
	}
	if _, ok := c.open[f.ID]; ok {
		return
	}
	p, _ := f.Geometry.(orb.Point)
	cell, _ := cells.Of(p, c.Res)
	domain, _ := f.Props["domain"].(string)
	last, _ := f.Props["last_alert"].(time.Time)
	sev, _ := f.Props["severity"].(int64)
	n, _ := f.Props["alerts"].(int64)
	radius, _ := f.Props["radius_m"].(float64)
	c.add(&openIncident{id: f.ID, domain: layers.Domain(domain), cell: cell, point: p, last: last, severity: int(sev), alerts: int(n), radius: radius})
	if subject, _ := f.Props["subject"].(string); subject != "" {
		c.bySubject[subject] = f.ID
	}
}

// Open returns the number of open incidents the correlator knows.
func (c *Correlator) Open() int { return len(c.open) }

// Closed reports whether an incident status ends it.
func Closed(status string) bool { return status == "resolved" || status == "dismissed" }
