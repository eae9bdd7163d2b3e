package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// wsLoad is the state of one `lookout load ws` run.
type wsLoad struct {
	url             string
	objects         int
	mu              sync.Mutex
	latencies       []time.Duration
	delivered       atomic.Int64
	frames, dropped atomic.Int64
	failed          atomic.Int64
}

// loadWS is `lookout load ws`: it creates load objects, connects WebSocket
// clients with random viewports over Chongqing, moves the objects through
// the ingest API at a fixed rate, and reports ingest→client latency (from
// each fix's own time to its arrival at a client), deliveries, drops and
// the server's memory per client.
func loadWS(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load ws", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "server to load")
	clients := fs.Int("clients", 1000, "WebSocket clients")
	rate := fs.Int("rate", 10000, "position updates per second through ingest")
	objects := fs.Int("objects", 10000, "moving objects (vehicles load-NNNNNN; their positions are created here, so start from an empty store)")
	zoom := fs.Float64("zoom", 13, "zoom of the clients' viewports (a 1920×1080 screen)")
	duration := fs.Duration("duration", 20*time.Second, "how long to measure")
	seed := fs.Uint64("seed", 1, "seed of positions and viewports")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l := &wsLoad{url: strings.TrimRight(*url, "/"), objects: *objects}
	r := rand.New(rand.NewPCG(*seed, 3))
	if err := l.createObjects(r); err != nil {
		return err
	}
	heap0, _ := serverHeap(l.url)
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		vp := viewport(r, *zoom)
		wg.Go(func() { l.client(cctx, vp, *zoom) })
		if i%100 == 99 {
			time.Sleep(20 * time.Millisecond) // a connection storm is another test
		}
	}
	time.Sleep(2 * time.Second) // let snapshots settle before measuring
	heap1, _ := serverHeap(l.url)
	l.mu.Lock()
	l.latencies = l.latencies[:0]
	l.mu.Unlock()
	l.delivered.Store(0)
	l.frames.Store(0)
	mctx, mstop := context.WithTimeout(ctx, *duration)
	defer mstop()
	sent := l.move(mctx, r, *rate)
	stop()
	wg.Wait()
	l.report(stdout, *clients, sent, *duration, heap0, heap1)
	return nil
}

// createObjects puts the load vehicles on the map, uniformly over Chongqing.
func (l *wsLoad) createObjects(r *rand.Rand) error {
	for start := 0; start < l.objects; start += 5000 {
		var b bytes.Buffer
		b.WriteString(`{"type":"FeatureCollection","features":[`)
		for i := start; i < min(start+5000, l.objects); i++ {
			if i > start {
				b.WriteByte(',')
			}
			p := randomPoint(r)
			fmt.Fprintf(&b, `{"type":"Feature","id":"load-%06d","geometry":{"type":"Point","coordinates":[%.6f,%.6f]},"properties":{"plate":"渝Z·L%05d","status":"moving"}}`, i, p[0], p[1], i%100000)
		}
		b.WriteString("]}")
		res, err := http.Post(l.url+"/api/v1/layers/vehicles/features", "application/geo+json", &b)
		if err != nil {
			return fmt.Errorf("create load objects: %w", err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return fmt.Errorf("create load objects: %s: %s", res.Status, body)
		}
	}
	return nil
}

func randomPoint(r *rand.Rand) [2]float64 {
	return [2]float64{tileArea.Min[0] + r.Float64()*(tileArea.Max[0]-tileArea.Min[0]),
		tileArea.Min[1] + r.Float64()*(tileArea.Max[1]-tileArea.Min[1])}
}

// viewport is a random 1920×1080 screen over Chongqing at zoom z.
func viewport(r *rand.Rand, z float64) [4]float64 {
	c := randomPoint(r)
	degPerPx := 360 / (512 * pow2(z))
	w, h := 1920*degPerPx/2, 1080*degPerPx/2*0.87 // Mercator at 30°N
	return [4]float64{c[0] - w, c[1] - h, c[0] + w, c[1] + h}
}

func pow2(z float64) float64 {
	v := 1.0
	for i := 0; i < int(z); i++ {
		v *= 2
	}
	return v
}

// client holds one WebSocket subscription and times every delta it gets.
func (l *wsLoad) client(ctx context.Context, vp [4]float64, zoom float64) {
	ws := strings.Replace(l.url, "http", "ws", 1) + "/ws"
	conn, _, err := websocket.Dial(ctx, ws, nil)
	if err != nil {
		l.failed.Add(1)
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(64 << 20)
	sub := fmt.Sprintf(`{"type":"subscribe","layers":["vehicles"],"bbox":[%f,%f,%f,%f],"zoom":%g}`, vp[0], vp[1], vp[2], vp[3], zoom)
	if conn.Write(ctx, websocket.MessageText, []byte(sub)) != nil {
		l.failed.Add(1)
		return
	}
	var lat []time.Duration
	defer func() {
		l.mu.Lock()
		l.latencies = append(l.latencies, lat...)
		l.mu.Unlock()
	}()
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) && ce.Code == 4008 {
				l.dropped.Add(1)
			}
			return
		}
		if !bytes.HasPrefix(data, []byte(`{"type":"deltas"`)) {
			continue
		}
		now := time.Now()
		l.frames.Add(1)
		for rest := data; ; {
			i := bytes.Index(rest, []byte(`"updated":"`))
			if i < 0 {
				break
			}
			rest = rest[i+11:]
			j := bytes.IndexByte(rest, '"')
			if t, err := time.Parse(time.RFC3339Nano, string(rest[:j])); err == nil {
				lat = append(lat, now.Sub(t))
				l.delivered.Add(1)
			}
		}
	}
}
