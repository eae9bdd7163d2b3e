package spatial_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

// pointBound is the bound of a point feature.
func pointBound(p orb.Point) orb.Bound { return orb.Bound{Min: p, Max: p} }

// searchAll returns the sorted ids whose bound intersects b.
func searchAll(ix *spatial.Index[struct{}], b orb.Bound) []string {
	var ids []string
	ix.Search(b, func(id string, _ orb.Bound, _ struct{}) bool {
		ids = append(ids, id)
		return true
	})
	slices.Sort(ids)
	return ids
}

func TestIndexPutBoundDelete(t *testing.T) {
	ix := spatial.NewIndex[struct{}]()
	if n := ix.Len(); n != 0 {
		t.Fatalf("new index: Len() = %d, want 0", n)
	}
	if _, ok := ix.Extent(); ok {
		t.Fatal("new index: Extent() reports a bound")
	}

	a, b := orb.Point{106.5, 29.5}, orb.Point{107, 30}
	ix.Put("a", pointBound(a), struct{}{})
	ix.Put("b", pointBound(b), struct{}{})
	if n := ix.Len(); n != 2 {
		t.Errorf("Len() = %d, want 2", n)
	}
	if got, ok := ix.Bound("a"); !ok || got != pointBound(a) {
		t.Errorf("Bound(a) = %v, %v; want %v, true", got, ok, pointBound(a))
	}
	if got, ok := ix.Extent(); !ok || got != (orb.Bound{Min: a, Max: b}) {
		t.Errorf("Extent() = %v, %v; want %v", got, ok, orb.Bound{Min: a, Max: b})
	}

	if !ix.Delete("a") {
		t.Error("Delete(a) = false for a present id")
	}
	if ix.Delete("a") {
		t.Error("Delete(a) = true the second time")
	}
	if ix.Delete("never") {
		t.Error("Delete(never) = true for an id never put")
	}
	if _, ok := ix.Bound("a"); ok {
		t.Error("Bound(a) still reported after Delete")
	}
	if got := searchAll(ix, chongqing); !slices.Equal(got, []string{"b"}) {
		t.Errorf("search after Delete(a) = %v, want [b]", got)
	}
	if got, ok := ix.Extent(); !ok || got != pointBound(b) {
		t.Errorf("Extent() after Delete(a) = %v, %v; want %v", got, ok, pointBound(b))
	}

	ix.Delete("b")
	if _, ok := ix.Extent(); ok || ix.Len() != 0 {
		t.Errorf("emptied index: Len() = %d, Extent ok = %v", ix.Len(), ok)
	}
}

func TestIndexPutMovesAnItem(t *testing.T) {
	ix := spatial.NewIndex[struct{}]()
	before, after := orb.Point{106.5, 29.5}, orb.Point{106.6, 29.6}
	ix.Put("car", pointBound(before), struct{}{})
	ix.Put("car", pointBound(after), struct{}{})

	if got := searchAll(ix, pointBound(before).Pad(0.001)); len(got) != 0 {
		t.Errorf("old position still finds %v", got)
	}
	if got := searchAll(ix, pointBound(after).Pad(0.001)); !slices.Equal(got, []string{"car"}) {
		t.Errorf("new position finds %v, want [car]", got)
	}
	if got, _ := ix.Bound("car"); got != pointBound(after) {
		t.Errorf("Bound(car) = %v, want %v", got, pointBound(after))
	}
	if n := ix.Len(); n != 1 {
		t.Errorf("Len() = %d, want 1", n)
	}
}

func TestIndexPutSameBoundIsNoop(t *testing.T) {
	ix := spatial.NewIndex[struct{}]()
	b := orb.Bound{Min: orb.Point{106.5, 29.5}, Max: orb.Point{106.6, 29.6}}
	ix.Put("zone", b, struct{}{})
	ix.Put("zone", b, struct{}{})
	if got := searchAll(ix, chongqing); !slices.Equal(got, []string{"zone"}) {
		t.Errorf("search = %v, want one [zone]", got)
	}
	// Had the second Put inserted a duplicate, one Delete would leave it in
	// the tree.
	ix.Delete("zone")
	if got := searchAll(ix, chongqing); len(got) != 0 {
		t.Errorf("search after Delete = %v, want nothing", got)
	}
}

