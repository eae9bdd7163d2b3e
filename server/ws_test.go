package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func dial(t *testing.T, f *fixture) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(f.srv.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func send(t *testing.T, c *websocket.Conn, msg string) {
	t.Helper()
	if err := c.Write(context.Background(), websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
}

func recv(t *testing.T, c *websocket.Conn) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("frame %s: %v", data, err)
	}
	return m
}

const subscribeJiangbei = `{"type":"subscribe","layers":["vehicles"],"bbox":[106.5,29.57,106.65,29.66],"zoom":13}`

func vehicleJSON(lon float64) string {
	x, _ := json.Marshal(lon)
	return `{"type":"Feature","geometry":{"type":"Point","coordinates":[` + string(x) +
		`,29.6]},"properties":{"plate":"渝A·D0001","status":"moving"}}`
}

// TestWebSocketLive subscribes over a real WebSocket, gets the snapshot,
// and sees a change made through the REST API arrive as a delta.
func TestWebSocketLive(t *testing.T) {
	f := newFixture(t)
	if code, body := f.do("PUT", "/api/v1/layers/vehicles/features/v1", vehicleJSON(106.57)); code != 201 {
		t.Fatalf("seed: %d %v", code, body)
	}
	c := dial(t, f)
	send(t, c, subscribeJiangbei)
	snap := recv(t, c)
	if snap["type"] != "snapshot" || len(snap["features"].([]any)) != 1 {
		t.Fatalf("snapshot: %v", snap)
	}
	start := time.Now()
	if code, _ := f.do("PUT", "/api/v1/layers/vehicles/features/v1", vehicleJSON(106.58)); code != 200 {
		t.Fatal("move failed")
	}
	d := recv(t, c)
	deltas, _ := d["deltas"].([]any)
	if d["type"] != "deltas" || len(deltas) != 1 {
		t.Fatalf("delta frame: %v", d)
	}
	t.Logf("change to delta on the socket: %v", time.Since(start))
	feat := deltas[0].(map[string]any)["feature"].(map[string]any)
	if feat["id"] != "v1" || feat["geometry"].(map[string]any)["coordinates"].([]any)[0] != 106.58 {
		t.Fatalf("delta: %v", deltas[0])
	}
}

// TestWebSocketBadMessages checks that malformed messages get an error
// frame each and that a client that keeps sending them is closed.
func TestWebSocketBadMessages(t *testing.T) {
	f := newFixture(t)
	c := dial(t, f)
	for i, msg := range []string{`{`, `{"type":"dance"}`, `{"type":"subscribe","layers":["ufo"],"bbox":[1,1,2,2],"zoom":3}`,
		`{"type":"subscribe","layers":["vehicles"],"bbox":[2,2,1,1],"zoom":3}`, `[]`} {
		send(t, c, msg)
		if i < 4 {
			if m := recv(t, c); m["type"] != "error" || m["reason"] == "" {
				t.Fatalf("message %d: %v", i, m)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		_, _, err := c.Read(ctx)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.StatusPolicyViolation {
			t.Fatalf("want a policy-violation close, got %v", err)
		}
		return
	}
}

// TestWebSocketNoLeaks connects and drops many clients, some mid-stream,
// and checks that the server's goroutines and the hub's clients go back to
// where they were.
func TestWebSocketNoLeaks(t *testing.T) {
	f := newFixture(t)
	f.do("PUT", "/api/v1/layers/vehicles/features/v1", vehicleJSON(106.57))
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		c := dial(t, f)
		send(t, c, subscribeJiangbei)
		recv(t, c)
		if i%2 == 0 {
			c.Close(websocket.StatusNormalClosure, "bye")
		} else {
			c.CloseNow() // vanish without a close handshake
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if runtime.NumGoroutine() <= before+2 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("goroutines %d, were %d:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
}

// TestWebSocketIngest sends batches over /ws/ingest and gets one answer per
// message, in order, after commit; a bad message gets an error answer and
// the connection stays usable.
func TestWebSocketIngest(t *testing.T) {
	f := newFixture(t)
	f.do("PUT", "/api/v1/layers/vehicles/features/v1", vehicleJSON(106.57))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(f.srv.URL, "http")+"/ws/ingest", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	cases := []struct {
		msg      string
		status   float64
		accepted float64
	}{
		{`{"ref":1,"items":[{"type":"position","layer":"vehicles","id":"v1","lon":106.58,"lat":29.6}]}`, 200, 1},
		{`{"ref":"two","items":[{"type":"position","layer":"vehicles","id":"ghost","lon":106.58,"lat":29.6}]}`, 404, 0},
		{`{"items":`, 400, 0},
		{`{"ref":4,"items":[{"type":"position","layer":"vehicles","id":"v1","lon":106.59,"lat":29.6}]}`, 200, 1},
	}
	for i, tc := range cases {
		send(t, c, tc.msg)
		m := recv(t, c)
		if m["status"] != tc.status {
			t.Fatalf("message %d: %v", i, m)
		}
		if tc.accepted > 0 && m["accepted"] != tc.accepted {
			t.Fatalf("message %d: %v", i, m)
		}
		if i == 1 && m["ref"] != "two" {
			t.Fatalf("ref not echoed: %v", m)
		}
	}
	_, body := f.do("GET", "/api/v1/layers/vehicles/features/v1", "")
	if lon := body["geometry"].(map[string]any)["coordinates"].([]any)[0]; lon != 106.59 {
		t.Fatalf("vehicle at %v after the WebSocket ingest", lon)
	}
}
