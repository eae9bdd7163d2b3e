package limit

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// naive is the obvious rate limiter the Limiter is measured against: a
// mutex over a map of each key's request times, allowing a request when
// fewer than burst fall within the last burst/rate. It forgets nothing and
// its cost grows with the burst.
type naive struct {
	mu     sync.Mutex
	window time.Duration
	limit  int
	seen   map[string][]time.Time
}

func newNaive(rate float64, burst int) *naive {
	return &naive{window: time.Duration(float64(burst) / rate * float64(time.Second)), limit: burst, seen: map[string][]time.Time{}}
}

func (n *naive) Allow(key string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	ts := n.seen[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= n.window {
		i++
	}
	ts = ts[i:]
	if len(ts) >= n.limit {
		n.seen[key] = ts
		return false
	}
	n.seen[key] = append(ts, now)
	return true
}

// allower is what the benchmarks drive.
type allower interface {
	allow(key string, now time.Time) bool
}

type limiterAllower struct{ *Limiter }

func (l limiterAllower) allow(key string, now time.Time) bool {
	ok, _ := l.Allow(key, now)
	return ok
}

type naiveAllower struct{ *naive }

func (n naiveAllower) allow(key string, now time.Time) bool { return n.Allow(key, now) }

// The benchmarks' limit: 50 requests a second, bursts of 100, the figures
// of an API token's limit.
const benchRate, benchBurst = 50, 100

var impls = []struct {
	name string
	mk   func() allower
}{
	{"limit", func() allower { return limiterAllower{New(benchRate, benchBurst)} }},
	{"naive", func() allower { return naiveAllower{newNaive(benchRate, benchBurst)} }},
}

// BenchmarkAllowHotKey asks for one key at 1000 calls a (fake) second,
// twenty times its rate: mostly refusals, with a full window of times for
// the naive limiter to walk.
func BenchmarkAllowHotKey(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			a := im.mk()
			b.ReportAllocs()
			now := t0
			for b.Loop() {
				now = now.Add(time.Millisecond)
				a.allow("tok-0123456789ab", now)
			}
		})
	}
}

// BenchmarkAllowManyKeys spreads calls over 10,000 keys, each well within
// its rate: the map and its memory are what is measured.
func BenchmarkAllowManyKeys(b *testing.B) {
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = "tok-" + strconv.Itoa(i)
	}
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			a := im.mk()
			b.ReportAllocs()
			now := t0
			i := 0
			for b.Loop() {
				now = now.Add(10 * time.Microsecond)
				a.allow(keys[i%len(keys)], now)
				i++
			}
		})
	}
}

// BenchmarkAllowParallel has every CPU asking for its own hot key at once:
// the cost of the one mutex under contention.
func BenchmarkAllowParallel(b *testing.B) {
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			a := im.mk()
			b.ReportAllocs()
			var n sync.Mutex
			id := 0
			b.RunParallel(func(pb *testing.PB) {
				n.Lock()
				key := "tok-" + strconv.Itoa(id)
				id++
				n.Unlock()
				now := t0
				for pb.Next() {
					now = now.Add(time.Millisecond)
					a.allow(key, now)
				}
			})
		})
	}
}

// BenchmarkBucket is one WebSocket connection's message limit: no lock.
func BenchmarkBucket(b *testing.B) {
	bk := NewBucket(20, 40)
	b.ReportAllocs()
	now := t0
	for b.Loop() {
		now = now.Add(time.Millisecond)
		bk.Allow(now)
	}
}

// BenchmarkMemoryPerKey fills each limiter with 10,000 keys that have each
// used their burst and reports the heap they keep, per key.
func BenchmarkMemoryPerKey(b *testing.B) {
	const keys = 10_000
	for _, im := range impls {
		b.Run(im.name, func(b *testing.B) {
			var perKey float64
			for b.Loop() {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				a := im.mk()
				for i := range keys {
					key := "tok-" + strconv.Itoa(i)
					for range benchBurst {
						a.allow(key, t0)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				perKey = float64(after.HeapAlloc-before.HeapAlloc) / keys
				runtime.KeepAlive(a)
			}
			b.ReportMetric(perKey, "heap-B/key")
		})
	}
}
