package sim

import (
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
	"lookout/spatial"
)

var testGraph = sync.OnceValue(func() *graph {
	ds, err := chongqing.Districts()
	if err != nil {
		panic(err)
	}
	return buildGraph(1, ds)
})

func TestGraphShape(t *testing.T) {
	g := testGraph()
	links, bridgesUsed, inJB := 0, 0, 0
	main := 0
	for n := range g.pts {
		if g.compAll[n] == g.mainAll {
			main++
		}
		if g.inJB[n] {
			inJB++
		}
		for _, l := range g.adj[n] {
			links++
			if g.riverBorder(g.code[n], g.code[l.to]) {
				bridgesUsed++
			}
			if l.inJB && !sampledInside(g.jb, g.pts[n], g.pts[l.to]) {
				t.Errorf("link %d–%d is marked inside 江北区 but leaves it", n, l.to)
			}
		}
	}
	t.Logf("%d junctions (%d in 江北区), %d links, %d bridge link ends, main component %d", len(g.pts), inJB, links/2, bridgesUsed, main)
	if len(g.pts) < 3000 || main < len(g.pts)*9/10 {
		t.Errorf("%d junctions, %d in the main component: the network is too thin or broken", len(g.pts), main)
	}
	// Some bridges cross a river inside one district (北碚), where roads
	// are not kept from crossing anyway.
	if bridgesUsed/2 < 12 {
		t.Errorf("only %d bridges link the banks of a river between districts", bridgesUsed/2)
	}
}

func TestGraphRoutes(t *testing.T) {
	g := testGraph()
	cases := []struct {
		name  string
		a, b  orb.Point
		local bool
	}{
		{"观音桥 to 五里店, in 江北区", orb.Point{106.532, 29.577}, orb.Point{106.572, 29.588}, true},
		{"江北城 to 鱼嘴, in 江北区", orb.Point{106.575, 29.569}, orb.Point{106.770, 29.640}, true},
		{"观音桥 to 解放碑, over the Jialing", orb.Point{106.532, 29.577}, orb.Point{106.577, 29.557}, false},
		{"江北城 to the airport", orb.Point{106.575, 29.569}, orb.Point{106.640, 29.720}, false},
		{"南坪 to 杨家坪, over the Yangtze", orb.Point{106.565, 29.528}, orb.Point{106.513, 29.506}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rt, ok := g.plan(tc.a, tc.b, tc.local)
			if !ok {
				t.Fatal("no route")
			}
			direct := spatial.Distance(tc.a, tc.b)
			if l := rt.length(); l < direct || l > 2.5*direct+2000 {
				t.Errorf("route of %.0f m for %.0f m as the crow flies", l, direct)
			}
			for i := 0; i+1 < len(rt.pts); i++ {
				if tc.local && !sampledInside(g.jb, rt.pts[i], rt.pts[i+1]) {
					t.Errorf("leg %d leaves 江北区", i)
				}
				if v := rt.speeds[i]; v < accessSpeed || v > 60 {
					t.Errorf("leg %d at %.0f km/h", i, v)
				}
			}
		})
	}
}

func TestGraphIsSeeded(t *testing.T) {
	ds, _ := chongqing.Districts()
	a, b, c := testGraph(), buildGraph(1, ds), buildGraph(2, ds)
	if len(a.pts) != len(b.pts) || a.pts[100] != b.pts[100] {
		t.Error("the same seed gave different networks")
	}
	if a.pts[100] == c.pts[100] {
		t.Error("different seeds gave the same network")
	}
}

// sampledInside checks a segment against a shape every metre, apart from
// the shape's own segment test.
func sampledInside(s *shape, a, b orb.Point) bool {
	n := int(spatial.Distance(a, b)) + 1
	for i := 0; i <= n; i++ {
		if !s.contains(lerp(a, b, float64(i)/float64(n))) {
			return false
		}
	}
	return true
}

func TestSegmentInside(t *testing.T) {
	square := newShape(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0.5, 0.5}, {0, 1}, {0, 0}}})
	cases := []struct {
		name string
		a, b orb.Point
		want bool
	}{
		{"inside", orb.Point{0.1, 0.1}, orb.Point{0.9, 0.2}, true},
		{"across the notch", orb.Point{0.2, 0.6}, orb.Point{0.8, 0.6}, false},
		{"through the notch's tip", orb.Point{0.2, 0.5}, orb.Point{0.8, 0.5}, false},
		{"an end outside", orb.Point{0.5, 0.1}, orb.Point{1.5, 0.1}, false},
		{"below the notch", orb.Point{0.2, 0.3}, orb.Point{0.8, 0.3}, true},
	}
	for _, tc := range cases {
		if got := square.segmentInside(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
