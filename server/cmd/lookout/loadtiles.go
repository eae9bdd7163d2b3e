package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// loadTiles is `lookout load tiles`: clients fetch random composite tiles
// over Chongqing from a running server for a while, and the tool reports
// throughput, latency percentiles and answers by status. It measures the
// whole HTTP path on loopback: routing, cache, gzip, the network stack.
func loadTiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load tiles", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "server to load")
	clients := fs.Int("clients", 32, "concurrent clients")
	duration := fs.Duration("duration", 15*time.Second, "how long to load")
	layerList := fs.String("layers", "", "comma-separated layers (default: every layer in /catalog)")
	zooms := fs.String("zooms", "6-16", "zoom range, MIN-MAX")
	seed := fs.Uint64("seed", 1, "seed of the random tile sequence")
	gzip := fs.Bool("gzip", true, "ask for gzip")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var zmin, zmax int
	if _, err := fmt.Sscanf(*zooms, "%d-%d", &zmin, &zmax); err != nil || zmin < 0 || zmax > 22 || zmin > zmax {
		return fmt.Errorf("--zooms %q: want MIN-MAX within 0-22", *zooms)
	}
	names := *layerList
	if names == "" {
		var err error
		if names, err = catalogLayers(*url); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	tr := &http.Transport{MaxIdleConnsPerHost: *clients, DisableCompression: true}
	client := &http.Client{Transport: withToken(tr), Timeout: 30 * time.Second}
	var mu sync.Mutex
	var latencies []time.Duration
	statuses := map[int]int{}
	var bytes int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := range *clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(*seed, uint64(c)))
			for ctx.Err() == nil {
				path := randomTile(r, names, zmin, zmax)
				req, _ := http.NewRequestWithContext(ctx, "GET", *url+path, nil)
				if *gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				t0 := time.Now()
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						mu.Lock()
						statuses[0]++
						mu.Unlock()
					}
					continue
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				statuses[res.StatusCode]++
				bytes += n
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	report(stdout, latencies, statuses, bytes, elapsed, *clients)
	return nil
}

// tileArea is the box random tiles are drawn from.
var tileArea = orb.Bound{Min: orb.Point{105.3, 28.2}, Max: orb.Point{110.2, 32.2}}

func randomTile(r *rand.Rand, names string, zmin, zmax int) string {
	z := zmin + r.IntN(zmax-zmin+1)
	p := orb.Point{tileArea.Min[0] + r.Float64()*(tileArea.Max[0]-tileArea.Min[0]),
		tileArea.Min[1] + r.Float64()*(tileArea.Max[1]-tileArea.Min[1])}
	t := maptile.At(p, maptile.Zoom(z))
	return fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", names, t.Z, t.X, t.Y)
}

func catalogLayers(url string) (string, error) {
	res, err := http.Get(url + "/api/v1/layers")
	if err != nil {
		return "", fmt.Errorf("read the catalogue: %w", err)
	}
	defer res.Body.Close()
	var out struct {
		Layers []struct{ Name string } `json:"layers"`
	}
	if err := decodeJSON(res.Body, &out); err != nil {
		return "", fmt.Errorf("read the catalogue: %w", err)
	}
	var names []string
	for _, l := range out.Layers {
		names = append(names, l.Name)
	}
	return strings.Join(names, ","), nil
}

func report(w io.Writer, lat []time.Duration, statuses map[int]int, bytes int64, elapsed time.Duration, clients int) {
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(math.Ceil(p*float64(len(lat))))-1)]
	}
	fmt.Fprintf(w, "clients %d, %s: %d tiles, %.0f tiles/s, %.1f MB/s\n", clients, elapsed.Round(time.Millisecond),
		len(lat), float64(len(lat))/elapsed.Seconds(), float64(bytes)/1e6/elapsed.Seconds())
	fmt.Fprintf(w, "latency p50 %v  p90 %v  p99 %v  max %v\n", pct(0.5), pct(0.9), pct(0.99), pct(1))
	var codes []int
	for c := range statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	fmt.Fprint(w, "answers:")
	for _, c := range codes {
		label := fmt.Sprint(c)
		if c == 0 {
			label = "transport-error"
		}
		fmt.Fprintf(w, " %s×%d", label, statuses[c])
	}
	fmt.Fprintln(w)
}

func decodeJSON(r io.Reader, v any) error {
	return json.NewDecoder(r).Decode(v)
}
