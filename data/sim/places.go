package sim

import "github.com/paulmach/orb"

// place is somewhere a car drives to.
type place struct {
	name string
	kind string // office, street, hospital, landmark, airport, venue
	p    orb.Point
}

// jiangbeiPlaces are destinations in 江北区 besides the units' offices:
// the streets and towns, hospitals and landmarks, with rough coordinates
// (moved onto the road network when used).
var jiangbeiPlaces = []place{
	{"观音桥商圈", "street", orb.Point{106.532, 29.577}}, {"华新街", "street", orb.Point{106.548, 29.571}},
	{"五里店", "street", orb.Point{106.572, 29.588}}, {"江北嘴中央商务区", "landmark", orb.Point{106.578, 29.572}},
	{"石马河", "street", orb.Point{106.512, 29.592}}, {"大石坝", "street", orb.Point{106.520, 29.605}},
	{"寸滩", "street", orb.Point{106.605, 29.595}}, {"铁山坪", "street", orb.Point{106.700, 29.612}},
	{"郭家沱", "street", orb.Point{106.660, 29.600}}, {"鱼嘴镇", "street", orb.Point{106.770, 29.640}},
	{"复盛镇", "street", orb.Point{106.730, 29.660}}, {"五宝镇", "street", orb.Point{106.840, 29.615}},
	{"重庆市中医院", "hospital", orb.Point{106.524, 29.585}}, {"江北区人民医院", "hospital", orb.Point{106.578, 29.598}},
	{"江北区妇幼保健院", "hospital", orb.Point{106.545, 29.580}}, {"重庆大剧院", "landmark", orb.Point{106.584, 29.571}},
	{"鸿恩寺公园", "landmark", orb.Point{106.528, 29.590}}, {"江北区政务服务中心", "office", orb.Point{106.560, 29.585}},
}

// outsidePlaces are destinations beyond 江北区: a trip to one of them is
// one a rule flags as out of area.
var outsidePlaces = []place{
	{"重庆江北国际机场", "airport", orb.Point{106.640, 29.720}}, {"解放碑", "landmark", orb.Point{106.577, 29.557}},
	{"重庆市人民政府", "office", orb.Point{106.552, 29.563}}, {"重庆医科大学附属第一医院", "hospital", orb.Point{106.514, 29.537}},
	{"重庆北站", "station", orb.Point{106.556, 29.615}}, {"三峡广场", "landmark", orb.Point{106.457, 29.556}},
	{"南坪商圈", "landmark", orb.Point{106.565, 29.528}}, {"重庆西站", "station", orb.Point{106.436, 29.505}},
}
