package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"lookout/data/postgis/pgtest"
)

// TestPostGISRestart runs the server on PostGIS (DATABASE_URL): a token
// made with `lookout token create`, a vehicle written and moved, and after
// a restart the world is rebuilt from the tables, the track is there, and
// the token still works.
func TestPostGISRestart(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"token", "create", "--database-url", dsn, "--name", "test", "--role", "admin"}, &out, &out); err != nil {
		t.Fatalf("token create: %v\n%s", err, out.String())
	}
	token, _, _ := strings.Cut(out.String(), "\n")
	p := start(t, "serve", "--database-url", dsn)
	p.token = token
	t0 := time.Now().UTC()
	if code, body := p.call(t, "PUT", "/api/v1/layers/vehicles/features/pg-1", vehicle("pg-1", 106.50)); code != 201 {
		t.Fatalf("put: %d %v", code, body)
	}
	at := time.Now().Add(5 * time.Second).UTC().Format(time.RFC3339Nano)
	fix := fmt.Sprintf(`{"items":[{"type":"position","layer":"vehicles","id":"pg-1","lon":106.51,"lat":29.6,"time":%q}]}`, at)
	if code, ans := p.call(t, "POST", "/api/v1/ingest", fix); code != 200 || ans["accepted"] != 1.0 {
		t.Fatalf("ingest: %d %v", code, ans)
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p = start(t, "serve", "--database-url", dsn)
	p.token = token
	if code, f := p.call(t, "GET", "/api/v1/layers/vehicles/features/pg-1", ""); code != 200 || fmt.Sprint(f["geometry"]) != fmt.Sprint(map[string]any{"type": "Point", "coordinates": []any{106.51, 29.6}}) {
		t.Fatalf("after restart: %d %v", code, f)
	}
	q := "/api/v1/tracks?ids=vehicles/pg-1&from=" + url.QueryEscape(t0.Add(-time.Minute).Format(time.RFC3339)) +
		"&to=" + url.QueryEscape(time.Now().Add(time.Minute).Format(time.RFC3339))
	code, ans := p.call(t, "GET", q, "")
	raw, _ := json.Marshal(ans)
	if code != 200 || len(ans["tracks"].([]any)[0].(map[string]any)["points"].([]any)) != 2 {
		t.Fatalf("track after restart: %d %s", code, raw)
	}
}
