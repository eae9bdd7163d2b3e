package limit

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// t0 is the fake clock's start: any time far from the Unix epoch.
var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// step is one call in a scripted test: at t0+at, key asks for a token.
type step struct {
	at    time.Duration
	key   string
	ok    bool
	retry time.Duration // the wait told when refused
}

func TestLimiterScripts(t *testing.T) {
	cases := []struct {
		name  string
		rate  float64
		burst int
		steps []step
	}{
		{"burst then refused", 1, 3, []step{
			{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0},
			{0, "a", false, time.Second},
			{500 * time.Millisecond, "a", false, 500 * time.Millisecond},
		}},
		{"refills at the rate", 2, 1, []step{
			{0, "a", true, 0}, {0, "a", false, 500 * time.Millisecond},
			{499 * time.Millisecond, "a", false, time.Millisecond},
			{500 * time.Millisecond, "a", true, 0},
			{500 * time.Millisecond, "a", false, 500 * time.Millisecond},
		}},
		{"refill capped at the burst", 10, 2, []step{
			{0, "a", true, 0}, {0, "a", true, 0},
			{time.Hour, "a", true, 0}, {time.Hour, "a", true, 0},
			{time.Hour, "a", false, 100 * time.Millisecond},
		}},
		{"a refusal takes nothing", 1, 1, []step{
			{0, "a", true, 0},
			{100 * time.Millisecond, "a", false, 900 * time.Millisecond},
			{200 * time.Millisecond, "a", false, 800 * time.Millisecond},
			{time.Second, "a", true, 0},
		}},
		{"keys are independent", 1, 1, []step{
			{0, "a", true, 0}, {0, "a", false, time.Second},
			{0, "b", true, 0}, {0, "b", false, time.Second},
			{0, "", true, 0},
		}},
		{"a clock going backwards refills nothing", 1, 1, []step{
			{10 * time.Second, "a", true, 0},
			{5 * time.Second, "a", false, time.Second},
			{10 * time.Second, "a", false, time.Second},
			{11 * time.Second, "a", true, 0},
		}},
		{"slow rate, long wait", 1.0 / 3600, 1, []step{
			{0, "a", true, 0},
			{0, "a", false, time.Hour},
			{59 * time.Minute, "a", false, time.Minute},
			{time.Hour, "a", true, 0},
		}},
		{"fractional refill", 4, 1, []step{
			{0, "a", true, 0},
			{100 * time.Millisecond, "a", false, 150 * time.Millisecond},
			{250 * time.Millisecond, "a", true, 0},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := New(tc.rate, tc.burst)
			for i, s := range tc.steps {
				ok, retry := l.Allow(s.key, t0.Add(s.at))
				if ok != s.ok || !near(retry, s.retry) {
					t.Fatalf("step %d (%q at %v) = %v, %v; want %v, %v", i, s.key, s.at, ok, retry, s.ok, s.retry)
				}
			}
		})
	}
}

// near says whether a wait is the one expected, give or take the
// nanoseconds that floating point and rounding up add.
func near(got, want time.Duration) bool {
	return got >= want && got <= want+time.Microsecond
}

func TestBucketScripts(t *testing.T) {
	cases := []struct {
		name  string
		rate  float64
		burst int
		steps []step // key unused
	}{
		{"starts full", 5, 10, func() []step {
			var s []step
			for range 10 {
				s = append(s, step{ok: true})
			}
			return append(s, step{ok: false, retry: 200 * time.Millisecond})
		}()},
		{"steady rate passes", 20, 1, []step{
			{0, "", true, 0}, {50 * time.Millisecond, "", true, 0}, {100 * time.Millisecond, "", true, 0},
			{120 * time.Millisecond, "", false, 30 * time.Millisecond},
		}},
		{"first use at any time is full", 1, 2, []step{
			{24 * time.Hour, "", true, 0}, {24 * time.Hour, "", true, 0}, {24 * time.Hour, "", false, time.Second},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBucket(tc.rate, tc.burst)
			for i, s := range tc.steps {
				ok, retry := b.Allow(t0.Add(s.at))
				if ok != s.ok || !near(retry, s.retry) {
					t.Fatalf("step %d (at %v) = %v, %v; want %v, %v", i, s.at, ok, retry, s.ok, s.retry)
				}
			}
		})
	}
}

