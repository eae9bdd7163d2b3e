package postgis

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// records returns n upserts of units from seq, as the World commits them.
func records(seq uint64, n int) []layers.Record {
	now := time.Now().UTC()
	recs := make([]layers.Record, n)
	for i := range recs {
		id := "u" + time.Duration(seq+uint64(i)).String()
		p := orb.Point{106 + float64(i)/1000, 29.5}
		c := layers.Change{Op: layers.Upsert, Layer: unitsLayer.Name, ID: id, Geometry: p, Props: map[string]any{"n": int64(i)}}
		recs[i] = layers.Record{Seq: seq + uint64(i), At: now, Change: c,
			Feature: &layers.Feature{ID: id, Layer: unitsLayer.Name, Geometry: p, Props: c.Props, Updated: now, Version: seq + uint64(i)}}
	}
	return recs
}

// preparedStore opens a store on a fresh database with unitsLayer prepared.
func preparedStore(t *testing.T, opt Options) *Store {
	t.Helper()
	s := open(t, pgtest.NewDatabase(t), opt)
	t.Cleanup(func() { s.Close() })
	if err := s.Prepare(context.Background(), []*layers.Layer{unitsLayer}); err != nil {
		t.Fatal(err)
	}
	return s
}

// count returns the number of rows of a table.
func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), "SELECT count(*) FROM "+ident(table)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCommitAfterLostAcknowledgement replays the case of a COMMIT that went
// through while its connection was lost: the store, unsure, is handed the
// same records again (the World retries), and must report success without
// writing them twice.
func TestCommitAfterLostAcknowledgement(t *testing.T) {
	s := preparedStore(t, Options{})
	recs := records(1, 10)
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	s.unsure = true
	if err := s.Commit(context.Background(), recs); err != nil {
		t.Fatalf("the retry of a commit that went through: %v", err)
	}
	if s.unsure {
		t.Error("still unsure after a successful commit")
	}
	for table, want := range map[string]int{journalTable: 10, trackTable: 10, unitsLayer.Name: 10} {
		if n := count(t, s, table); n != want {
			t.Errorf("%s has %d rows, want %d", table, n, want)
		}
	}
}

// TestCommitFailsFastOnBadData checks that a batch PostgreSQL refuses for
// its content (a NUL character, which text cannot hold) fails at once
// rather than being retried until the write timeout, writes nothing, and
// leaves the store working.
func TestCommitFailsFastOnBadData(t *testing.T) {
	s := preparedStore(t, Options{WriteTimeout: time.Minute})
	bad := records(1, 3)
	bad[1].Change.Actor = "nul\x00here"
	start := time.Now()
	if err := s.Commit(context.Background(), bad); err == nil {
		t.Fatal("a batch with a NUL character committed")
	} else if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the refused batch failed after %v, want at once: %v", took, err)
	}
	if n := count(t, s, journalTable); n != 0 {
		t.Errorf("the refused batch left %d journal rows", n)
	}
	if err := s.Commit(context.Background(), records(4, 3)); err != nil {
		t.Errorf("the next batch: %v", err)
	}
}
