package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// move sends rate position fixes a second, in batches every 10 ms from a
// few senders, each fix timed at its sending, until ctx ends; it returns
// how many were accepted.
func (l *wsLoad) move(ctx context.Context, r *rand.Rand, rate int) int64 {
	const tick = 10 * time.Millisecond
	const senders = 16
	perBatch := max(1, rate/senders/int(time.Second/tick))
	var mu sync.Mutex
	var sent int64
	var wg sync.WaitGroup
	// Each sender moves its own share of the objects, by a few hundred
	// metres a fix, as vehicles do.
	pos := make([][2]float64, l.objects)
	for i := range pos {
		pos[i] = randomPoint(r)
	}
	for s := range senders {
		rs := rand.New(rand.NewPCG(r.Uint64(), uint64(s)))
		wg.Go(func() {
			t := time.NewTicker(tick)
			defer t.Stop()
			client := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				var b bytes.Buffer
				b.WriteString(`{"items":[`)
				now := time.Now().UTC().Format(time.RFC3339Nano)
				for i := 0; i < perBatch; i++ {
					if i > 0 {
						b.WriteByte(',')
					}
					id := s + senders*rs.IntN(max(1, l.objects/senders))
					if id >= l.objects {
						id = s
					}
					p := &pos[id]
					p[0] = min(tileArea.Max[0], max(tileArea.Min[0], p[0]+(rs.Float64()-0.5)*0.004))
					p[1] = min(tileArea.Max[1], max(tileArea.Min[1], p[1]+(rs.Float64()-0.5)*0.004))
					fmt.Fprintf(&b, `{"type":"position","layer":"vehicles","id":"load-%06d","lon":%.6f,"lat":%.6f,"speed":40,"time":%q}`,
						id, p[0], p[1], now)
				}
				b.WriteString("]}")
				res, err := client.Post(l.url+"/api/v1/ingest", "application/json", &b)
				if err != nil {
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					mu.Lock()
					sent += int64(perBatch)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return sent
}

var heapLine = regexp.MustCompile(`(?m)^process_resident_memory_bytes (\d+)$`)

// serverHeap reads the server's resident memory from /metrics.
func serverHeap(url string) (int64, error) {
	res, err := http.Get(url + "/metrics")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := heapLine.FindSubmatch(body)
	if m == nil {
		return 0, fmt.Errorf("no heap figure in /metrics")
	}
	return strconv.ParseInt(string(m[1]), 10, 64)
}

func (l *wsLoad) report(w io.Writer, clients int, sent int64, d time.Duration, heap0, heap1 int64) {
	l.mu.Lock()
	lat := l.latencies
	l.mu.Unlock()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Fprintf(w, "clients %d (%d failed to connect, %d dropped as too slow), objects %d\n", clients, l.failed.Load(), l.dropped.Load(), l.objects)
	fmt.Fprintf(w, "ingest: %d fixes accepted in %v (%.0f/s)\n", sent, d, float64(sent)/d.Seconds())
	fmt.Fprintf(w, "delivered: %d deltas (%.0f/s) in %d frames\n", l.delivered.Load(), float64(l.delivered.Load())/d.Seconds(), l.frames.Load())
	fmt.Fprintf(w, "ingest→client latency p50 %v  p99 %v  max %v\n", pct(0.5).Round(time.Millisecond/10), pct(0.99).Round(time.Millisecond/10), pct(1).Round(time.Millisecond/10))
	if heap0 > 0 && heap1 > 0 && clients > 0 {
		fmt.Fprintf(w, "server memory (RSS): %.1f MB before clients, %.1f MB with them: %.1f KB per client\n",
			float64(heap0)/1e6, float64(heap1)/1e6, float64(heap1-heap0)/1e3/float64(clients))
	}
}
