package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/paulmach/orb"

	"lookout/spatial/geojson"
)

// Backoff between attempts of a failing request: doubling from
// firstBackoff up to maxBackoff.
const (
	firstBackoff = 100 * time.Millisecond
	maxBackoff   = 5 * time.Second
	// writeAttempts is how often a write is tried before it is dropped,
	// over about 11 s; the next tick brings fresh data anyway.
	writeAttempts = 8
)

// client talks to the server's public API.
type client struct {
	base string
	http *http.Client
	log  *slog.Logger
}

// statusError is an answer the simulator did not want.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("status %d: %s", e.status, e.body) }

// retryable reports whether a failed request may succeed later: the server
// could not be reached, failed (5xx) or asked us to slow down (429).
func retryable(err error) bool {
	var se *statusError
	if errors.As(err, &se) {
		return se.status >= 500 || se.status == http.StatusTooManyRequests
	}
	return true
}

// do sends a request, retrying what is retryable with backoff, at most
// attempts times (0: until ctx ends). It returns the answer's body for a
// 2xx status.
func (c *client) do(ctx context.Context, method, path string, body []byte, attempts int) ([]byte, error) {
	wait := firstBackoff
	for n := 1; ; n++ {
		out, err := c.once(ctx, method, path, body)
		if err == nil || ctx.Err() != nil || !retryable(err) || (attempts > 0 && n >= attempts) {
			return out, err
		}
		if n == 1 || n&(n-1) == 0 {
			c.log.Warn("sim: request failed; retrying", "method", method, "path", path, "attempt", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, maxBackoff)
	}
}

func (c *client) once(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 != 2 {
		return out, &statusError{status: res.StatusCode, body: string(bytes.TrimSpace(out))}
	}
	return out, nil
}

// feature is a feature as the simulator read it.
type feature struct {
	id    string
	geom  orb.Geometry
	props map[string]any
}

// str returns a string property ("" when absent).
func (f *feature) str(name string) string { s, _ := f.props[name].(string); return s }

// num returns a number property.
func (f *feature) num(name string) (float64, bool) { x, ok := f.props[name].(float64); return x, ok }

// point returns the feature's point (the zero point for other geometries).
func (f *feature) point() orb.Point { p, _ := f.geom.(orb.Point); return p }

// layerPage is one page of GET /api/v1/layers/{layer}/features.
type layerPage struct {
	Features []struct {
		ID         string          `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties map[string]any  `json:"properties"`
	} `json:"features"`
	NextCursor string `json:"next_cursor"`
}

// errNoLayer is the answer for a layer the server does not have.
var errNoLayer = errors.New("no such layer")

// features reads every feature of a layer, page by page, in ID order. A
// layer the server does not have reads as empty.
func (c *client) features(ctx context.Context, layer string) ([]feature, error) {
	fs, err := c.read(ctx, layer, 0)
	if errors.Is(err, errNoLayer) {
		c.log.Warn("sim: the server has no such layer; simulating without it", "layer", layer)
		return nil, nil
	}
	return fs, err
}

// read reads every feature of a layer, page by page, in ID order, trying
// each request at most attempts times (0: until ctx ends). It returns
// errNoLayer when the server does not have the layer.
func (c *client) read(ctx context.Context, layer string, attempts int) ([]feature, error) {
	var out []feature
	cursor := ""
	for {
		path := "/api/v1/layers/" + url.PathEscape(layer) + "/features?limit=10000"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		body, err := c.do(ctx, http.MethodGet, path, nil, attempts)
		if notFound(err) {
			return nil, errNoLayer
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", layer, err)
		}
		var p layerPage
		if err := json.Unmarshal(body, &p); err != nil {
			return nil, fmt.Errorf("read %s: %w", layer, err)
		}
		for _, wf := range p.Features {
			g, err := geojson.DecodeGeometry(wf.Geometry)
			if err != nil {
				return nil, fmt.Errorf("read %s/%s: %w", layer, wf.ID, err)
			}
			out = append(out, feature{id: wf.ID, geom: g, props: wf.Properties})
		}
		if p.NextCursor == "" {
			return out, nil
		}
		cursor = p.NextCursor
	}
}

// version returns the version of a layer: the sequence number of its last
// change, which moves on whenever any of its features changes. It tries
// once and returns errNoLayer when the server does not have the layer.
func (c *client) version(ctx context.Context, layer string) (uint64, error) {
	body, err := c.do(ctx, http.MethodGet, "/api/v1/layers/"+url.PathEscape(layer), nil, 1)
	if notFound(err) {
		return 0, errNoLayer
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", layer, err)
	}
	var info struct {
		Version uint64 `json:"version"`
	}
	if err := json.Unmarshal(body, &info); err != nil {
		return 0, fmt.Errorf("read %s: %w", layer, err)
	}
	return info.Version, nil
}

// notFound reports whether err is a 404 answer.
func notFound(err error) bool {
	var se *statusError
	return errors.As(err, &se) && se.status == http.StatusNotFound
}