func TestIndexSearch(t *testing.T) {
	r := newRand(30)
	ix := spatial.NewIndex[struct{}]()
	bounds := make(map[string]orb.Bound)
	for i := range 2000 {
		id := fmt.Sprint(i)
		b := pointBound(pointIn(r, chongqing))
		if i%2 == 1 { // half points, half small areas
			b = boxAround(r, chongqing, 0.05)
		}
		ix.Put(id, b, struct{}{})
		bounds[id] = b
	}
	// Move a quarter and delete a quarter, so that the tree has history.
	for i := 0; i < 2000; i += 4 {
		id := fmt.Sprint(i)
		b := pointBound(pointIn(r, chongqing))
		ix.Put(id, b, struct{}{})
		bounds[id] = b
		ix.Delete(fmt.Sprint(i + 1))
		delete(bounds, fmt.Sprint(i+1))
	}

	tests := []struct {
		name string
		box  orb.Bound
	}{
		{"everything", chongqing},
		{"nothing (outside)", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}},
		{"a point", pointBound(pointIn(r, chongqing))},
		{"1 km box", orb.Bound{Min: orb.Point{106.5, 29.5}, Max: orb.Point{106.51, 29.509}}},
		{"10 km box", orb.Bound{Min: orb.Point{106.5, 29.5}, Max: orb.Point{106.6, 29.59}}},
		{"a district", orb.Bound{Min: orb.Point{106, 29}, Max: orb.Point{107, 30}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for id, b := range bounds {
				if b.Intersects(tt.box) {
					want = append(want, id)
				}
			}
			slices.Sort(want)
			if got := searchAll(ix, tt.box); !slices.Equal(got, want) {
				t.Errorf("Search(%v) found %d ids, brute force %d", tt.box, len(got), len(want))
			}
		})
	}
	ix.Search(chongqing, func(id string, b orb.Bound, _ struct{}) bool {
		if b != bounds[id] {
			t.Errorf("Search passes %v for %s, want %v", b, id, bounds[id])
		}
		return true
	})
}

func TestIndexSearchStopsEarly(t *testing.T) {
	ix := spatial.NewIndex[struct{}]()
	r := newRand(31)
	for i := range 100 {
		ix.Put(fmt.Sprint(i), pointBound(pointIn(r, chongqing)), struct{}{})
	}
	calls := 0
	ix.Search(chongqing, func(string, orb.Bound, struct{}) bool {
		calls++
		return calls < 3
	})
	if calls != 3 {
		t.Errorf("fn called %d times after returning false on the 3rd, want 3", calls)
	}
}

// item is one feature of the brute-force reference: its id, number and
// geometry.
type item struct {
	id  string
	n   int
	geo orb.Geometry
}

// nearestByScan is the reference for Index.Nearest: measure everything and
// keep the best, in order.
func nearestByScan(items []item, q spatial.Near) []spatial.Hit {
	var hits []spatial.Hit
	byDistance := func(a, b spatial.Hit) int { return cmp.Compare(a.Distance, b.Distance) }
	for _, it := range items {
		if q.Filter != nil && !q.Filter(it.id) {
			continue
		}
		d := spatial.DistanceTo(q.Point, it.geo)
		if q.MaxDistance > 0 && d > q.MaxDistance {
			continue
		}
		if q.K > 0 && len(hits) == q.K && d >= hits[q.K-1].Distance {
			continue
		}
		h := spatial.Hit{ID: it.id, Distance: d}
		i, _ := slices.BinarySearchFunc(hits, h, byDistance)
		hits = slices.Insert(hits, i, h)
		if q.K > 0 && len(hits) > q.K {
			hits = hits[:q.K]
		}
	}
	return hits
}

func sameHits(got, want []spatial.Hit) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d hits, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID || !near(got[i].Distance, want[i].Distance, 1e-6) {
			return fmt.Errorf("hit %d is %v, want %v", i, got[i], want[i])
		}
	}
	return nil
}

