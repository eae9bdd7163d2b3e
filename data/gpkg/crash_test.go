package gpkg

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// crashDirEnv tells the test binary, re-executed by TestCrash, to run as
// the writer that gets killed, in this directory.
const crashDirEnv = "LOOKOUT_GPKG_CRASH_DIR"

// crashWriters is how many goroutines of the child apply changes at once.
const crashWriters = 8

// crashLayer is the layer the crash test writes: tracked, so that every
// acknowledged change is also a track point that must survive the kill.
var crashLayer = &layers.Layer{Name: "units", Geometry: layers.Point, Live: true, Track: true,
	Fields: []layers.Field{{Name: "n", Type: layers.Int}}}

// ack is one change the child reported acknowledged.
type ack struct {
	seq uint64
	id  string
}

// TestCrash kills (SIGKILL) a process in the middle of writing as fast as
// it can, then checks that every change it had acknowledged is in the
// store and that the file is still a sound GeoPackage. A process kill keeps
// what the OS has been handed, so this tests that an acknowledgement comes
// only after the commit; the fsync (synchronous=FULL) against power loss
// cannot be tested this way.
func TestCrash(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acks, done := readAcks(out)
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}
	<-done // every ack printed before the kill, read to EOF
	_ = cmd.Wait()
	got := *acks
	if len(got) < 100 {
		t.Fatalf("the child acknowledged only %d changes before the kill; its stderr:\n%s", len(got), stderr.String())
	}
	t.Logf("%d changes acknowledged before SIGKILL", len(got))
	checkAcks(t, filepath.Join(dir, "lookout.gpkg"), got)
}

// readAcks collects the child's "ack <seq> <id>" lines until its stdout
// closes.
func readAcks(out interface{ Read([]byte) (int, error) }) (*[]ack, <-chan struct{}) {
	var acks []ack
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var a ack
			if _, err := fmt.Sscanf(sc.Text(), "ack %d %s", &a.seq, &a.id); err == nil {
				acks = append(acks, a)
			}
		}
	}()
	return &acks, done
}

// checkAcks reopens the killed child's store and checks every acknowledged
// change: a new feature at exactly its seq, a patched one at its seq or
// later.
func checkAcks(t *testing.T, path string, acks []ack) {
	s, err := Open(path, Options{Logger: quiet})
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer s.Close()
	w, err := layers.Open(context.Background(), s, []*layers.Layer{crashLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatalf("load after the kill: %v", err)
	}
	defer w.Close()
	lost := 0
	for _, a := range acks {
		f, err := w.Feature(crashLayer.Name, a.id)
		switch {
		case err != nil:
			t.Errorf("acknowledged %s (seq %d) lost: %v", a.id, a.seq, err)
		case strings.HasSuffix(a.id, "-home") && f.Version < a.seq,
			!strings.HasSuffix(a.id, "-home") && f.Version != a.seq:
			t.Errorf("acknowledged %s at seq %d, found version %d", a.id, a.seq, f.Version)
		default:
			continue
		}
		if lost++; lost > 10 {
			t.Fatal("too many lost")
		}
	}
	checkAckedTrack(t, s, acks)
	var integrity string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check after the kill: %q %v", integrity, err)
	}
	if tool, err := exec.LookPath("ogrinfo"); err == nil {
		ogrinfo(t, tool, "-so", path, crashLayer.Name)
	}
}

// checkAckedTrack checks that every acknowledged change, each a position
// of the tracked crashLayer, left its track point, since the point is
// written in the change's transaction, and that the track's R*Tree is
// whole.
func checkAckedTrack(t *testing.T, s *Store, acks []ack) {
	t.Helper()
	rows, err := s.db.Query(`SELECT seq FROM ` + TrackTable)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	have := map[uint64]bool{}
	for rows.Next() {
		var seq uint64
		if err := rows.Scan(&seq); err != nil {
			t.Fatal(err)
		}
		have[seq] = true
	}
	missing := 0
	for _, a := range acks {
		if !have[a.seq] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged positions have no track point after the kill", missing, len(acks))
	}
	checkRTree(t, s)
}

// TestCrashChild is the process TestCrash kills; it does nothing unless
// TestCrash started it. Its writers apply small batches (four new features
// and a move of the writer's home feature) as fast as they can and print
// each change on stdout as soon as Apply has acknowledged it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("the helper process of TestCrash")
	}
	s, err := Open(filepath.Join(dir, "lookout.gpkg"), Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	w, err := layers.Open(context.Background(), s, []*layers.Layer{crashLayer}, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	var print sync.Mutex
	for g := range crashWriters {
		go func() {
			home := fmt.Sprintf("w%d-home", g)
			for i := 0; ; i++ {
				batch := []layers.Change{{Op: layers.Upsert, Layer: crashLayer.Name, ID: home,
					Geometry: orb.Point{106 + float64(i%1000)/1000, 29}, Props: map[string]any{"n": i}}}
				for k := range 4 {
					batch = append(batch, layers.Change{Op: layers.Upsert, Layer: crashLayer.Name,
						ID: fmt.Sprintf("w%d-%d-%d", g, i, k), Geometry: orb.Point{106, 29 + float64(k)/10}})
				}
				res, err := w.Apply(context.Background(), batch)
				if err != nil {
					fmt.Fprintln(os.Stderr, "apply:", err)
					return
				}
				var lines strings.Builder
				for j, r := range res {
					if r.Err == nil {
						fmt.Fprintf(&lines, "ack %d %s\n", r.Seq, batch[j].ID)
					}
				}
				print.Lock()
				os.Stdout.WriteString(lines.String())
				print.Unlock()
			}
		}()
	}
	time.Sleep(30 * time.Second) // the parent kills this process long before
	t.Fatal("not killed")
}
