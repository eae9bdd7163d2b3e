package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"unicode/utf16"
)

// meta is what the output carries for one district beyond its shape.
type meta struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
	Kind   string `json:"kind"`
}

// districtMeta maps the source's feature id to the current (post-2016) code, name,
// pinyin name and kind from GB/T 2260. The source predates two 2016 changes: 梁平县
// (500228) became 梁平区 (500155) and 武隆县 (500232) became 武隆区 (500156).
var districtMeta = map[string]meta{
	"500101": {"500101", "万州区", "Wanzhou", "district"},
	"500102": {"500102", "涪陵区", "Fuling", "district"},
	"500103": {"500103", "渝中区", "Yuzhong", "district"},
	"500104": {"500104", "大渡口区", "Dadukou", "district"},
	"500105": {"500105", "江北区", "Jiangbei", "district"},
	"500106": {"500106", "沙坪坝区", "Shapingba", "district"},
	"500107": {"500107", "九龙坡区", "Jiulongpo", "district"},
	"500108": {"500108", "南岸区", "Nan'an", "district"},
	"500109": {"500109", "北碚区", "Beibei", "district"},
	"500110": {"500110", "綦江区", "Qijiang", "district"},
	"500111": {"500111", "大足区", "Dazu", "district"},
	"500112": {"500112", "渝北区", "Yubei", "district"},
	"500113": {"500113", "巴南区", "Banan", "district"},
	"500114": {"500114", "黔江区", "Qianjiang", "district"},
	"500115": {"500115", "长寿区", "Changshou", "district"},
	"500116": {"500116", "江津区", "Jiangjin", "district"},
	"500117": {"500117", "合川区", "Hechuan", "district"},
	"500118": {"500118", "永川区", "Yongchuan", "district"},
	"500119": {"500119", "南川区", "Nanchuan", "district"},
	"500120": {"500120", "璧山区", "Bishan", "district"},
	"500151": {"500151", "铜梁区", "Tongliang", "district"},
	"500152": {"500152", "潼南区", "Tongnan", "district"},
	"500153": {"500153", "荣昌区", "Rongchang", "district"},
	"500154": {"500154", "开州区", "Kaizhou", "district"},
	"500228": {"500155", "梁平区", "Liangping", "district"},
	"500232": {"500156", "武隆区", "Wulong", "district"},
	"500229": {"500229", "城口县", "Chengkou", "county"},
	"500230": {"500230", "丰都县", "Fengdu", "county"},
	"500231": {"500231", "垫江县", "Dianjiang", "county"},
	"500233": {"500233", "忠县", "Zhongxian", "county"},
	"500235": {"500235", "云阳县", "Yunyang", "county"},
	"500236": {"500236", "奉节县", "Fengjie", "county"},
	"500237": {"500237", "巫山县", "Wushan", "county"},
	"500238": {"500238", "巫溪县", "Wuxi", "county"},
	"500240": {"500240", "石柱土家族自治县", "Shizhu", "county"},
	"500241": {"500241", "秀山土家族苗族自治县", "Xiushan", "county"},
	"500242": {"500242", "酉阳土家族苗族自治县", "Youyang", "county"},
	"500243": {"500243", "彭水苗族土家族自治县", "Pengshui", "county"},
}

// sourceName is the name each source id must carry, so that a changed source is
// noticed instead of silently mislabelled.
var sourceName = map[string]string{"500228": "梁平县", "500232": "武隆县"}