func TestNewRefusesImpossibleBuckets(t *testing.T) {
	cases := []struct {
		name  string
		rate  float64
		burst int
	}{
		{"zero rate", 0, 1},
		{"negative rate", -1, 1},
		{"NaN rate", nan(), 1},
		{"infinite rate", inf(), 1},
		{"zero burst", 1, 0},
		{"negative burst", 1, -5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for what, mk := range map[string]func(){
				"New":       func() { New(tc.rate, tc.burst) },
				"NewBucket": func() { NewBucket(tc.rate, tc.burst) },
			} {
				func() {
					defer func() {
						if v := recover(); v == nil {
							t.Errorf("%s(%v, %d) did not panic", what, tc.rate, tc.burst)
						} else if s, _ := v.(string); len(s) < 7 || s[:7] != "limit: " {
							t.Errorf("%s panicked with %v, want a message starting limit: ", what, v)
						}
					}()
					mk()
				}()
			}
		})
	}
}

func nan() float64 { z := 0.0; return z / z }
func inf() float64 { z := 0.0; return 1 / z }

func TestNilLimiterAllows(t *testing.T) {
	var l *Limiter
	for range 3 {
		if ok, retry := l.Allow("a", t0); !ok || retry != 0 {
			t.Fatalf("nil Limiter refused: %v %v", ok, retry)
		}
	}
	if l.Len() != 0 {
		t.Fatalf("nil Limiter has keys")
	}
}

// TestIdleKeysForgotten checks that a key whose bucket is full again is
// dropped at the next sweep, and that one still refilling is kept.
func TestIdleKeysForgotten(t *testing.T) {
	l := New(1, 10) // full again 10 s after the last token
	for i := range 100 {
		l.Allow(fmt.Sprint("k", i), t0)
	}
	l.Allow("busy", t0.Add(5*time.Second))
	if n := l.Len(); n != 101 {
		t.Fatalf("Len = %d, want 101", n)
	}
	l.Allow("busy", t0.Add(10*time.Second+time.Millisecond)) // a sweep: the k's are full
	if n := l.Len(); n != 1 {
		t.Fatalf("Len after the sweep = %d, want 1 (busy)", n)
	}
	l.Allow("other", t0.Add(40*time.Second))
	if n := l.Len(); n != 1 {
		t.Fatalf("Len after busy went idle = %d, want 1 (other)", n)
	}
}

// TestForgettingIsInvisible drives a Limiter that forgets idle keys and
// one Bucket per key that forgets nothing with the same random calls: the
// answers must be the same.
func TestForgettingIsInvisible(t *testing.T) {
	for _, p := range []struct {
		rate  float64
		burst int
	}{{1, 1}, {3, 5}, {0.5, 2}, {100, 20}} {
		t.Run(fmt.Sprintf("rate %g burst %d", p.rate, p.burst), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(p.burst)))
			l := New(p.rate, p.burst)
			ref := map[string]*Bucket{}
			now := t0
			for i := range 20_000 {
				now = now.Add(time.Duration(rng.ExpFloat64() * float64(300*time.Millisecond)))
				key := fmt.Sprint(rng.IntN(20))
				b := ref[key]
				if b == nil {
					b = NewBucket(p.rate, p.burst)
					ref[key] = b
				}
				ok, retry := l.Allow(key, now)
				wantOK, wantRetry := b.Allow(now)
				if ok != wantOK || retry != wantRetry {
					t.Fatalf("call %d (%s at %v): %v %v, a bucket that forgets nothing says %v %v",
						i, key, now.Sub(t0), ok, retry, wantOK, wantRetry)
				}
			}
		})
	}
}

