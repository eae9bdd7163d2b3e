package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"lookout/server"
	"lookout/spatial/cells"
	"lookout/spatial/heat"
)

// riskFixture is a server over a small fire-risk grid (heatServer's patch
// on 缙云山) whose RunHeat loop runs until the test ends.
func riskFixture(t *testing.T) (*fixture, *heat.Grid) {
	t.Helper()
	w := openWorld(t)
	g := patchGrid(t, 0.5, heat.Weather{TempC: 18, RH: 60, WindKmh: 5, DaysSinceRain: 1}, time.Now())
	s := server.New(w, server.Options{Logger: quiet, Heat: g})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.RunHeat(ctx, time.Hour) }()
	srv := httptest.NewServer(s)
	t.Cleanup(func() { srv.Close(); cancel(); <-done })
	return &fixture{t: t, world: w, srv: srv}, g
}

// riskTile fetches the risk tile holding p at zoom z and returns its ETag
// and its features' properties by cell.
func riskTile(t *testing.T, f *fixture, p orb.Point, z int) (string, map[string]map[string]any) {
	t.Helper()
	tl := maptile.At(p, maptile.Zoom(z))
	res := f.get(strings.Join([]string{"/tiles/risk", itoa(z), itoa(int(tl.X)), itoa(int(tl.Y)) + ".mvt"}, "/"))
	if res.StatusCode != 200 {
		t.Fatalf("risk tile z%d: status %d", z, res.StatusCode)
	}
	raw, _ := io.ReadAll(res.Body)
	ls, err := mvt.Unmarshal(raw)
	if err != nil || len(ls) != 1 || ls[0].Name != "risk" {
		t.Fatalf("risk tile z%d: %v, %d layers", z, err, len(ls))
	}
	out := map[string]map[string]any{}
	for _, feat := range ls[0].Features {
		out[feat.Properties["id"].(string)] = feat.Properties
	}
	return res.Header.Get("ETag"), out
}

// num reads a decoded tile property as a number, whatever integer or
// float type the decoder chose.
func num(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64:
		return x
	}
	return -1
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestRiskTiles draws the risk layer at the resolution of each zoom.
func TestRiskTiles(t *testing.T) {
	f, _ := riskFixture(t)
	p := orb.Point{106.385, 29.835}
	cases := []struct {
		name    string
		z, res  int
		atLeast int
	}{
		{"z7 draws resolution 5", 7, 5, 1},
		{"z9 draws resolution 7", 9, 7, 1},
		{"z11 draws resolution 8", 11, 8, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, feats := riskTile(t, f, p, c.z)
			if len(feats) < c.atLeast {
				t.Fatalf("%d hexagons, want at least %d", len(feats), c.atLeast)
			}
			for id, props := range feats {
				cell, err := cells.Parse(id)
				if err != nil || cell.Res() != c.res || num(props["res"]) != float64(c.res) {
					t.Fatalf("cell %s (res %v): %v", id, props["res"], err)
				}
				class := num(props["class"])
				if class < 1 || class > 5 || props["danger"] == nil {
					t.Fatalf("cell %s: class %v danger %v", id, props["class"], props["danger"])
				}
			}
		})
	}
	if code, body := f.do("PUT", "/api/v1/layers/risk/features/x", camera("x", 106.4, 29.8)); code != 400 {
		t.Fatalf("write to the risk layer: %d %v", code, body)
	} else if field, _ := errorOf(body); field != "layer" {
		t.Fatalf("write to the risk layer: field %q", field)
	}
}

// TestRiskDeltas raises alarms in one cell until its class changes, and
// sees the change pushed over the WebSocket and the cached tile redrawn.
func TestRiskDeltas(t *testing.T) {
	f, g := riskFixture(t)
	p := orb.Point{106.385, 29.835}
	centre, _ := cells.Of(p, 8)
	etag, before := riskTile(t, f, p, 11)
	if again, _ := riskTile(t, f, p, 11); again != etag {
		t.Fatalf("an unchanged tile changed its ETag: %s then %s", etag, again)
	}
	c := dial(t, f)
	send(t, c, `{"type":"subscribe","layers":["risk"],"bbox":[106.3,29.78,106.47,29.89],"zoom":11}`)
	if m := recv(t, c); m["type"] != "snapshot" {
		t.Fatalf("first frame %v", m)
	}
	old, _ := g.Score(centre)
	for i := 0; i < 50; i++ {
		if s, _ := g.Score(centre); s.Class != old.Class {
			break
		}
		if _, err := g.Alarm(p, time.Now(), 4); err != nil {
			t.Fatal(err)
		}
	}
	now, _ := g.Score(centre)
	if now.Class == old.Class {
		t.Fatalf("class stayed %d after 50 alarms (score %.3f)", now.Class, now.Score)
	}
	if got := waitRiskDelta(t, c, centre.String()); got != int64(now.Class) {
		t.Fatalf("delta class %d, want %d", got, now.Class)
	}
	etag2, after := riskTile(t, f, p, 11)
	if etag2 == etag || num(after[centre.String()]["class"]) != float64(now.Class) {
		t.Fatalf("tile not redrawn: ETag %s → %s, class %v → %v", etag, etag2,
			before[centre.String()]["class"], after[centre.String()]["class"])
	}
}

// waitRiskDelta reads frames until one carries the risk cell id, and
// returns its class.
func waitRiskDelta(t *testing.T, c *websocket.Conn, id string) int64 {
	t.Helper()
	deadline := time.Now().Add(3 * server.RiskEvery)
	for time.Now().Before(deadline) {
		m := recv(t, c)
		ds, _ := m["deltas"].([]any)
		for _, d := range ds {
			feat, _ := d.(map[string]any)["feature"].(map[string]any)
			props, _ := feat["properties"].(map[string]any)
			if feat["id"] == id {
				class, _ := props["class"].(float64)
				return int64(class)
			}
		}
	}
	t.Fatalf("no delta of cell %s", id)
	return 0
}
