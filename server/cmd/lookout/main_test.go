package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"lookout/data/postgis/pgtest"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the lookout binary: with
// LOOKOUT_RUN_MAIN=1 it runs main, so the tests below can start, kill and
// restart real server processes.
func TestMain(m *testing.M) {
	if os.Getenv("LOOKOUT_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(pgtest.Main(m)) // closes the PostGIS cluster a test started
}

// proc is a lookout process started by a test.
type proc struct {
	cmd   *exec.Cmd
	url   string
	logs  *logBuffer
	token string // the secret its requests carry
}

// logBuffer collects a process's output; the process writes while the test
// may read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func start(t *testing.T, args ...string) *proc {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &proc{url: "http://" + addr, logs: &logBuffer{}}
	p.cmd = exec.Command(os.Args[0], append(args, "--addr", addr, "--log-level", "warn")...)
	p.cmd.Env = append(os.Environ(), "LOOKOUT_RUN_MAIN=1")
	p.cmd.Stderr, p.cmd.Stdout = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(p.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				if m := demoSecret.FindStringSubmatch(p.logs.String()); m != nil {
					p.token = m[1]
				}
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("lookout %v not ready:\n%s", args, p.logs)
	return nil
}

// demoSecret finds the admin token `lookout demo` logs.
var demoSecret = regexp.MustCompile(`demo admin token \S+: (lk_[A-Za-z0-9_-]+)`)

// adminToken makes an admin token in the store of dir, as `lookout token
// create` does, and returns its secret.
func adminToken(t *testing.T, dir string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "create", "--data-dir", dir, "--name", "test", "--role", "admin"}, &out, &out); err != nil {
		t.Fatalf("token create: %v\n%s", err, out.String())
	}
	secret, _, _ := strings.Cut(out.String(), "\n")
	return secret
}

// do sends req with the process's token.
func (p *proc) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("Authorization", "Bearer "+p.token)
	return http.DefaultClient.Do(req)
}

func (p *proc) call(t *testing.T, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, p.url+path, strings.NewReader(body))
	res, err := p.do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

func vehicle(id string, lon float64) string {
	return fmt.Sprintf(`{"type":"Feature","id":%q,"geometry":{"type":"Point","coordinates":[%g,29.6]},
		"properties":{"plate":"渝A·%s","status":"parked"}}`, id, lon, id)
}

// TestAcknowledgedSurvivesKill writes through the HTTP API from several
// clients, kills the server with SIGKILL mid-load, restarts it on the same
// data directory and checks that every acknowledged write is there.
func TestAcknowledgedSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	token := adminToken(t, dir)
	p := start(t, "serve", "--data-dir", dir)
	p.token = token
	const writers = 8
	for g := range writers {
		if code, body := p.call(t, "PUT", fmt.Sprintf("/api/v1/layers/vehicles/features/v%d", g), vehicle(fmt.Sprintf("v%d", g), 106.5)); code != 201 {
			t.Fatalf("seed: %d %v", code, body)
		}
	}
	type ack struct {
		version uint64
		lon     float64
	}
	var mu sync.Mutex
	last := map[string]ack{}     // vehicle → its last acknowledged position
	created := map[string]bool{} // features acknowledged as created
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			id := fmt.Sprintf("v%d", g)
			for i := 1; ctx.Err() == nil; i++ {
				lon := 106.5 + float64(i)*1e-5
				body := fmt.Sprintf(`{"items":[{"type":"position","layer":"vehicles","id":%q,"lon":%g,"lat":29.6}]}`, id, lon)
				req, _ := http.NewRequestWithContext(ctx, "POST", p.url+"/api/v1/ingest", strings.NewReader(body))
				if res, err := p.do(req); err == nil {
					var out struct {
						Results []struct{ Version uint64 } `json:"results"`
					}
					ok := res.StatusCode == 200 && json.NewDecoder(res.Body).Decode(&out) == nil
					res.Body.Close()
					if ok {
						mu.Lock()
						last[id] = ack{out.Results[0].Version, lon}
						mu.Unlock()
					}
				}
				nid := fmt.Sprintf("n%d-%d", g, i)
				req, _ = http.NewRequestWithContext(ctx, "PUT", p.url+"/api/v1/layers/vehicles/features/"+nid, strings.NewReader(vehicle(nid, 106.6)))
				if res, err := p.do(req); err == nil {
					res.Body.Close()
					if res.StatusCode == 201 {
						mu.Lock()
						created[nid] = true
						mu.Unlock()
					}
				}
			}
		})
	}
	time.Sleep(1 * time.Second) // let the load run, then kill it mid-flight
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	wg.Wait()
	if len(created) < 10 {
		t.Fatalf("only %d writes acknowledged before the kill; the test proves nothing", len(created))
	}

	p = start(t, "serve", "--data-dir", dir)
	p.token = token
	for id := range created {
		if code, _ := p.call(t, "GET", "/api/v1/layers/vehicles/features/"+id, ""); code != 200 {
			t.Errorf("acknowledged feature %s lost (status %d)", id, code)
		}
	}
	for id, a := range last {
		_, body := p.call(t, "GET", "/api/v1/layers/vehicles/features/"+id, "")
		v := uint64(body["version"].(float64))
		lon := body["geometry"].(map[string]any)["coordinates"].([]any)[0].(float64)
		if v < a.version || (v == a.version && lon != a.lon) {
			t.Errorf("%s: after restart version %d lon %g, acknowledged version %d lon %g", id, v, lon, a.version, a.lon)
		}
	}
	t.Logf("%d creates and %d vehicles' positions acknowledged before SIGKILL, all present after restart", len(created), len(last))
}

