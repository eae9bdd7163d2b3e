package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/paulmach/orb"
)

// urbanCentre is a busy neighbourhood of the central city: shops, canteens
// and listed places cluster around these, not over the districts' farmland.
type urbanCentre struct {
	name   string
	code   string
	p      orb.Point
	weight float64
	sigma  float64 // spread in metres
}

// urbanCentres are the neighbourhoods of the nine central districts, with
// rough coordinates and how much happens there.
var urbanCentres = []urbanCentre{
	{"解放碑", "500103", orb.Point{106.577, 29.557}, 3, 500}, {"大坪", "500103", orb.Point{106.519, 29.540}, 2, 600},
	{"上清寺", "500103", orb.Point{106.548, 29.565}, 2, 500}, {"两路口", "500103", orb.Point{106.545, 29.553}, 1.5, 500},
	{"化龙桥", "500103", orb.Point{106.522, 29.556}, 1, 500}, {"七星岗", "500103", orb.Point{106.563, 29.557}, 1.5, 400},
	{"朝天门", "500103", orb.Point{106.585, 29.564}, 1, 300}, {"南纪门", "500103", orb.Point{106.566, 29.548}, 1, 400},
	{"石油路", "500103", orb.Point{106.508, 29.535}, 1, 500},
	{"观音桥", "500105", orb.Point{106.532, 29.577}, 3, 700}, {"华新街", "500105", orb.Point{106.548, 29.571}, 1.5, 500},
	{"五里店", "500105", orb.Point{106.572, 29.588}, 1.5, 600}, {"江北城", "500105", orb.Point{106.575, 29.569}, 1, 400},
	{"石马河", "500105", orb.Point{106.512, 29.592}, 1, 600}, {"大石坝", "500105", orb.Point{106.520, 29.605}, 1.5, 600},
	{"寸滩", "500105", orb.Point{106.605, 29.595}, 1, 700}, {"郭家沱", "500105", orb.Point{106.660, 29.600}, 0.4, 700},
	{"鱼嘴", "500105", orb.Point{106.770, 29.640}, 0.5, 900}, {"复盛", "500105", orb.Point{106.730, 29.660}, 0.2, 600},
	{"三峡广场", "500106", orb.Point{106.457, 29.556}, 3, 800}, {"大学城", "500106", orb.Point{106.310, 29.605}, 1.5, 1200},
	{"磁器口", "500106", orb.Point{106.450, 29.580}, 1, 600}, {"西永", "500106", orb.Point{106.300, 29.580}, 1, 1000},
	{"杨家坪", "500107", orb.Point{106.513, 29.506}, 3, 700}, {"石桥铺", "500107", orb.Point{106.485, 29.535}, 2, 700},
	{"谢家湾", "500107", orb.Point{106.520, 29.520}, 1, 500}, {"二郎", "500107", orb.Point{106.460, 29.520}, 1, 800},
	{"南坪", "500108", orb.Point{106.565, 29.528}, 3, 800}, {"茶园", "500108", orb.Point{106.650, 29.500}, 1.5, 1200},
	{"弹子石", "500108", orb.Point{106.595, 29.565}, 1, 600}, {"四公里", "500108", orb.Point{106.580, 29.505}, 1, 600},
	{"新山村", "500104", orb.Point{106.485, 29.482}, 1.5, 800},
	{"两路", "500112", orb.Point{106.630, 29.720}, 1.5, 1000}, {"冉家坝", "500112", orb.Point{106.500, 29.615}, 1.5, 700},
	{"回兴", "500112", orb.Point{106.620, 29.680}, 0.8, 800}, {"礼嘉", "500112", orb.Point{106.530, 29.650}, 0.8, 900},
	{"北碚城区", "500109", orb.Point{106.437, 29.825}, 1.5, 900}, {"蔡家", "500109", orb.Point{106.480, 29.730}, 0.6, 900},
	{"鱼洞", "500113", orb.Point{106.520, 29.385}, 1.2, 900}, {"李家沱", "500113", orb.Point{106.530, 29.465}, 1.2, 700},
}

// roads are street names of the central districts, for addresses.
var roads = map[string][]string{
	"500103": {"民族路", "民权路", "邹容路", "八一路", "五一路", "新华路", "解放东路", "解放西路", "中山一路", "中山二路",
		"中山三路", "中山四路", "人民路", "上清寺路", "长江一路", "长江二路", "大坪正街", "石油路", "虎踞路", "健康路",
		"和平路", "青年路", "临江路", "沧白路", "大同路", "鹅岭正街", "李子坝正街", "菜园路", "南区路"},
	"500105": {"建新北路", "建新东路", "建新南路", "建新西路", "北城天街", "洋河一路", "洋河二路", "洋河北路", "红石路",
		"海尔路", "鸿恩路", "大庆村", "华新街", "北滨一路", "北滨二路", "五红路", "观音桥步行街", "港城南路", "寸滩路"},
	"500106": {"小龙坎正街", "三峡广场", "天星桥正街", "汉渝路", "杨公桥", "沙南街", "大学城中路", "磁器口正街", "渝碚路", "凤天大道"},
	"500107": {"杨家坪正街", "西郊路", "谢家湾正街", "石坪桥正街", "科园一路", "科园四路", "渝州路", "奥体路", "西城大道"},
	"500108": {"南坪正街", "南坪西路", "江南大道", "南城大道", "烟雨路", "腾龙大道", "通江大道", "学府大道"},
	"500104": {"松青路", "文体路", "春晖路", "钢花路", "双山路"},
	"500112": {"新南路", "金开大道", "双龙大道", "新溉大道", "红锦大道", "黄山大道", "龙山大道"},
	"500109": {"天生路", "云华路", "北京路", "中山路", "碚峡路"},
	"500113": {"龙洲大道", "箭河路", "鱼胡路", "李九路", "马王坪正街"},
}

// centralCodes are the nine central districts (主城区 proper).
var centralCodes = []string{"500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"}

// urbanPoint returns a point near one of the urban centres of the given
// districts, drawn by the centres' weights, with the centre's name and the
// point's district.
func (g *gen) urbanPoint(r *rand.Rand, codes []string) (p orb.Point, centre, code string) {
	var cs []urbanCentre
	var ws []float64
	for _, c := range urbanCentres {
		if slices.Contains(codes, c.code) {
			cs = append(cs, c)
			ws = append(ws, c.weight)
		}
	}
	c := cs[weighted(r, ws)]
	p = g.region(c.code).near(r, c.p, c.sigma)
	return p, c.name, c.code
}

// road returns a street of district code.
func road(r *rand.Rand, code string) string {
	if list := roads[code]; len(list) > 0 {
		return pick(r, list)
	}
	return pick(r, []string{"人民路", "解放路", "新华路", "滨江路"})
}

// address returns a street address in district code: 渝中区民族路123号.
func (g *gen) address(r *rand.Rand, code string) string {
	return g.addressOn(r, code, road(r, code))
}

// addressOn returns an address on the given street of district code.
func (g *gen) addressOn(r *rand.Rand, code, street string) string {
	n := 1 + r.IntN(300)
	if r.IntN(5) == 0 {
		return fmt.Sprintf("%s%s%d号附%d号", g.byCode[code].Name, street, n, 1+r.IntN(12))
	}
	return fmt.Sprintf("%s%s%d号", g.byCode[code].Name, street, n)
}
