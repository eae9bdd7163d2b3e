package chongqing

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestLocate(t *testing.T) {
	l := NewLocator(mustDistricts(t))
	west := westmost(mustDistricts(t))
	tests := []struct {
		name      string
		p         orb.Point
		wantCode  string // "" for no district
		wantExact bool
	}{
		{"解放碑 Jiefangbei", orb.Point{106.5771, 29.5576}, "500103", true},
		{"万州城区 Wanzhou centre", orb.Point{108.4085, 30.8078}, "500101", true},
		{"涪陵城区 Fuling centre", orb.Point{107.3895, 29.7032}, "500102", true},
		{"黔江城区 Qianjiang centre", orb.Point{108.771, 29.533}, "500114", true},
		{"酉阳县城 Youyang seat", orb.Point{108.7673, 28.8416}, "500242", true},
		// A sliver gap between 巫溪 and 开州, about 33 m from 巫溪 and 75 m from 开州.
		{"gap 巫溪/开州", orb.Point{108.760375, 31.504395}, "500238", false},
		// A 0.4 km² hole left among the parts of 奉节 by the source.
		{"hole in 奉节", orb.Point{109.106934, 30.581543}, "500236", false},
		{"1 km west of the westmost point", orb.Point{west.p[0] - 0.01, west.p[1]}, west.code, false},
		{"3 km west of the westmost point", orb.Point{west.p[0] - 0.03, west.p[1]}, "", false},
		{"成都 Chengdu", orb.Point{104.06, 30.66}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, exact := l.Locate(tt.p)
			got := ""
			if d != nil {
				got = d.Code
			}
			if got != tt.wantCode || exact != tt.wantExact {
				t.Errorf("Locate(%v) = %q, %v; want %q, %v", tt.p, got, exact, tt.wantCode, tt.wantExact)
			}
		})
	}
}

func TestLocateOverlap(t *testing.T) {
	// 开州 and 城口 overlap by about 2.6 km² in the source; a point there belongs to
	// both, and Locate must still answer with one of them, exactly.
	p := orb.Point{108.787403, 31.688379}
	l := NewLocator(mustDistricts(t))
	d, exact := l.Locate(p)
	if d == nil || (d.Code != "500154" && d.Code != "500229") || !exact {
		t.Errorf("Locate(%v) = %v, %v; want 500154 or 500229, true", p, d, exact)
	}
}

func TestLocateVertex(t *testing.T) {
	// Every district must claim its own vertices: boundaries count as inside.
	ds := mustDistricts(t)
	l := NewLocator(ds)
	for _, d := range ds {
		p := d.Geometry[0][0][0]
		if got, exact := l.Locate(p); got == nil || !exact {
			t.Errorf("Locate(vertex %v of %s) = %v, %v; want a district, true", p, d.Code, got, exact)
		}
	}
}

type vertex struct {
	p    orb.Point
	code string
}

// westmost returns the vertex with the smallest longitude and its district.
func westmost(ds []District) vertex {
	w := vertex{p: orb.Point{1000, 0}}
	for _, d := range ds {
		for _, poly := range d.Geometry {
			for _, pt := range poly[0] {
				if pt[0] < w.p[0] {
					w = vertex{pt, d.Code}
				}
			}
		}
	}
	return w
}

func BenchmarkLocate(b *testing.B) {
	ds, err := Districts()
	if err != nil {
		b.Fatal(err)
	}
	l := NewLocator(ds)
	pts := []orb.Point{{106.5771, 29.5576}, {108.4085, 30.8078}, {108.760375, 31.504395}, {104.06, 30.66}}
	for i := 0; b.Loop(); i++ {
		l.Locate(pts[i%len(pts)])
	}
}