// TestDemoRestart is the second `make run`: the demo world is seeded once,
// a later start loads it back with what was written, and does not reseed.
func TestDemoRestart(t *testing.T) {
	dir := t.TempDir()
	p := start(t, "demo", "--data-dir", dir, "--sim=false")
	_, layers1 := p.call(t, "GET", "/api/v1/layers", "")
	if code, body := p.call(t, "PUT", "/api/v1/layers/vehicles/features/extra", vehicle("extra", 106.55)); code != 201 {
		t.Fatalf("put: %d %v", code, body)
	}
	_, ready := p.call(t, "GET", "/readyz", "")
	seqBefore := ready["seq"]
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("graceful shutdown: %v\n%s", err, p.logs)
	}

	p = start(t, "demo", "--data-dir", dir, "--sim=false")
	if code, _ := p.call(t, "GET", "/api/v1/layers/vehicles/features/extra", ""); code != 200 {
		t.Fatalf("feature written before restart: %d", code)
	}
	_, layers2 := p.call(t, "GET", "/api/v1/layers", "")
	counts := func(m map[string]any) map[string]float64 {
		out := map[string]float64{}
		for _, l := range m["layers"].([]any) {
			l := l.(map[string]any)
			out[l["name"].(string)] = l["count"].(float64)
		}
		return out
	}
	c1, c2 := counts(layers1), counts(layers2)
	want := map[string]float64{"districts": 38, "cameras": 3460, "ir_detectors": 3464, "vehicles": 663 + 1}
	for name, n := range want {
		if c2[name] != n {
			t.Errorf("%s: %v after restart, want %v", name, c2[name], n)
		}
	}
	for name, n := range c1 {
		if name != "vehicles" && c2[name] != n {
			t.Errorf("%s: %v before restart, %v after", name, n, c2[name])
		}
	}
	if _, ready := p.call(t, "GET", "/readyz", ""); ready["seq"] != seqBefore {
		t.Errorf("seq %v after restart, %v before: the second start wrote (reseeded?)", ready["seq"], seqBefore)
	}
}

func TestUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		err  string
	}{
		{"no command", nil, "help requested"},
		{"unknown command", []string{"fly"}, `unknown command "fly"`},
		{"bad log level", []string{"serve", "--log-level", "loud"}, "--log-level"},
		{"bad database url", []string{"serve", "--database-url", "postgres://%zz"}, "postgis: open"},
		{"bad flag", []string{"demo", "--nope"}, "flag provided but not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tc.args, &out, &out)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("got %v, want an error containing %q", err, tc.err)
			}
		})
	}
}
