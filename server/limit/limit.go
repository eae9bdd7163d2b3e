// Package limit is Lookout's rate limiting: token buckets that allow a
// steady rate of requests with a burst on top, per API token (a Limiter,
// answered 429 with Retry-After when empty) and per WebSocket connection
// (a Bucket, owned by the connection's reading goroutine).
//
// Time is always passed in, never read from the clock, so that callers
// decide which clock counts and tests can drive it by hand.
//
// A bucket holds at most burst tokens and gains rate tokens a second; each
// request takes one. A key not seen for burst/rate seconds has a full
// bucket again, exactly as a key never seen before, so the Limiter forgets
// it: memory follows the keys active within that time, not every key ever
// seen, and forgetting changes no answer.
package limit

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultMaxKeys is how many keys a Limiter tracks at once unless told
// otherwise (MaxKeys): about 5 MiB of buckets with 32-byte keys.
const DefaultMaxKeys = 65_536

// Sweep bounds: the Limiter drops idle keys in one pass over its map at
// most once every minSweep (so that a flood of new keys at the cap cannot
// make every call a full pass), and at least once every maxSweep while it
// is used.
const (
	minSweep = time.Second
	maxSweep = time.Minute
)

// state is one bucket's level: tokens as of last (Unix nanoseconds). It
// has no pointers, so a map of them costs the garbage collector only its
// keys.
type state struct {
	tokens float64
	last   int64
}

// full returns the state of a bucket first used at now: full.
func full(burst float64, now int64) state { return state{tokens: burst, last: now} }

// take refills s to now and takes one token if there is one. When there is
// none it says how long until there will be. A clock that went backwards
// (callers racing to the lock with their time.Now) refills nothing.
func (s *state) take(rate, burst float64, now int64) (bool, time.Duration) {
	if now > s.last {
		s.tokens = math.Min(burst, s.tokens+float64(now-s.last)*rate/1e9)
		s.last = now
	}
	if s.tokens >= 1 {
		s.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - s.tokens) / rate * 1e9)
	return false, time.Duration(min(wait, math.MaxInt64))
}

// check panics on a rate or burst no bucket can have: a programming or
// configuration error the caller should have refused first.
func check(rate float64, burst int) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		panic(fmt.Sprintf("limit: rate %v: want a finite number of tokens a second above 0", rate))
	}
	if burst < 1 {
		panic(fmt.Sprintf("limit: burst %d: want at least 1", burst))
	}
}

// Bucket is one token bucket for a single owner, such as the goroutine
// reading one WebSocket connection: it has no lock, so it must not be used
// from two goroutines at once. Make it with NewBucket; the zero Bucket
// panics.
type Bucket struct {
	rate, burst float64
	s           state
	used        bool // s holds a time; before the first Allow it is full
}

// NewBucket returns a full bucket of burst tokens that gains rate tokens a
// second. It panics unless rate is finite and above 0 and burst at least 1.
func NewBucket(rate float64, burst int) *Bucket {
	check(rate, burst)
	return &Bucket{rate: rate, burst: float64(burst)}
}

// Allow takes a token at now. When the bucket is empty it reports false and
// how long until a token is back; the refusal costs nothing.
func (b *Bucket) Allow(now time.Time) (ok bool, retryAfter time.Duration) {
	t := now.UnixNano()
	if !b.used {
		b.s, b.used = full(b.burst, t), true
	}
	return b.s.take(b.rate, b.burst, t)
}

// Limiter is a token bucket per key (an API token's ID, a remote address),
// all with the same rate and burst.
//
// Memory is bounded twice over. Keys idle long enough to be full again are
// dropped in a pass over the map made at most once a second, during Allow
// (there is no goroutine to stop). And at most MaxKeys keys are tracked:
// when a new key arrives at the cap and no pass can free room yet, it
// shares one overflow bucket with every other key turned away, so a flood
// of fresh keys is limited as a whole to one key's rate while the keys
// already tracked keep their own buckets.
//
// Locking: one mutex guards the map, the overflow bucket and the sweep
// time. Allow holds it for a map lookup and a few arithmetic operations,
// or, at most once a second, for the pass over at most MaxKeys entries; it
// never blocks or allocates while holding it, except to insert a new key.
// A Limiter is safe for concurrent use. A nil *Limiter allows everything,
// so a limit that is not configured needs no special case.
type Limiter struct {
	rate, burst float64
	maxKeys     int
	idle        int64 // nanoseconds after which a key's bucket is full
	every       int64 // nanoseconds between regular sweeps

	mu           sync.Mutex
	keys         map[string]state
	overflow     state
	overflowUsed bool
	lastSweep    int64
}

// Option configures a Limiter.
type Option func(*Limiter)

// MaxKeys caps the keys tracked at once (DefaultMaxKeys unless set; below
// 1 means 1). Keys beyond it share one overflow bucket.
func MaxKeys(n int) Option {
	return func(l *Limiter) { l.maxKeys = max(n, 1) }
}

// New returns a Limiter whose buckets hold burst tokens and gain rate
// tokens a second. It panics unless rate is finite and above 0 and burst
// at least 1.
func New(rate float64, burst int, opt ...Option) *Limiter {
	check(rate, burst)
	l := &Limiter{rate: rate, burst: float64(burst), maxKeys: DefaultMaxKeys, keys: map[string]state{}}
	for _, o := range opt {
		o(l)
	}
	// A bucket is full again burst/rate after its last token was taken;
	// rounded up, and at least a nanosecond past it, so no partial bucket
	// is ever dropped.
	idle := math.Ceil(l.burst/l.rate*1e9) + 1
	l.idle = int64(min(idle, float64(math.MaxInt64/2)))
	l.every = min(max(l.idle, int64(minSweep)), int64(maxSweep))
	return l
}

// Allow takes a token from key's bucket at now. When the bucket is empty it
// reports false and how long until a token is back (see RetryAfter for the
// header); a refusal takes nothing, so a client that keeps retrying early
// is not punished beyond being refused.
func (l *Limiter) Allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	if l == nil {
		return true, 0
	}
	t := now.UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	if t-l.lastSweep >= l.every {
		l.sweep(t)
	}
	s, found := l.keys[key]
	if !found && len(l.keys) >= l.maxKeys {
		if t-l.lastSweep >= int64(minSweep) {
			l.sweep(t)
		}
		if len(l.keys) >= l.maxKeys {
			if !l.overflowUsed {
				l.overflow, l.overflowUsed = full(l.burst, t), true
			}
			return l.overflow.take(l.rate, l.burst, t)
		}
	}
	if !found {
		// The map keeps the key: a copy, so that a key cut from a large
		// string (a header, a body) does not keep all of it alive.
		key, s = strings.Clone(key), full(l.burst, t)
	}
	ok, retryAfter = s.take(l.rate, l.burst, t)
	l.keys[key] = s
	return ok, retryAfter
}

// sweep drops the keys whose buckets are full at t. l.mu must be held.
func (l *Limiter) sweep(t int64) {
	l.lastSweep = t
	for k, s := range l.keys {
		if t-s.last >= l.idle {
			delete(l.keys, k)
		}
	}
}

// Len returns how many keys the Limiter tracks now, for metrics and tests.
func (l *Limiter) Len() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// RetryAfter returns the value of a Retry-After header for a wait of d:
// whole seconds, rounded up, at least 1 (a client told 0 would retry at
// once and be refused again).
func RetryAfter(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	return strconv.FormatInt(max(s, 1), 10)
}
