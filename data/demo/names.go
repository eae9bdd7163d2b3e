package demo

import (
	"math/rand/v2"
	"strings"
)

// surnames are common family names in Chongqing, the most common repeated so
// that they come up more often (陈, 李, 刘, 张 and 王 lead; 冉, 谭, 向 and
// 牟 are more common here than in most of China).
var surnames = []string{
	"陈", "陈", "陈", "李", "李", "李", "刘", "刘", "刘", "张", "张", "王", "王", "杨", "杨",
	"黄", "周", "罗", "罗", "何", "谭", "谭", "吴", "徐", "赵", "邓", "冉", "向", "彭", "胡",
	"曾", "唐", "蒋", "谢", "余", "田", "雷", "袁", "龙", "熊", "秦", "杜", "廖", "郑", "任",
	"朱", "马", "汪", "傅", "蒲", "文", "石", "邹", "程", "魏", "夏", "牟", "梁", "游", "姚",
	"冯", "卢", "付", "韩", "贺", "陶", "郭", "肖", "孙", "高", "林", "江", "钟", "苏", "董",
	"潘", "万", "邱", "况", "母", "代", "饶", "舒", "瞿", "甘",
}

var (
	givenFirst = []string{
		"子", "文", "建", "志", "国", "晓", "小", "思", "俊", "家", "明", "永", "德", "雨", "佳",
		"天", "晨", "雅", "诗", "宏", "春", "海", "红", "学", "玉", "世", "光", "长", "正", "朝",
	}
	givenMale = []string{
		"伟", "强", "军", "勇", "杰", "涛", "斌", "波", "超", "明", "刚", "平", "辉", "鹏", "华",
		"飞", "鑫", "宇", "浩", "凯", "健", "俊", "帆", "林", "峰", "磊", "洋", "兵", "亮", "川",
		"渝", "江", "成", "东", "毅", "彬", "龙", "旭", "阳", "祥",
	}
	givenFemale = []string{
		"芳", "娟", "敏", "静", "丽", "艳", "燕", "玲", "霞", "红", "梅", "琳", "婷", "雪", "倩",
		"颖", "欣", "佳", "慧", "莉", "萍", "晶", "蓉", "瑶", "月", "丹", "媛", "琴", "英", "兰",
	}
)

// personName returns a plausible Chinese personal name of two or three
// characters.
func personName(r *rand.Rand) string {
	pool := givenMale
	if r.IntN(100) < 45 {
		pool = givenFemale
	}
	name := pick(r, surnames)
	if r.IntN(100) < 70 {
		name += pick(r, givenFirst)
	}
	return name + pick(r, pool)
}

// brandWords are two-character words that businesses are named after.
var brandWords = []string{
	"金穗", "绿源", "丰收", "佳禾", "山城", "巴渝", "渝丰", "鑫源", "恒康", "天府", "三峡", "嘉禾",
	"瑞丰", "富民", "兴旺", "顺发", "永康", "宏达", "福满", "润田", "渝香", "川渝", "百川", "盛源",
	"禾丰", "鸿运", "锦绣", "红岩", "长江", "嘉陵", "聚福", "好运", "德庄", "老街", "乡里", "老码头",
	"朝天门", "解放碑", "码头", "江湖", "家常", "蜀香", "老巷", "吉祥", "友谊", "同心", "如意", "百味",
}

// toponymHeads and toponymTails make up place names of the hills and
// hamlets of the Chongqing countryside: 青龙+梁, 凉风+垭, 杉木+坪, ...
var (
	toponymHeads = []string{
		"青龙", "凉风", "大坪", "老鹰", "石门", "马鞍", "黄桷", "桂花", "杉木", "松林", "竹林", "茶园",
		"仙人", "狮子", "猫儿", "龙王", "观音", "天池", "雷打", "火烧", "鸡公", "牛角", "鹰嘴", "云雾",
		"白岩", "黑岩", "红岩", "金竹", "银杏", "枫香", "柏杨", "石板", "高峰", "天星", "月亮", "太阳",
		"三合", "万顺", "双河", "团结", "永安", "龙井", "大湾", "水井", "朝阳", "白果", "棕树", "麻柳",
		"黄泥", "青杠", "岩口", "花椒", "斑竹", "梨树", "大垭", "二郎", "九龙", "七星", "八角", "观山",
	}
	hillTails = []string{"山", "岭", "梁", "梁子", "垭", "垭口", "包", "尖", "顶", "岩", "坡", "坪"}
	areaTails = []string{"林场", "林区", "国有林场", "森林公园"}
)

// toponym returns a generated place name with one of the given endings.
func toponym(r *rand.Rand, tails []string) string {
	return pick(r, toponymHeads) + pick(r, tails)
}

// chineseOrdinal returns n (1–99) in Chinese numerals: 1 一, 12 十二, 20 二十.
func chineseOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

// shortName returns a district's name without its suffix: 渝中区 → 渝中,
// 石柱土家族自治县 → 石柱; 忠县 stays 忠县, since 忠 alone is not said.
func shortName(name string) string {
	if name == "忠县" {
		return name
	}
	if i := strings.Index(name, "土家族"); i > 0 {
		return name[:i]
	}
	if i := strings.Index(name, "苗族"); i > 0 {
		return name[:i]
	}
	return strings.TrimSuffix(strings.TrimSuffix(name, "区"), "县")
}

// uniqueNamer makes names unique by appending 二店, 三店, ... (or another
// suffix family) to repeats.
type uniqueNamer struct {
	seen map[string]int
}

func newUniqueNamer() *uniqueNamer { return &uniqueNamer{seen: map[string]int{}} }

// name returns base the first time and base with the repeat's number in
// Chinese and the given suffix (e.g. "二店", "二号楼") after that.
func (u *uniqueNamer) name(base, suffix string) string {
	u.seen[base]++
	n := u.seen[base]
	if n == 1 {
		return base
	}
	return base + chineseOrdinal(n) + suffix
}
