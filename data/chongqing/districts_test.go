package chongqing

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// want lists the 38 divisions by GB/T 2260 code as of 2016 and later.
var want = []struct{ code, name, nameEN, kind string }{
	{"500101", "万州区", "Wanzhou", "district"},
	{"500102", "涪陵区", "Fuling", "district"},
	{"500103", "渝中区", "Yuzhong", "district"},
	{"500104", "大渡口区", "Dadukou", "district"},
	{"500105", "江北区", "Jiangbei", "district"},
	{"500106", "沙坪坝区", "Shapingba", "district"},
	{"500107", "九龙坡区", "Jiulongpo", "district"},
	{"500108", "南岸区", "Nan'an", "district"},
	{"500109", "北碚区", "Beibei", "district"},
	{"500110", "綦江区", "Qijiang", "district"},
	{"500111", "大足区", "Dazu", "district"},
	{"500112", "渝北区", "Yubei", "district"},
	{"500113", "巴南区", "Banan", "district"},
	{"500114", "黔江区", "Qianjiang", "district"},
	{"500115", "长寿区", "Changshou", "district"},
	{"500116", "江津区", "Jiangjin", "district"},
	{"500117", "合川区", "Hechuan", "district"},
	{"500118", "永川区", "Yongchuan", "district"},
	{"500119", "南川区", "Nanchuan", "district"},
	{"500120", "璧山区", "Bishan", "district"},
	{"500151", "铜梁区", "Tongliang", "district"},
	{"500152", "潼南区", "Tongnan", "district"},
	{"500153", "荣昌区", "Rongchang", "district"},
	{"500154", "开州区", "Kaizhou", "district"},
	{"500155", "梁平区", "Liangping", "district"},
	{"500156", "武隆区", "Wulong", "district"},
	{"500229", "城口县", "Chengkou", "county"},
	{"500230", "丰都县", "Fengdu", "county"},
	{"500231", "垫江县", "Dianjiang", "county"},
	{"500233", "忠县", "Zhongxian", "county"},
	{"500235", "云阳县", "Yunyang", "county"},
	{"500236", "奉节县", "Fengjie", "county"},
	{"500237", "巫山县", "Wushan", "county"},
	{"500238", "巫溪县", "Wuxi", "county"},
	{"500240", "石柱土家族自治县", "Shizhu", "county"},
	{"500241", "秀山土家族苗族自治县", "Xiushan", "county"},
	{"500242", "酉阳土家族苗族自治县", "Youyang", "county"},
	{"500243", "彭水苗族土家族自治县", "Pengshui", "county"},
}

func mustDistricts(t *testing.T) []District {
	t.Helper()
	ds, err := Districts()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func byCode(t *testing.T, code string) *District {
	t.Helper()
	ds := mustDistricts(t)
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	t.Fatalf("no district %s", code)
	return nil
}

func TestDistrictsNames(t *testing.T) {
	ds := mustDistricts(t)
	if got := len(ds); got != len(want) {
		t.Fatalf("len(Districts()) = %d, want %d", got, len(want))
	}
	for i, w := range want {
		d := ds[i]
		if d.Code != w.code || d.Name != w.name || d.NameEN != w.nameEN || d.Kind != w.kind {
			t.Errorf("district %d = %s %s %s %s, want %s %s %s %s", i,
				d.Code, d.Name, d.NameEN, d.Kind, w.code, w.name, w.nameEN, w.kind)
		}
	}
}

func TestDistrictsAreas(t *testing.T) {
	total := 0.0
	for _, d := range mustDistricts(t) {
		total += d.AreaKM2
	}
	tests := []struct {
		name      string
		got, want float64
		tolerance float64 // relative
	}{
		{"total", total, 82400, 0.02},
		{"渝中区", byCode(t, "500103").AreaKM2, 23, 0.05},
		{"万州区", byCode(t, "500101").AreaKM2, 3457, 0.05},
		{"酉阳", byCode(t, "500242").AreaKM2, 5173, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got/tt.want-1) > tt.tolerance {
				t.Errorf("area = %.2f km², want %.0f ± %.0f%%", tt.got, tt.want, tt.tolerance*100)
			}
		})
	}
}

func TestDistrictsValid(t *testing.T) {
	for _, d := range mustDistricts(t) {
		if err := validate(d.Geometry); err != nil {
			t.Errorf("%s %s: %v", d.Code, d.Name, err)
		}
		if got := d.Geometry.Bound(); got != d.Bound {
			t.Errorf("%s: Bound = %v, want %v", d.Code, d.Bound, got)
		}
	}
}