// TestCapSharesOverflow checks the behaviour at the key cap: keys already
// tracked keep their buckets, new keys share one overflow bucket, and room
// comes back once tracked keys go idle.
func TestCapSharesOverflow(t *testing.T) {
	l := New(1, 2, MaxKeys(2))
	for _, k := range []string{"a", "b"} {
		if ok, _ := l.Allow(k, t0); !ok {
			t.Fatalf("%s refused", k)
		}
	}
	// c and d are over the cap: they share the overflow's 2 tokens.
	want := []struct {
		key string
		ok  bool
	}{{"c", true}, {"d", true}, {"c", false}, {"e", false}, {"a", true}, {"b", true}, {"a", false}}
	for i, w := range want {
		if ok, _ := l.Allow(w.key, t0); ok != w.ok {
			t.Fatalf("call %d (%s) = %v, want %v", i, w.key, ok, w.ok)
		}
	}
	if n := l.Len(); n != 2 {
		t.Fatalf("Len = %d, want the cap 2", n)
	}
	// Two seconds on, a and b are full: the next new key gets their room.
	later := t0.Add(2*time.Second + time.Millisecond)
	if ok, _ := l.Allow("c", later); !ok {
		t.Fatalf("c refused after the tracked keys went idle")
	}
	if n := l.Len(); n != 1 {
		t.Fatalf("Len = %d, want 1 (c)", n)
	}
}

// TestCapSweepsRarely checks that new keys arriving at a full cap do not
// make every call a pass over the map: one pass a second at most.
func TestCapSweepsRarely(t *testing.T) {
	l := New(1, 1, MaxKeys(10))
	for i := range 10 {
		l.Allow(fmt.Sprint(i), t0)
	}
	// A second on, every tracked key is full, but the regular sweep ran at
	// t0: the first new key past the cap may sweep once.
	now := t0.Add(time.Second + time.Millisecond)
	l.Allow("new0", now)
	if l.Len() != 1 || l.lastSweep != now.UnixNano() {
		t.Fatalf("no sweep at the cap: Len %d", l.Len())
	}
	for i := range 9 {
		l.Allow(fmt.Sprint("x", i), now)
	}
	swept := l.lastSweep
	for i := range 1000 { // over the cap within the same second
		l.Allow(fmt.Sprint("y", i), now.Add(time.Duration(i)*time.Microsecond))
	}
	if l.lastSweep != swept {
		t.Fatalf("swept again within a second")
	}
}

func TestRetryAfter(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "1"}, {time.Nanosecond, "1"}, {time.Second, "1"}, {time.Second + 1, "2"},
		{1500 * time.Millisecond, "2"}, {time.Hour, "3600"}, {-time.Second, "1"},
	}
	for _, tc := range cases {
		t.Run(tc.d.String(), func(t *testing.T) {
			if got := RetryAfter(tc.d); got != tc.want {
				t.Fatalf("RetryAfter(%v) = %q, want %q", tc.d, got, tc.want)
			}
		})
	}
}

// TestConcurrentHotKey has many goroutines take from one key at a fixed
// time: exactly burst of them may succeed.
func TestConcurrentHotKey(t *testing.T) {
	const burst = 500
	l := New(1, burst)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 100 {
				if ok, _ := l.Allow("hot", t0); ok {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != burst {
		t.Fatalf("%d allowed from a burst of %d", n, burst)
	}
}

// TestConcurrentManyKeys mixes new keys, sweeps and the cap from many
// goroutines on a clock that moves (and, between goroutines, goes back
// when one is overtaken on the way to the lock): run it with -race.
func TestConcurrentManyKeys(t *testing.T) {
	const goroutines, calls = 8, 5000
	l := New(10, 5, MaxKeys(200))
	var clock atomic.Int64
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for range calls {
				now := t0.Add(time.Duration(clock.Add(int64(time.Millisecond))))
				l.Allow(fmt.Sprint(rng.IntN(400)), now)
				if rng.IntN(100) == 0 {
					l.Len()
				}
			}
		})
	}
	wg.Wait()
	if n := l.Len(); n > 200 {
		t.Fatalf("Len %d beyond the cap", n)
	}
	// An hour on every key is idle: a new one gets a bucket of its own,
	// burst tokens at a frozen clock.
	ok := 0
	for range 10 {
		if y, _ := l.Allow("fresh-key", t0.Add(time.Hour)); y {
			ok++
		}
	}
	if ok != 5 {
		t.Fatalf("%d allowed from a burst of 5", ok)
	}
}
