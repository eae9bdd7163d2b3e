package postgis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Backoff between attempts while the database is unreachable.
const (
	firstPause = 50 * time.Millisecond
	maxPause   = time.Second
)

// lastAttempt is the least time worth an attempt before the deadline.
const lastAttempt = 100 * time.Millisecond

// lastChance is how long an attempt may take when the outage is already
// older than the write timeout: each write then gets one try, so that
// writes fail fast during a long outage and succeed as soon as it ends.
const lastChance = 2 * time.Second

// outage tracks whether the database is reachable. Its start bounds how
// long writes wait: the write timeout counts from it, not from each write,
// so that the World's own retries of a failed commit do not wait again.
type outage struct {
	mu    sync.Mutex
	since time.Time // zero while the database is reachable
}

// deadline returns when a write that starts now must give up.
func (o *outage) deadline(now time.Time, timeout time.Duration) time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	start := now
	if !o.since.IsZero() {
		start = o.since
	}
	return later(start.Add(timeout), now.Add(min(timeout, lastChance)))
}

// begin records a failed attempt; it returns true for the first of an
// outage.
func (o *outage) begin(now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.since.IsZero() {
		return false
	}
	o.since = now
	return true
}

// end records a successful attempt and returns how long the outage it
// ends lasted (0 when there was none).
func (o *outage) end(now time.Time) time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.since.IsZero() {
		return 0
	}
	d := now.Sub(o.since)
	o.since = time.Time{}
	return d
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// retry runs fn until it succeeds, fails for a reason retrying cannot
// cure, or the write timeout (counted from the start of the outage)
// passes, pausing with exponential backoff between attempts. fn gets a
// context that ends at that deadline or when the store is closed. op
// names the operation in errors and logs.
func (s *Store) retry(ctx context.Context, op string, fn func(context.Context) error) error {
	deadline := s.outage.deadline(time.Now(), s.writeTimeout)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	stop := context.AfterFunc(s.stop, cancel)
	defer stop()
	pause := firstPause
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			if d := s.outage.end(time.Now()); d > 0 {
				s.log.Info("postgis: database reachable again", "db", s.name, "outage", d.Round(time.Millisecond))
			}
			return nil
		}
		if !transient(err) {
			return s.fail(op, err)
		}
		if s.outage.begin(time.Now()) {
			s.log.Warn("postgis: database unreachable; writes wait", "db", s.name, "op", op, "bound", s.writeTimeout, "err", err)
		} else {
			s.log.Debug("postgis: still unreachable", "db", s.name, "op", op, "attempt", attempt, "err", err)
		}
		left := time.Until(deadline) - lastAttempt
		if left <= 0 || ctx.Err() != nil {
			return s.fail(op, fmt.Errorf("gave up after %d attempts: %w", attempt, err))
		}
		select {
		case <-time.After(min(pause, left)):
		case <-ctx.Done():
			return s.fail(op, fmt.Errorf("gave up after %d attempts: %w", attempt, err))
		}
		pause = min(2*pause, maxPause)
	}
}

// permanentError marks an error that retrying cannot cure: a record the
// store cannot encode, a schema it refuses.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// permanent marks err as not worth retrying.
func permanent(err error) error { return permanentError{err} }

// transient reports whether err may go away by itself: a lost or refused
// connection, a server shutting down or restarting, too many connections,
// a serialization failure or deadlock. An error the server raised about
// the statement itself (a constraint, a type, a missing table) and one
// marked permanent are not; neither is the store's own closing.
func transient(err error) bool {
	var pe permanentError
	if errors.As(err, &pe) || errors.Is(err, errClosed) || errors.Is(err, context.Canceled) {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code[:2] {
		case "08", "53", "57", "40": // connection, resources, shutdown, transaction rollback
			return pg.Code != "57P04" // database_dropped
		}
		return false
	}
	return true // the network, a dead connection, a connect timeout
}
