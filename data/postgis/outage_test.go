package postgis

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// TestOutage stops the database server (as pg_ctl stop -m fast does) under
// a running World and checks, case by case, that a write waits for it to
// come back within the bound and succeeds, that one fails with an error
// when the bound passes, and that Open waits for a server still starting.
// The cases share one cluster of their own, since they stop it.
func TestOutage(t *testing.T) {
	c := pgtest.Own(t, pgtest.Options{})
	dsn := c.DSN("postgres")
	cases := []struct {
		name    string
		bound   time.Duration
		down    time.Duration // how long the server stays down
		wantErr bool
	}{
		{"a write waits for the database and succeeds", 20 * time.Second, 1500 * time.Millisecond, false},
		{"a write fails when the bound passes", time.Second, 2500 * time.Millisecond, true},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := []string{"waits", "fails"}[i]
			took, err := writeThroughOutage(t, c, id, tc.bound, tc.down)
			t.Logf("Apply during the outage took %v: %v", took.Round(time.Millisecond), err)
			switch {
			case tc.wantErr && !errors.Is(err, layers.ErrCommit):
				t.Errorf("Apply during a long outage: %v, want ErrCommit", err)
			case tc.wantErr && (took < tc.bound*3/4 || took > tc.down):
				t.Errorf("Apply failed after %v, want after the bound (%v) and before the server came back", took, tc.bound)
			case !tc.wantErr && err != nil:
				t.Errorf("Apply during a short outage: %v", err)
			}
			checkPresent(t, dsn, map[string]bool{id + "-before": true, id: !tc.wantErr, id + "-after": true})
		})
	}
	t.Run("open waits for the database", func(t *testing.T) {
		restarted := bounce(t, c, 1500*time.Millisecond)
		s := open(t, dsn, Options{WriteTimeout: 20 * time.Second})
		<-restarted
		s.Close()
	})
}

// writeThroughOutage applies a unit, stops the server for down, applies
// unit id meanwhile with the write bound given, and applies one more unit
// once the server is back. It returns how long the Apply of id took and
// its error.
func writeThroughOutage(t *testing.T, c *pgtest.Cluster, id string, bound, down time.Duration) (time.Duration, error) {
	s := open(t, c.DSN("postgres"), Options{WriteTimeout: bound})
	defer s.Close()
	w, err := layers.Open(context.Background(), s, []*layers.Layer{unitsLayer}, layers.Options{Logger: quiet, CommitAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := applyOne(t, w, id+"-before"); err != nil {
		t.Fatal(err)
	}
	restarted := bounce(t, c, down)
	start := time.Now()
	err = applyOne(t, w, id)
	took := time.Since(start)
	<-restarted
	if err := applyOne(t, w, id+"-after"); err != nil {
		t.Errorf("Apply after the outage: %v", err) // the store recovers either way
	}
	return took, err
}

// bounce stops the server, and starts it again after down; the channel
// closes once it is up.
func bounce(t *testing.T, c *pgtest.Cluster, down time.Duration) <-chan struct{} {
	t.Helper()
	if err := c.Stop("fast"); err != nil {
		t.Fatal(err)
	}
	up := make(chan struct{})
	go func() {
		defer close(up)
		time.Sleep(down)
		if err := c.Start(); err != nil {
			t.Errorf("restart: %v", err)
		}
	}()
	return up
}

// applyOne upserts one unit, failing the test if the call as a whole
// fails, and returns the change's own error.
func applyOne(t *testing.T, w *layers.World, id string) error {
	t.Helper()
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Upsert, Layer: unitsLayer.Name, ID: id,
		Geometry: orb.Point{106.5, 29.5}, Props: map[string]any{"n": 1}}})
	if err != nil {
		t.Fatalf("Apply %s: %v", id, err)
	}
	return res[0].Err
}

// checkPresent reopens the store on dsn and checks which units exist.
func checkPresent(t *testing.T, dsn string, want map[string]bool) {
	t.Helper()
	s := open(t, dsn, Options{})
	defer s.Close()
	w, err := layers.Open(context.Background(), s, []*layers.Layer{unitsLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w.Close()
	for id, present := range want {
		if _, err := w.Feature(unitsLayer.Name, id); (err == nil) != present {
			t.Errorf("after reopen, %s present: %v, want %v", id, err == nil, present)
		}
	}
}
