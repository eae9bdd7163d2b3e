package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// stallCategories are the stall categories of the stalls layer, with the
// share of stalls each takes in a typical Chongqing farmers' market.
var stallCategories = []struct {
	name  string
	share float64
}{
	{"vegetable", 32}, {"meat", 16}, {"aquatic", 10}, {"fruit", 14}, {"grain_oil", 8}, {"cooked", 8}, {"dry_goods", 12},
}

// product is something a stall sells, with its usual retail price range in
// 元/斤 and, where one place is known for it, its own supplier templates.
type product struct {
	name      string
	lo, hi    float64
	suppliers []string
}

// products are what each category sells.
var products = map[string][]product{
	"vegetable": {
		{"白菜", 1.2, 2.0, nil}, {"青菜", 2.0, 3.0, nil}, {"土豆", 1.5, 2.5, nil}, {"白萝卜", 1.0, 1.8, nil},
		{"莴笋", 2.0, 3.5, nil}, {"西红柿", 3.0, 5.0, nil}, {"黄瓜", 2.5, 4.0, nil}, {"茄子", 3.0, 4.5, nil},
		{"青椒", 3.5, 6.0, []string{"重庆市石柱土家族自治县%s辣椒专业合作社"}}, {"蒜苗", 4.0, 6.0, nil},
		{"豇豆", 4.0, 6.0, nil}, {"芹菜", 3.0, 4.0, nil}, {"菠菜", 3.0, 5.0, nil}, {"冬瓜", 1.0, 1.5, nil},
		{"南瓜", 1.2, 2.0, nil}, {"藤藤菜", 3.0, 4.0, nil}, {"折耳根", 8.0, 12.0, nil}, {"生姜", 6.0, 9.0, nil},
		{"大蒜", 5.0, 8.0, nil}, {"儿菜", 2.0, 3.0, nil}, {"青菜头", 1.5, 2.5, []string{"重庆市涪陵区%s青菜头种植专业合作社"}},
	},
	"meat": {
		{"猪肉(前腿)", 13, 16, nil}, {"五花肉", 15, 18, nil}, {"排骨", 22, 28, nil}, {"猪蹄", 16, 20, nil},
		{"牛肉", 38, 45, []string{"重庆恒都农业集团有限公司", "重庆市丰都县%s肉牛养殖专业合作社"}},
		{"山羊肉", 40, 48, []string{"重庆市大足区%s黑山羊养殖场"}}, {"土鸡", 18, 28, nil}, {"麻鸭", 12, 16, nil},
	},
	"aquatic": {
		{"草鱼", 8, 11, nil}, {"鲫鱼", 10, 14, nil}, {"花鲢", 6, 8, nil}, {"黄辣丁", 25, 35, nil},
		{"鲈鱼", 18, 24, nil}, {"江团", 40, 60, nil}, {"基围虾", 25, 40, nil}, {"泥鳅", 15, 20, nil},
		{"牛蛙", 14, 18, nil},
	},
	"fruit": {
		{"苹果", 4, 7, []string{"陕西省洛川县%s果业专业合作社"}}, {"奉节脐橙", 4, 6, []string{"重庆市奉节县%s脐橙专业合作社"}},
		{"梨", 3, 5, nil}, {"香蕉", 3, 4, nil}, {"葡萄", 6, 10, nil}, {"猕猴桃", 6, 9, nil},
		{"梁平柚", 2.5, 4, []string{"重庆市梁平区%s柚子专业合作社"}}, {"巫山脆李", 6, 10, []string{"重庆市巫山县%s脆李专业合作社"}},
		{"柑橘", 2.5, 4, []string{"重庆市忠县%s柑橘专业合作社"}}, {"龙眼", 8, 12, []string{"重庆市江津区%s龙眼种植专业合作社"}},
	},
	"grain_oil": {
		{"大米", 2.6, 3.5, nil}, {"菜籽油", 9, 13, []string{"重庆市潼南区%s菜籽油厂"}}, {"挂面", 3, 4, nil},
		{"面粉", 2.5, 3.2, nil}, {"玉米", 1.8, 2.5, nil}, {"绿豆", 6, 8, nil}, {"糯米", 3.5, 4.5, nil},
	},
	"cooked": {
		{"卤鸭", 25, 35, nil}, {"卤牛肉", 50, 70, nil}, {"烧鸡公", 28, 36, nil}, {"卤猪头肉", 30, 40, nil},
		{"凉面", 8, 10, nil}, {"豆花", 4, 6, nil}, {"酸辣粉", 8, 12, nil},
	},
	"dry_goods": {
		{"江津花椒", 60, 90, []string{"重庆市江津区%s花椒专业合作社"}}, {"石柱红辣椒", 18, 28, []string{"重庆市石柱土家族自治县%s辣椒专业合作社"}},
		{"黑木耳", 40, 60, nil}, {"香菇", 30, 45, nil}, {"红枣", 12, 20, nil}, {"红薯粉条", 6, 9, nil},
		{"城口老腊肉", 35, 45, []string{"重庆市城口县%s山地鸡腊肉专业合作社", "重庆市城口县%s食品有限公司"}},
		{"郫县豆瓣", 8, 12, nil}, {"火锅底料", 20, 30, []string{"重庆%s食品有限公司"}},
	},
}

// categorySuppliers are the supplier templates of a category (%s takes a
// place or brand word) for products without their own.
var categorySuppliers = map[string][]string{
	"vegetable": {"重庆市潼南区%s蔬菜种植专业合作社", "重庆市璧山区%s蔬菜专业合作社", "重庆市巴南区%s蔬菜基地",
		"重庆双福国际农贸城%s蔬菜商行", "重庆市江津区%s生态农业有限公司"},
	"meat": {"重庆市荣昌区%s生猪定点屠宰场", "重庆%s肉类食品有限公司", "重庆市合川区%s畜禽养殖专业合作社",
		"重庆市长寿区%s食品有限公司"},
	"aquatic": {"重庆市长寿区长寿湖%s水产养殖专业合作社", "重庆市荣昌区%s渔业专业合作社", "重庆%s水产品有限公司",
		"重庆双福国际农贸城%s水产商行"},
	"fruit":     {"重庆双福国际农贸城%s水果商行", "重庆%s果业有限公司", "重庆市万州区%s果业专业合作社"},
	"grain_oil": {"重庆粮食集团%s粮油有限公司", "重庆市江津区%s粮油有限公司", "重庆%s米业有限公司"},
	"cooked":    {"自制（%s卤菜作坊）", "重庆%s食品有限公司", "重庆市江北区%s熟食加工坊"},
	"dry_goods": {"重庆%s干货商行", "重庆市武隆区%s土特产有限公司", "重庆市黔江区%s农副产品专业合作社"},
}

// stallGoods draws what a stall of the category sells: the product, its
// supplier and its price in 元/斤.
func stallGoods(r *rand.Rand, category string) (name, supplier string, price float64) {
	p := pick(r, products[category])
	templates := p.suppliers
	if len(templates) == 0 {
		templates = categorySuppliers[category]
	}
	word := pick(r, toponymHeads)
	if r.IntN(2) == 0 {
		word = pick(r, brandWords)
	}
	supplier = pick(r, templates)
	if strings.Contains(supplier, "%s") {
		supplier = fmt.Sprintf(supplier, word)
	}
	return p.name, supplier, round(uniform(r, p.lo, p.hi), 1)
}
