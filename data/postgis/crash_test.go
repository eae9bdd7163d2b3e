package postgis

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
)

// unitsLayer is the tracked point layer the connection tests write.
var unitsLayer = &layers.Layer{Name: "units", Geometry: layers.Point, Track: true,
	Fields: []layers.Field{{Name: "n", Type: layers.Int}}}

// acked is one change a writer had acknowledged.
type acked struct {
	seq  uint64
	id   string
	home bool // a move of the writer's home feature, which later moves supersede
}

// ledger collects what the writers had acknowledged and what failed.
type ledger struct {
	mu     sync.Mutex
	acks   []acked
	failed atomic.Int64
}

// TestConnectionKill terminates the store's backend connections several
// times while writers apply a steady stream of changes (new features and
// moves, all track points), then reopens the store and checks that every
// acknowledged change is there: the feature at its version, the journal
// row and the track point. A change whose commit failed must have said so.
func TestConnectionKill(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := open(t, dsn, Options{WriteTimeout: 20 * time.Second})
	w, err := layers.Open(context.Background(), s, []*layers.Layer{unitsLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	var l ledger
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() { write(t, w, g, &l, stop) })
	}
	kills, before := killBackends(t, dsn, 5, 300*time.Millisecond), len(l.snapshot())
	time.Sleep(500 * time.Millisecond) // writes must go on after the last kill
	close(stop)
	wg.Wait()
	acks := l.snapshot()
	t.Logf("%d changes acknowledged, %d failed with an error, %d backends terminated", len(acks), l.failed.Load(), kills)
	if kills == 0 || len(acks) <= before {
		t.Fatalf("no backend was terminated (%d) or no write succeeded after the kills (%d then %d)", kills, before, len(acks))
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
	s.Close()
	checkAcked(t, dsn, acks)
}

// write applies, until stop closes, batches of a move of the writer's home
// feature and two new features, recording what was acknowledged.
func write(t *testing.T, w *layers.World, g int, l *ledger, stop <-chan struct{}) {
	home := fmt.Sprintf("w%d-home", g)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		batch := []layers.Change{{Op: layers.Upsert, Layer: unitsLayer.Name, ID: home,
			Geometry: orb.Point{106 + float64(i%1000)/1000, 29}, Props: map[string]any{"n": i}}}
		for k := range 2 {
			batch = append(batch, layers.Change{Op: layers.Upsert, Layer: unitsLayer.Name,
				ID: fmt.Sprintf("w%d-%d-%d", g, i, k), Geometry: orb.Point{106, 29 + float64(k)/10}})
		}
		res, err := w.Apply(context.Background(), batch)
		if err != nil {
			t.Errorf("Apply: %v", err)
			return
		}
		l.mu.Lock()
		for j, r := range res {
			if r.Err != nil {
				l.failed.Add(1)
				continue
			}
			l.acks = append(l.acks, acked{seq: r.Seq, id: batch[j].ID, home: j == 0})
		}
		l.mu.Unlock()
	}
}

func (l *ledger) snapshot() []acked {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]acked(nil), l.acks...)
}

// killBackends terminates, times times with pause before each, every
// other connection to dsn's database, and returns how many it terminated.
func killBackends(t *testing.T, dsn string, times int, pause time.Duration) int {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	total := 0
	for range times {
		time.Sleep(pause)
		var n int
		err := conn.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = $1 AND pid <> pg_backend_pid()`, strings.TrimPrefix(u.Path, "/")).Scan(&n)
		if err != nil {
			t.Fatalf("terminate backends: %v", err)
		}
		total += n
	}
	return total
}

// checkAcked reopens the store on dsn and checks every acknowledged
// change: a new feature at exactly its seq, a home feature at its seq or
// later, and its journal row and track point present.
func checkAcked(t *testing.T, dsn string, acks []acked) {
	s := open(t, dsn, Options{})
	defer s.Close()
	w, err := layers.Open(context.Background(), s, []*layers.Layer{unitsLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer w.Close()
	journal, track := seqsOf(t, s, journalTable), seqsOf(t, s, trackTable)
	lost := 0
	for _, a := range acks {
		f, err := w.Feature(unitsLayer.Name, a.id)
		switch {
		case err != nil:
			t.Errorf("acknowledged %s (seq %d) lost: %v", a.id, a.seq, err)
		case a.home && f.Version < a.seq, !a.home && f.Version != a.seq:
			t.Errorf("acknowledged %s at seq %d, found version %d", a.id, a.seq, f.Version)
		case !journal[a.seq] || !track[a.seq]:
			t.Errorf("acknowledged seq %d: journalled %v, track point %v", a.seq, journal[a.seq], track[a.seq])
		default:
			continue
		}
		if lost++; lost > 10 {
			t.Fatal("too many lost")
		}
	}
}

// seqsOf returns the set of seq values in one of the store's tables.
func seqsOf(t *testing.T, s *Store, table string) map[uint64]bool {
	rows, err := s.pool.Query(context.Background(), "SELECT seq FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[uint64]bool{}
	var seq int64
	if _, err := pgx.ForEachRow(rows, []any{&seq}, func() error { seqs[uint64(seq)] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	return seqs
}
