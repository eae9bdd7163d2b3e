package sim

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestDeterminism runs the simulator twice with the same seed against two
// identical worlds and checks that it sends the same items in the same
// order. (That another seed makes another world is TestGraphIsSeeded's.)
func TestDeterminism(t *testing.T) {
	t.Parallel()
	start := time.Now()
	run := func(seed uint64) []string {
		f := newFixture(t, nil)
		s := New(f.srv.URL, Options{Seed: seed, Scenarios: 50, Logger: slog.New(slog.DiscardHandler),
			Ticks: ticks(10, 5*time.Second), Now: steadyClock(start, 100*time.Millisecond)})
		if err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, rejected := s.Stats().Total(); rejected > 0 {
			t.Fatalf("%d items rejected", rejected)
		}
		var out []string
		for _, it := range f.rec.all() {
			line := it.Layer + " " + it.ID + " " + it.kind()
			if it.Lon != nil {
				line += fmt.Sprintf(" %.6f,%.6f", *it.Lon, *it.Lat)
			}
			out = append(out, line)
		}
		return out
	}
	a, b := run(1), run(1)
	if len(a) < 1000 {
		t.Fatalf("only %d items in 10 ticks", len(a))
	}
	if !slices.Equal(a, b) {
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("runs differ at item %d of %d/%d: %q, then %q", i, len(a), len(b), a[i], b[i])
			}
		}
		t.Fatalf("runs differ in length: %d and %d items", len(a), len(b))
	}
}

// TestSurvivesHiccups starts the simulator while nothing listens at its
// address, then serves it through a proxy that fails its first reads and
// writes with 5xx answers and a dropped connection.
func TestSurvivesHiccups(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	target, _ := url.Parse(f.srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var gets, posts atomic.Int32
	flaky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && gets.Add(1) <= 2:
			http.Error(w, "warming up", http.StatusServiceUnavailable)
		case r.Method == http.MethodPost && posts.Add(1) <= 2:
			http.Error(w, "store busy", http.StatusInternalServerError)
		case r.Method == http.MethodPost && posts.Load() == 3:
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
		default:
			proxy.ServeHTTP(w, r)
		}
	})
	lg := &logs{}
	s := New("http://"+addr, Options{Seed: 3, Logger: slog.New(lg), Ticks: ticks(5, 5*time.Second)})
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background()) }()
	time.Sleep(300 * time.Millisecond)
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("could not listen again on %s: %v", addr, err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: flaky}}
	srv.Start()
	defer srv.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the simulator did not finish its ticks")
	}
	st := s.Stats()
	accepted, rejected := st.Total()
	if accepted == 0 || rejected > 0 || st.Dropped > 0 || st.Ticks != 5 {
		t.Errorf("after the hiccups: %d ticks, %d accepted, %d rejected, %d dropped", st.Ticks, accepted, rejected, st.Dropped)
	}
	if n := len(lg.with("sim: request failed; retrying")); n < 3 {
		t.Errorf("%d retries logged, want at least 3 (refused, 503, 500, dropped)", n)
	}
}

// TestWallClock runs the simulator on the wall clock at ten times real
// speed until it has sent something (a second and a half at least; up to
// 20 s on a machine busy with other tests), then ends its context.
func TestWallClock(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lg := &logs{}
	s := New(f.srv.URL, Options{Seed: 5, Speed: 10, Logger: slog.New(lg)})
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for len(lg.with("sim: started")) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if accepted, _ := s.Stats().Total(); accepted > 0 {
			break
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5 s of its context ending")
	}
	st := s.Stats()
	accepted, rejected := st.Total()
	t.Logf("%d ticks, %d items", st.Ticks, accepted)
	if st.Ticks < 1 || accepted == 0 || rejected > 0 {
		t.Errorf("%d ticks, %d accepted, %d rejected", st.Ticks, accepted, rejected)
	}
}

func TestLoopbackURL(t *testing.T) {
	cases := []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080"},
		{"[::]:8080", "http://[::1]:8080"},
		{"[::1]:9000", "http://[::1]:9000"},
		{"192.168.1.5:80", "http://192.168.1.5:80"},
	}
	for _, tc := range cases {
		a, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := LoopbackURL(a); got != tc.want {
			t.Errorf("LoopbackURL(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
}