func TestValidate(t *testing.T) {
	sq := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	tests := []struct {
		name    string
		mp      orb.MultiPolygon
		wantErr bool
	}{
		{"unit square", orb.MultiPolygon{{sq}}, false},
		{"hole touching its shell at a point", orb.MultiPolygon{{sq, {{0, 0}, {0.5, 0.8}, {0.8, 0.5}, {0, 0}}}}, false},
		{"parts touching at a point", orb.MultiPolygon{{sq}, {{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}}}, false},
		{"bow tie", orb.MultiPolygon{{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}}, true},
		{"open ring", orb.MultiPolygon{{sq[:4]}}, true},
		{"clockwise", orb.MultiPolygon{{orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}}, true},
		{"spike", orb.MultiPolygon{{{{0, 0}, {1, 0}, {2, 0}, {1, 0}, {1, 1}, {0, 0}}}}, true},
		{"sliver", orb.MultiPolygon{{{{0, 0}, {1, 0}, {0, 0}, {0, 0}}}}, true},
		{"self-touching ring", orb.MultiPolygon{{{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}}}, true},
		{"parts sharing an edge", orb.MultiPolygon{{sq}, {{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}}}, true},
		{"overlapping parts", orb.MultiPolygon{{sq}, {{{0.5, 0.5}, {2, 0.5}, {2, 2}, {0.5, 2}, {0.5, 0.5}}}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := validate(tt.mp); (err != nil) != tt.wantErr {
				t.Errorf("validate(%v) = %v, want error %v", tt.mp, err, tt.wantErr)
			}
		})
	}
}

func TestBound(t *testing.T) {
	b := Bound()
	// Chongqing spans about lon 105.29–110.20, lat 28.16–32.20.
	if b.Min[0] < 105.1 || b.Min[0] > 105.4 || b.Max[0] < 110.1 || b.Max[0] > 110.3 ||
		b.Min[1] < 28.0 || b.Min[1] > 28.3 || b.Max[1] < 32.1 || b.Max[1] > 32.3 {
		t.Errorf("Bound() = %v, want about [105.29 28.16] [110.20 32.20]", b)
	}
}

// TestAreaKM2Ellipsoid compares AreaKM2 of 1° quadrangles with the ellipsoidal
// area integrated numerically from the meridional and prime-vertical radii, and
// shows why orb/geo.Area (a sphere of the equatorial radius) is not used.
func TestAreaKM2Ellipsoid(t *testing.T) {
	tests := []struct {
		name     string
		lat      float64
		geoRatio float64 // orb/geo.Area over the ellipsoidal area, roughly
	}{
		{"equator", 0, 1.0067},
		{"chongqing", 29, 1.0032},
		{"north", 60, 0.9966},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poly := orb.Polygon{{{106, tt.lat}, {107, tt.lat}, {107, tt.lat + 1}, {106, tt.lat + 1}, {106, tt.lat}}}
			want := quadrangleKM2(tt.lat, tt.lat+1, 1)
			if got := AreaKM2(poly); math.Abs(got/want-1) > 1e-6 {
				t.Errorf("AreaKM2 = %.4f km², want %.4f", got, want)
			}
			if r := geo.Area(poly) / 1e6 / want; math.Abs(r-tt.geoRatio) > 0.001 {
				t.Errorf("geo.Area / ellipsoidal area = %.4f, want about %.4f", r, tt.geoRatio)
			}
		})
	}
}

// quadrangleKM2 integrates M(φ)·N(φ)·cos φ over [lat0, lat1] by Simpson's rule.
func quadrangleKM2(lat0, lat1, dLonDeg float64) float64 {
	const n = 1000
	f := func(lat float64) float64 {
		phi := lat * math.Pi / 180
		w := 1 - wgs84E2*math.Sin(phi)*math.Sin(phi)
		m := wgs84A * (1 - wgs84E2) / math.Pow(w, 1.5)
		nn := wgs84A / math.Sqrt(w)
		return m * nn * math.Cos(phi)
	}
	h := (lat1 - lat0) / n
	sum := f(lat0) + f(lat1)
	for i := 1; i < n; i++ {
		c := 2.0
		if i%2 == 1 {
			c = 4
		}
		sum += c * f(lat0+float64(i)*h)
	}
	return sum * h / 3 * (math.Pi / 180) * (dLonDeg * math.Pi / 180) / 1e6
}
