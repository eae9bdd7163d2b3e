package demo

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"lookout/layers"
)

func TestLarge(t *testing.T) {
	const n = 3000
	var cs []layers.Change
	if err := Large(7, n, func(c layers.Change) error { cs = append(cs, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(cs) != n {
		t.Fatalf("Large(7, %d) gave %d changes", n, len(cs))
	}
	_, loc, _ := districtsAndLocator(t)
	plates := map[string]bool{}
	for i, c := range cs {
		if want := fmt.Sprintf("load-%07d", i+1); c.ID != want || c.Layer != "vehicles" {
			t.Fatalf("change %d is %s/%s, want vehicles/%s", i, c.Layer, c.ID, want)
		}
		p := c.Geometry.(orb.Point)
		if d, exact := loc.Locate(p); d == nil || !exact || d.Code != c.Props["district"] {
			t.Errorf("%s at %v: locator gives %v, district says %v", c.ID, p, d, c.Props["district"])
		}
		plate := c.Props["plate"].(string)
		if plates[plate] {
			t.Errorf("%s: plate %s used twice", c.ID, plate)
		}
		plates[plate] = true
	}
	applyAll(t, append(changes(t), cs...))

	var again []layers.Change
	if err := Large(7, n, func(c layers.Change) error { again = append(again, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if digest(t, cs) != digest(t, again) {
		t.Errorf("Large(7, %d) is not deterministic", n)
	}
}

func TestLargePlatesUnique(t *testing.T) {
	seen := map[string]int{}
	for i := 1; i <= 200_000; i++ {
		p := largePlate(i)
		if j, dup := seen[p]; dup {
			t.Fatalf("plates %d and %d are both %s", j, i, p)
		}
		seen[p] = i
	}
}

func BenchmarkLarge(b *testing.B) {
	for b.Loop() {
		if err := Large(42, 100_000, func(layers.Change) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
