package postgis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"lookout/data/postgis/pgtest"
	"lookout/layers"
	"lookout/layers/access"
)

// auditEntries returns n entries whose Detail names them ("prefix-i").
func auditEntries(prefix string, n int) []access.Entry {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 123456789, time.UTC)
	out := make([]access.Entry, n)
	for i := range out {
		out[i] = access.Entry{At: t0.Add(time.Duration(i) * time.Millisecond), Token: "tok-1", Name: "n",
			Role: layers.RoleCustody, Action: "read", Layer: "people", Remote: "r", Detail: fmt.Sprintf("%s-%d", prefix, i)}
	}
	return out
}

// details counts the audit rows of each Detail.
func details(t *testing.T, s *Store) map[string]int {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), "SELECT detail FROM "+auditTable)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out[d]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAuditAfterLostAcknowledgement replays an audit write whose COMMIT
// went through while its connection was lost: the next attempt, unsure,
// must find its batch and not write it twice, while an unsure attempt
// whose batch is not there writes it.
func TestAuditAfterLostAcknowledgement(t *testing.T) {
	s := open(t, pgtest.NewDatabase(t), Options{})
	defer s.Close()
	ctx := context.Background()
	b := newAuditBatch(auditEntries("a", 3))
	if err := s.auditOnce(ctx, b, false); err != nil {
		t.Fatal(err)
	}
	if err := s.auditOnce(ctx, b, true); !errors.Is(err, errAlreadyCommitted) {
		t.Errorf("the unsure retry of a committed batch: %v, want errAlreadyCommitted", err)
	}
	if err := s.auditOnce(ctx, newAuditBatch(auditEntries("b", 2)), true); err != nil {
		t.Errorf("an unsure attempt whose batch is not there: %v", err)
	}
	if n := count(t, s, auditTable); n != 5 {
		t.Errorf("%d audit rows, want 5", n)
	}
}

// TestAuditConnectionKill terminates the store's connections while
// auditors append entries, and checks that every acknowledged entry is
// there exactly once, and an entry whose write failed at most once.
func TestAuditConnectionKill(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := open(t, dsn, Options{WriteTimeout: 20 * time.Second})
	defer s.Close()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		acked  []string
		failed int
		stop   = make(chan struct{})
	)
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				es := auditEntries(fmt.Sprintf("g%d-%d", g, i), 3)
				err := s.Audit(context.Background(), es)
				mu.Lock()
				if err != nil {
					failed++
				} else {
					for _, e := range es {
						acked = append(acked, e.Detail)
					}
				}
				mu.Unlock()
			}
		})
	}
	kills := killBackends(t, dsn, 3, 150*time.Millisecond)
	time.Sleep(150 * time.Millisecond) // writes must go on after the last kill
	close(stop)
	wg.Wait()
	t.Logf("%d entries acknowledged, %d writes failed, %d backends terminated", len(acked), failed, kills)
	if kills == 0 || len(acked) == 0 {
		t.Fatalf("no backend was terminated (%d) or no entry acknowledged (%d)", kills, len(acked))
	}
	have := details(t, s)
	for _, d := range acked {
		if have[d] != 1 {
			t.Errorf("acknowledged entry %s is there %d times, want once", d, have[d])
		}
	}
	for d, n := range have {
		if n > 1 {
			t.Errorf("entry %s is there %d times", d, n)
		}
	}
}
