package dispatch

import (
	"math"
	"strings"
	"sync"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial"
)

// Roster indexes the responders free to go — available and without a
// task — in one R-tree per capability they have (and one for any), so
// that a recommendation walks only responders who could be sent: off-duty,
// busy and incapable ones cost it nothing, however many there are.
//
// It is a layers.Publisher kept up to date by the world's events. Publish
// holds the write lock for the moment of an update; a recommendation holds
// the read lock for its walk. A position that has gone stale stays in the
// roster; the walk judges it.
type Roster struct {
	mu    sync.RWMutex
	byCap map[string]*spatial.Index[*layers.Feature]
	kinds map[string]map[string]int // capability → kind → responders in its tree
	under map[string]listed         // responder → where it is indexed
}

// listed is where a responder is in the roster, and at which version.
type listed struct {
	caps    []string
	kind    string
	version uint64
}

// NewRoster returns the roster of w's free responders and subscribes it to
// w's events. It subscribes before it reads, and keeps the newer version
// of a responder, so no change made meanwhile is lost.
func NewRoster(w *layers.World) (*Roster, error) {
	r := &Roster{byCap: map[string]*spatial.Index[*layers.Feature]{}, kinds: map[string]map[string]int{}, under: map[string]listed{}}
	w.Subscribe(r)
	err := layers.EachFeature(w, Responders.Name, func(f *layers.Feature) {
		r.mu.Lock()
		r.put(f.ID, f, f.Version)
		r.mu.Unlock()
	})
	return r, err
}

// Publish applies committed changes of responders.
func (r *Roster) Publish(events []layers.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range events {
		if e.Layer == Responders.Name {
			r.put(e.ID, e.Feature, e.Seq)
		}
	}
}

// put indexes responder id at version as f says (nil: gone). The caller
// holds the write lock.
func (r *Roster) put(id string, f *layers.Feature, version uint64) {
	old, ok := r.under[id]
	if ok && old.version > version {
		return
	}
	for _, c := range old.caps {
		r.byCap[c].Delete(id)
		r.kinds[c][old.kind]--
	}
	delete(r.under, id)
	if f == nil || judge(f, "") != "" {
		return
	}
	caps, _ := f.Props["capabilities"].(string)
	kind, _ := f.Props["kind"].(string)
	l := listed{caps: []string{""}, kind: kind, version: version}
	for _, c := range strings.Split(caps, ",") {
		if c = strings.TrimSpace(c); c != "" {
			l.caps = append(l.caps, c)
		}
	}
	for _, c := range l.caps {
		ix := r.byCap[c]
		if ix == nil {
			ix = spatial.NewIndex[*layers.Feature]()
			r.byCap[c] = ix
		}
		ix.Put(id, f.Bound(), f)
		if r.kinds[c] == nil {
			r.kinds[c] = map[string]int{}
		}
		r.kinds[c][kind]++
	}
	r.under[id] = l
}

// walk visits the free responders with capability need nearest first from
// p, under the read lock.
func (r *Roster) walk(p orb.Point, need string, fn func(*layers.Feature, float64) bool) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ix := r.byCap[need]
	if ix == nil {
		return nil
	}
	ix.Walk(spatial.Near{Point: p}, func(_ string, f *layers.Feature, dist float64) bool {
		return fn(f, dist)
	})
	return nil
}

// rate is the fewest seconds per metre any responder in need's tree can
// travel: the walk's bound uses only the kinds that are there (no patrol
// car speeds when only rangers and fire crews can fight a forest fire).
func (r *Roster) rate(need string) float64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	rate := math.Inf(1)
	for kind, n := range r.kinds[need] {
		if n > 0 {
			rate = min(rate, kindRate(kind))
		}
	}
	return rate
}
