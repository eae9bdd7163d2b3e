package sim

import (
	"maps"
	"sync"
)

// Key names a kind of item on a layer: "position" for a fix, else the
// event's name ("heartbeat", "smoke", …), or "create" for a new feature.
type Key struct {
	Layer string
	Kind  string
}

// Stats counts what a Sim has sent and how the server answered.
type Stats struct {
	// Ticks is how many ticks the simulation has run.
	Ticks int
	// Batches is how many ingest batches the server answered.
	Batches int
	// Dropped is how many requests were given up after retries (or got an
	// answer other than 2xx as a whole); their items are lost, as a
	// device's are when the network fails.
	Dropped int
	// Accepted and Rejected count the items the server accepted and
	// rejected, by layer and kind. Every rejection is a simulator bug.
	Accepted map[Key]int
	Rejected map[Key]int
	// Scenarios counts what happened: "fire", "hotspot" and each rule
	// break ("leave_zone", "forbidden_venue", …).
	Scenarios map[string]int
}

// counters is the Sim's live Stats, safe for concurrent reads.
type counters struct {
	mu sync.Mutex
	s  Stats
}

func newCounters() *counters {
	return &counters{s: Stats{Accepted: map[Key]int{}, Rejected: map[Key]int{}, Scenarios: map[string]int{}}}
}

func (c *counters) update(fn func(s *Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fn(&c.s)
}

// snapshot returns a copy of the counters.
func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.Accepted, s.Rejected, s.Scenarios = maps.Clone(c.s.Accepted), maps.Clone(c.s.Rejected), maps.Clone(c.s.Scenarios)
	return s
}

// Total returns the number of items accepted and rejected over all layers.
func (s Stats) Total() (accepted, rejected int) {
	for _, n := range s.Accepted {
		accepted += n
	}
	for _, n := range s.Rejected {
		rejected += n
	}
	return accepted, rejected
}
