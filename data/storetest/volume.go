package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// volumeCases test many writers, big batches and a whole world's reload.
var volumeCases = []testCase{
	{"concurrent applies all persist with unique gap-free seqs", testConcurrent},
	{"a big batch commits", testBigBatch},
	{"reopen after close reloads everything identical", testReopenIdentical},
}

const (
	writers          = 32
	appliesPerWriter = 200
	bigBatch         = 50_000
)

func testConcurrent(t *testing.T, e *env) {
	w := e.open(defs...)
	apply(t, w, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: "shared",
		Geometry: orb.Point{106, 29}, Props: map[string]any{"name": "shared"}})
	base := w.Seq()
	seqs := make([][]uint64, writers)
	var shared sync.Map // seq → count of each patch of "shared"
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range appliesPerWriter {
				c := layers.Change{Op: layers.Upsert, Layer: points.Name, ID: fmt.Sprintf("w%02d-%03d", g, i),
					Geometry: orb.Point{106 + float64(g)/100, 29 + float64(i)/1000}, Props: map[string]any{"name": "w", "count": i}}
				if i%4 == 3 {
					c = layers.Change{Op: layers.Patch, Layer: points.Name, ID: "shared", Props: map[string]any{"count": g*1000 + i}}
				}
				res, err := w.Apply(context.Background(), []layers.Change{c})
				if err != nil || res[0].Err != nil {
					t.Errorf("writer %d apply %d: %v %v", g, i, err, res[0].Err)
					return
				}
				seqs[g] = append(seqs[g], res[0].Seq)
				if c.ID == "shared" {
					shared.Store(res[0].Seq, int64(g*1000+i))
				}
			}
		})
	}
	wg.Wait()
	all := slices.Sorted(slices.Values(slices.Concat(seqs...)))
	if len(all) != writers*appliesPerWriter {
		t.Fatalf("%d applies acknowledged, want %d", len(all), writers*appliesPerWriter)
	}
	for i, s := range all {
		if s != base+uint64(i)+1 {
			t.Fatalf("seqs are not unique and gap-free: the %dth is %d, want %d", i, s, base+uint64(i)+1)
		}
	}
	want := snapshot(t, w)
	last := all[len(all)-1]

	w = e.open(defs...)
	sameWorld(t, snapshot(t, w), want)
	if w.Seq() != last {
		t.Errorf("after reopen Seq() = %d, want %d", w.Seq(), last)
	}
	sh := feature(t, w, points.Name, "shared")
	if wantCount, _ := shared.Load(sh.Version); sh.Props["count"] != wantCount {
		t.Errorf("shared: count %v at version %d, want %v (the patch of that seq)", sh.Props["count"], sh.Version, wantCount)
	}
}

func testBigBatch(t *testing.T, e *env) {
	w := e.open(defs...)
	rng := rand.New(rand.NewPCG(1, 2))
	changes := make([]layers.Change, bigBatch)
	for i := range changes {
		changes[i] = layers.Change{Op: layers.Upsert, Layer: points.Name, ID: fmt.Sprintf("big-%06d", i),
			Geometry: orb.Point{105 + rng.Float64()*5, 28 + rng.Float64()*4},
			Props:    map[string]any{"name": "批量", "count": i, "level": rng.Float64(), "active": i%2 == 0}}
	}
	start := time.Now()
	res := apply(t, w, changes...)
	t.Logf("%d changes in one Apply: %v", bigBatch, time.Since(start))
	for i, r := range res {
		if r.Seq != res[0].Seq+uint64(i) {
			t.Fatalf("change %d has seq %d, want %d", i, r.Seq, res[0].Seq+uint64(i))
		}
	}
	want := snapshot(t, w)
	w = e.open(defs...)
	st, err := w.Stats(points.Name)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if st.Count != bigBatch {
		t.Fatalf("after reopen %d points, want %d", st.Count, bigBatch)
	}
	sameWorld(t, snapshot(t, w), want)
}

func testReopenIdentical(t *testing.T, e *env) {
	w := e.open(defs...)
	rng := rand.New(rand.NewPCG(3, 4))
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var changes []layers.Change
	for i := range 300 {
		id := fmt.Sprintf("f%03d", i)
		at := t0.Add(time.Duration(i) * time.Second)
		x, y := 105+rng.Float64()*5, 28+rng.Float64()*4
		switch i % 3 {
		case 0:
			changes = append(changes, layers.Change{Op: layers.Upsert, Layer: points.Name, ID: id, Geometry: orb.Point{x, y},
				Time: at, Props: map[string]any{"name": "点" + id, "count": i, "level": rng.NormFloat64(), "active": i%2 == 0, "seen": at}})
		case 1:
			changes = append(changes, layers.Change{Op: layers.Upsert, Layer: lines.Name, ID: id,
				Geometry: orb.LineString{{x, y}, {x + 0.01, y + 0.02}, {x + 0.03, y}}, Props: map[string]any{"length": rng.Float64() * 1000}})
		case 2:
			changes = append(changes, layers.Change{Op: layers.Upsert, Layer: polygons.Name, ID: id,
				Geometry: orb.Polygon{{{x, y}, {x + 0.1, y}, {x + 0.1, y + 0.1}, {x, y}}}, Props: map[string]any{"name": id, "since": at, "open": true}})
		}
	}
	apply(t, w, changes...)
	for i := 0; i < 300; i += 3 {
		id := fmt.Sprintf("f%03d", i)
		switch i % 9 {
		case 0:
			apply(t, w, layers.Change{Op: layers.Patch, Layer: points.Name, ID: id, Geometry: orb.Point{106, 29},
				Time: t0.Add(time.Hour), Props: map[string]any{"seen": nil, "count": -i}})
		case 3:
			apply(t, w, layers.Change{Op: layers.Delete, Layer: points.Name, ID: id})
		}
	}
	want := snapshot(t, w)
	seq := w.Seq()
	for range 2 {
		w = e.open(defs...)
		sameWorld(t, snapshot(t, w), want)
		if w.Seq() != seq {
			t.Errorf("after reopen Seq() = %d, want %d", w.Seq(), seq)
		}
	}
}
