package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Options configure a Cluster.
type Options struct {
	// Durable keeps fsync on, as production runs. Tests leave it off for
	// speed: they kill connections and stop the server, never the OS, and
	// a server stopped in fast mode writes everything out anyway.
	// Benchmarks of commits turn it on.
	Durable bool
}

// Cluster is a throwaway PostgreSQL server in a temporary directory. The
// postgres process is a child of the test binary and dies with it.
//
// Its methods may be called from any goroutine; mu serialises starting and
// stopping the server.
type Cluster struct {
	in   install
	dir  string // the temporary directory: data/ and postgres.log
	port int
	opt  Options

	mu     sync.Mutex
	cmd    *exec.Cmd    // the running postmaster; nil when stopped
	exited <-chan error // receives cmd's exit
}

// StartCluster makes a new cluster (initdb) and starts its server.
func StartCluster(opt Options) (*Cluster, error) {
	in, err := findInstall()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "lookout-pgtest-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{in: in, dir: dir, opt: opt}
	if err := c.initdb(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for range 5 { // another process may take the free port first
		if c.port, err = freePort(); err != nil {
			break
		}
		if err = c.Start(); err == nil {
			return c, nil
		}
	}
	c.Close()
	return nil, err
}

// initdb creates the cluster's data directory: trust authentication on
// loopback for the superuser postgres, UTF-8, no fsync while creating.
func (c *Cluster) initdb() error {
	if err := c.in.own(c.dir); err != nil {
		return fmt.Errorf("pgtest: chown %s: %w", c.dir, err)
	}
	cmd := c.in.command("initdb", "-D", c.data(), "-A", "trust", "-U", "postgres",
		"--no-sync", "-E", "UTF8", "--locale=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: initdb: %w\n%s", err, out)
	}
	return nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// Start starts the server, if it is not running, and waits until it
// accepts connections.
func (c *Cluster) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd != nil {
		return nil
	}
	args := []string{"-D", c.data(), "-p", strconv.Itoa(c.port), "-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "shared_buffers=256MB",
		"-c", "max_wal_size=4GB", "-c", "logging_collector=off"}
	if !c.opt.Durable {
		args = append(args, "-c", "fsync=off", "-c", "full_page_writes=off")
	}
	log, err := os.OpenFile(filepath.Join(c.dir, "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer log.Close()
	cmd := c.in.command("postgres", args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if err := c.waitReady(exited); err != nil {
		_ = cmd.Process.Kill()
		return fmt.Errorf("pgtest: postgres on port %d: %w\n%s", c.port, err, c.logTail())
	}
	c.cmd, c.exited = cmd, exited
	return nil
}

// waitReady polls the server until it accepts a connection, it exits, or
// 30 s pass.
func (c *Cluster) waitReady(exited <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.DSN("postgres"))
		cancel()
		if err == nil {
			return conn.Close(context.Background())
		}
		select {
		case werr := <-exited:
			return fmt.Errorf("exited: %v", werr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after 30 s: %w", err)
		}
	}
}

// Stop stops the server the way pg_ctl stop -m does: "fast" (SIGINT: roll
// back sessions, checkpoint, exit) or "immediate" (SIGQUIT: exit at once,
// recover at the next start). It waits until the server has exited.
func (c *Cluster) Stop(mode string) error {
	sig := map[string]syscall.Signal{"smart": syscall.SIGTERM, "fast": syscall.SIGINT, "immediate": syscall.SIGQUIT}[mode]
	if sig == 0 {
		return fmt.Errorf("pgtest: stop: unknown mode %q", mode)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		return nil
	}
	if err := c.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("pgtest: stop: %w", err)
	}
	select {
	case <-c.exited:
	case <-time.After(60 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	c.cmd = nil
	return nil
}

// Close stops the server at once and removes its directory.
func (c *Cluster) Close() error {
	err := c.Stop("immediate")
	if rerr := os.RemoveAll(c.dir); err == nil {
		err = rerr
	}
	return err
}

// Port returns the port the server listens on, on 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// DSN returns the URL of database db as the superuser postgres.
func (c *Cluster) DSN(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// logTail returns the end of the server's log, for error messages.
func (c *Cluster) logTail() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(bytes.TrimSpace(b))
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
