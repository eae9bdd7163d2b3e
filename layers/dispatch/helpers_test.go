package dispatch_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/dispatch"
	"lookout/layers/incident"
	"lookout/spatial"
)

var (
	t0    = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC)
	fire  = orb.Point{106.9, 29.8}
	quiet = slog.New(slog.DiscardHandler)
)

// resp describes a test responder placed at a distance and bearing from
// the fire.
type resp struct {
	id, kind, caps, avail string
	metres, bearing       float64
	age                   time.Duration // of its last fix at t0
	task                  string
	speed                 float64
}

// openWorld opens a world of responders, assignments and incidents in a
// temporary GeoPackage.
func openWorld(t testing.TB) *layers.World {
	t.Helper()
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "dispatch.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defs := []*layers.Layer{dispatch.Responders, dispatch.Assignments, incident.Incidents}
	w, err := layers.Open(context.Background(), store, defs, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); store.Close() })
	return w
}

// put writes changes and fails the test on any error.
func put(t testing.TB, w *layers.World, changes ...layers.Change) {
	t.Helper()
	res, err := w.Apply(context.Background(), changes)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("%s/%s: %v", changes[i].Layer, changes[i].ID, r.Err)
		}
	}
}

func responder(r resp) layers.Change {
	props := map[string]any{"name": r.id, "kind": r.kind, "capabilities": r.caps, "availability": r.avail, "speed": r.speed}
	if r.task != "" {
		props["task"] = r.task
	}
	return layers.Change{Op: layers.Upsert, Layer: dispatch.Responders.Name, ID: r.id,
		Geometry: spatial.Destination(fire, r.bearing, r.metres), Props: props, Time: t0.Add(-r.age)}
}

func incidentAt(id, kind, domain string, p orb.Point) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: incident.Incidents.Name, ID: id, Geometry: p,
		Props: map[string]any{"title": id, "kind": kind, "domain": domain, "status": "new", "opened": t0}, Time: t0}
}

// fixAt moves responder id to metres from the fire at time at.
func fixAt(id string, metres float64, at time.Time) layers.Change {
	return layers.Change{Op: layers.Patch, Layer: dispatch.Responders.Name, ID: id,
		Geometry: spatial.Destination(fire, 90, metres), Props: map[string]any{"speed": 30.0}, Time: at}
}

func ids(cs []dispatch.Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Responder.ID
	}
	return out
}

func newDesk(t testing.TB, w *layers.World) *dispatch.Desk {
	t.Helper()
	d, err := dispatch.NewDesk(w)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
