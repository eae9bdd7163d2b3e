package tiles

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/basemap"
	"lookout/layers/fleet"
	"lookout/layers/forest"
	"lookout/layers/market"
)

// testWorld is a World on a GeoPackage in a temp dir holding the real
// district boundaries, cameras spread from a fixed seed, a few vehicles and
// a market hall with a courtyard (a polygon with a hole).
func testWorld(t testing.TB, cameras int) *layers.World {
	t.Helper()
	quiet := slog.New(slog.DiscardHandler)
	store, err := gpkg.Open(filepath.Join(t.TempDir(), "tiles.gpkg"), gpkg.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	defs := []*layers.Layer{basemap.Districts, market.Markets, forest.Cameras, fleet.Vehicles}
	w, err := layers.Open(context.Background(), store, defs, layers.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(); store.Close() })
	ds, err := chongqing.Districts()
	if err != nil {
		t.Fatal(err)
	}
	var cs []layers.Change
	for _, d := range ds {
		cs = append(cs, upsert("districts", d.Code, d.Geometry, map[string]any{
			"code": d.Code, "name": d.Name, "name_en": d.NameEN, "kind": d.Kind, "area_km2": d.AreaKM2}))
	}
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < cameras; i++ {
		p := orb.Point{105.5 + r.Float64()*4.5, 28.3 + r.Float64()*3.7}
		status := []string{"online", "online", "online", "alarm", "offline"}[r.IntN(5)]
		cs = append(cs, upsert("cameras", fmt.Sprintf("cam-%05d", i), p,
			map[string]any{"name": fmt.Sprintf("测试%d号", i), "status": status, "model": "not in tiles"}))
	}
	for i, p := range []orb.Point{{106.5712, 29.6012}, {106.5801, 29.5903}, {106.5402, 29.6205}} {
		cs = append(cs, upsert("vehicles", fmt.Sprintf("veh-%d", i), p,
			map[string]any{"plate": fmt.Sprintf("渝A·D%04d", i), "status": "parked", "driver": "not in tiles"}))
	}
	hall := orb.Polygon{
		{{106.5700, 29.6000}, {106.5710, 29.6000}, {106.5710, 29.6008}, {106.5700, 29.6008}, {106.5700, 29.6000}},
		{{106.5703, 29.6003}, {106.5703, 29.6005}, {106.5707, 29.6005}, {106.5707, 29.6003}, {106.5703, 29.6003}},
	}
	cs = append(cs, upsert("markets", "mkt-01", hall, map[string]any{"name": "观音桥农贸市场", "stalls": int64(80)}))
	res, err := w.Apply(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil {
			t.Fatalf("%s/%s: %v", cs[i].Layer, cs[i].ID, r.Err)
		}
	}
	return w
}

func upsert(layer, id string, g orb.Geometry, props map[string]any) layers.Change {
	return layers.Change{Op: layers.Upsert, Layer: layer, ID: id, Geometry: g, Props: props}
}

func move(t testing.TB, w *layers.World, layer, id string, p orb.Point) {
	t.Helper()
	res, err := w.Apply(context.Background(), []layers.Change{{Op: layers.Patch, Layer: layer, ID: id, Geometry: p}})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
}