func TestNearestPointsMatchBruteForce(t *testing.T) {
	r := newRand(40)
	ix := spatial.NewIndex[struct{}]()
	items := make([]item, 10000)
	byID := make(map[string]int, len(items))
	for i := range items {
		p := pointIn(r, chongqing)
		items[i] = item{id: fmt.Sprintf("p%d", i), n: i, geo: p}
		byID[items[i].id] = i
		ix.Put(items[i].id, pointBound(p), struct{}{})
	}
	even := func(id string) bool { return byID[id]%2 == 0 }
	none := func(string) bool { return false }

	tests := []struct {
		name string
		near func(p orb.Point) spatial.Near
	}{
		{"k=1", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 1} }},
		{"k=10", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 10} }},
		{"k=100", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 100} }},
		{"within 5 km", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, MaxDistance: 5000} }},
		{"k=10 within 3 km", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 10, MaxDistance: 3000} }},
		{"k=10 even ids only", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 10, Filter: even} }},
		{"even ids within 4 km", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, MaxDistance: 4000, Filter: even} }},
		{"filter rejects all", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 10, Filter: none} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				// Queries from a slightly larger box also test points
				// outside the data's extent.
				q := tt.near(pointIn(r, chongqing.Pad(0.5)))
				if err := sameHits(ix.Nearest(q), nearestByScan(items, q)); err != nil {
					t.Fatalf("Nearest around %v: %v", q.Point, err)
				}
			}
		})
	}

	t.Run("everything, sorted", func(t *testing.T) {
		q := spatial.Near{Point: jiefangbei}
		if err := sameHits(ix.Nearest(q), nearestByScan(items, q)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestNearestOnEmptyIndex(t *testing.T) {
	if hits := spatial.NewIndex[struct{}]().Nearest(spatial.Near{Point: jiefangbei, K: 3}); len(hits) != 0 {
		t.Errorf("Nearest on an empty index = %v", hits)
	}
}

// TestNearestExactPolygonsMatchBruteForce indexes polygons by their bounds
// and ranks them by the exact distance to their edges (zero inside).
func TestNearestExactPolygonsMatchBruteForce(t *testing.T) {
	r := newRand(41)
	area := orb.Bound{Min: orb.Point{106, 29}, Max: orb.Point{107.5, 30.2}}
	items := polygonsOnGrid(r, area, 60, 40)
	ix := spatial.NewIndex[struct{}]()
	geo := make(map[string]orb.Geometry, len(items))
	for _, it := range items {
		ix.Put(it.id, it.geo.Bound(), struct{}{})
		geo[it.id] = it.geo
	}
	odd := func(id string) bool { return len(id)%2 == 1 }

	tests := []struct {
		name string
		near func(p orb.Point) spatial.Near
	}{
		{"k=1", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 1} }},
		{"k=10", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 10} }},
		{"within 5 km", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, MaxDistance: 5000} }},
		{"k=5 filtered", func(p orb.Point) spatial.Near { return spatial.Near{Point: p, K: 5, Filter: odd} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				q := tt.near(pointIn(r, area.Pad(0.2)))
				q.Exact = func(id string) float64 { return spatial.DistanceTo(q.Point, geo[id]) }
				if err := sameHits(ix.Nearest(q), nearestByScan(items, q)); err != nil {
					t.Fatalf("Nearest around %v: %v", q.Point, err)
				}
			}
		})
	}
}

// polygonsOnGrid returns one random star-shaped polygon in each cell of a
// cols×rows grid over area, so that no two overlap and a point is inside at
// most one (distance ties at zero would make the order ambiguous).
func polygonsOnGrid(r *rand.Rand, area orb.Bound, cols, rows int) []item {
	w := (area.Max[0] - area.Min[0]) / float64(cols)
	h := (area.Max[1] - area.Min[1]) / float64(rows)
	var items []item
	for i := range cols {
		for j := range rows {
			c := orb.Point{area.Min[0] + (float64(i)+0.5)*w, area.Min[1] + (float64(j)+0.5)*h}
			n := 3 + r.IntN(8)
			angles := make([]float64, n)
			for k := range angles {
				angles[k] = r.Float64() * 2 * math.Pi
			}
			slices.Sort(angles)
			ring := make(orb.Ring, 0, n+1)
			for _, a := range angles {
				f := 0.1 + 0.35*r.Float64()
				ring = append(ring, orb.Point{c[0] + f*w*math.Cos(a), c[1] + f*h*math.Sin(a)})
			}
			ring = append(ring, ring[0])
			id := fmt.Sprintf("g%d", len(items))
			items = append(items, item{id: id, n: len(items), geo: orb.Polygon{ring}})
		}
	}
	return items
}