// encoded is one feature of the ECharts-compressed source file.
type encoded struct {
	ID         string `json:"id"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
	Geometry struct {
		Type          string          `json:"type"`
		Coordinates   json.RawMessage `json:"coordinates"`
		EncodeOffsets json.RawMessage `json:"encodeOffsets"`
	} `json:"geometry"`
}

// decodeDistricts reads the ECharts file at src and returns its features decoded,
// with closed rings, renamed and sorted by code.
func decodeDistricts(src string) ([]feature, error) {
	b, err := os.ReadFile(src)
	if err != nil {
		return nil, fmt.Errorf("regen: %w", err)
	}
	var fc struct {
		UTF8Encoding bool      `json:"UTF8Encoding"`
		Features     []encoded `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("regen: parse %s: %w", src, err)
	}
	if !fc.UTF8Encoding {
		return nil, fmt.Errorf("regen: %s is not UTF8Encoding-compressed", src)
	}
	var out []feature
	seen := map[string]bool{}
	for _, ef := range fc.Features {
		m, ok := districtMeta[ef.ID]
		if !ok {
			return nil, fmt.Errorf("regen: unknown source id %q (%s)", ef.ID, ef.Properties.Name)
		}
		want := sourceName[ef.ID]
		if want == "" {
			want = m.Name
		}
		if ef.Properties.Name != want {
			return nil, fmt.Errorf("regen: source id %s is named %q, want %q", ef.ID, ef.Properties.Name, want)
		}
		seen[ef.ID] = true
		polys, err := decodeGeometry(ef.Geometry.Type, ef.Geometry.Coordinates, ef.Geometry.EncodeOffsets)
		if err != nil {
			return nil, fmt.Errorf("regen: district %s: %w", ef.ID, err)
		}
		props, err := json.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("regen: %w", err)
		}
		out = append(out, feature{
			Type:       "Feature",
			ID:         m.Code,
			Properties: props,
			Geometry:   geometry{Type: "MultiPolygon", Coordinates: polys},
		})
	}
	if len(seen) != len(districtMeta) {
		return nil, fmt.Errorf("regen: found %d of %d districts", len(seen), len(districtMeta))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// decodeGeometry decodes a Polygon or MultiPolygon whose rings are encoded strings,
// returning MultiPolygon coordinates in either case.
func decodeGeometry(typ string, coords, offsets json.RawMessage) ([][][][2]float64, error) {
	switch typ {
	case "Polygon":
		var rings []string
		var offs [][2]int
		if err := json.Unmarshal(coords, &rings); err != nil {
			return nil, fmt.Errorf("polygon coordinates: %w", err)
		}
		if err := json.Unmarshal(offsets, &offs); err != nil {
			return nil, fmt.Errorf("polygon offsets: %w", err)
		}
		p, err := decodePolygon(rings, offs)
		if err != nil {
			return nil, err
		}
		return [][][][2]float64{p}, nil
	case "MultiPolygon":
		var polys [][]string
		var offs [][][2]int
		if err := json.Unmarshal(coords, &polys); err != nil {
			return nil, fmt.Errorf("multipolygon coordinates: %w", err)
		}
		if err := json.Unmarshal(offsets, &offs); err != nil {
			return nil, fmt.Errorf("multipolygon offsets: %w", err)
		}
		if len(offs) != len(polys) {
			return nil, fmt.Errorf("%d polygons but %d offsets", len(polys), len(offs))
		}
		var out [][][][2]float64
		for i := range polys {
			p, err := decodePolygon(polys[i], offs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %q", typ)
}

func decodePolygon(rings []string, offs [][2]int) ([][][2]float64, error) {
	if len(offs) != len(rings) {
		return nil, fmt.Errorf("%d rings but %d offsets", len(rings), len(offs))
	}
	var out [][][2]float64
	for i, s := range rings {
		r, err := decodeRing(s, offs[i])
		if err != nil {
			return nil, fmt.Errorf("ring %d: %w", i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// decodeRing decodes one ECharts-encoded ring and closes it. Each pair of UTF-16
// code units, less 64, is a zigzag-encoded (x, y) delta from the previous vertex,
// starting at the ring's offset; the running sums divided by 1024 are lon/lat.
func decodeRing(s string, off [2]int) ([][2]float64, error) {
	units := utf16.Encode([]rune(s))
	if len(units)%2 != 0 {
		return nil, fmt.Errorf("odd number of code units (%d)", len(units))
	}
	x, y := off[0], off[1]
	ring := make([][2]float64, 0, len(units)/2+1)
	for i := 0; i < len(units); i += 2 {
		x += zigzag(int(units[i]) - 64)
		y += zigzag(int(units[i+1]) - 64)
		ring = append(ring, [2]float64{round6(float64(x) / 1024), round6(float64(y) / 1024)})
	}
	if len(ring) < 3 {
		return nil, fmt.Errorf("only %d vertices", len(ring))
	}
	if ring[0] != ring[len(ring)-1] {
		ring = append(ring, ring[0])
	}
	return ring, nil
}

// zigzag undoes the zigzag encoding that maps signed to unsigned integers.
func zigzag(v int) int {
	return (v >> 1) ^ -(v & 1)
}
