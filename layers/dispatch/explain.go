package dispatch

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// modeZh names the travel modes in Chinese.
var modeZh = map[string]string{"foot": "步行", "motorbike": "摩托车", "road": "道路行驶"}

// reason explains a candidate's ETA in English and Chinese: the straight
// distance, how it travels (speed, detour, turnout) and how old its
// position is. It appends rather than formats: a recommendation writes ten
// of these, and it is on the dispatcher's click path.
func reason(c *Candidate, maxAge time.Duration) (en, zh string) {
	m := c.Mode
	e := make([]byte, 0, 160)
	z := make([]byte, 0, 200)
	e = appendClock(append(e, "ETA "...), c.ETA, false)
	e = appendKm(append(e, ": "...), c.Distance, false)
	e = append(append(append(e, " straight, "...), m.Name...), " at "...)
	e = strconv.AppendFloat(e, m.SpeedKmh, 'g', -1, 64)
	e = strconv.AppendFloat(append(e, " km/h ×"...), m.Detour, 'g', -1, 64)
	e = append(e, " detour"...)
	z = appendClock(append(z, "预计"...), c.ETA, true)
	z = appendKm(append(z, "到达：直线"...), c.Distance, true)
	z = strconv.AppendFloat(append(append(z, "，"...), modeZh[m.Name]...), m.SpeedKmh, 'g', -1, 64)
	z = strconv.AppendFloat(append(z, "公里/时（绕行系数"...), m.Detour, 'g', -1, 64)
	z = append(z, "）"...)
	if m.Turnout > 0 {
		e = append(appendClock(append(e, " + "...), m.Turnout, false), " turnout"...)
		z = appendClock(append(z, "，出动准备"...), m.Turnout, true)
	} else if m.Name != "foot" {
		e = append(e, ", already on the road"...)
		z = append(z, "，已在行驶中"...)
	}
	e = append(appendClock(append(e, "; position "...), c.FixAge, false), " old"...)
	z = append(appendClock(append(z, "；定位于"...), c.FixAge, true), "前"...)
	if c.Stale {
		e = append(appendClock(append(e, " (stale: older than "...), maxAge, false), ", it may have moved)"...)
		z = append(appendClock(append(z, "（已超过"...), maxAge, true), "，位置可能已变化）"...)
	}
	return string(e), string(z)
}

// shortfall says why fewer than K responders fit: the reason that left
// the most out, with every count.
func (rec *Recommendation) shortfall(q Query) *Shortfall {
	x := rec.Excluded
	s := &Shortfall{}
	switch {
	case rec.Considered == 0 && x.OutsideRadius > 0:
		s.Reason = "outside_radius"
	case rec.Considered == 0:
		s.Reason = "no_candidates"
	case len(rec.Candidates) == 0 && x.WrongCapability == rec.Considered:
		s.Reason = "wrong_capability"
	case len(rec.Candidates) == 0 && x.Stale > 0 && x.OffDuty+x.Unavailable+x.Busy == 0:
		s.Reason = "all_stale"
	case len(rec.Candidates) == 0 && x.OutsideRadius > 0 && x.OffDuty+x.Unavailable+x.Busy+x.Stale == 0:
		s.Reason = "outside_radius"
	default:
		s.Reason = "none_available"
	}
	need, needZh := rec.Capability, cmp.Or(CapabilityZh[rec.Capability], rec.Capability)
	if need == "" {
		need, needZh = "any capability", "任意能力"
	}
	en := []string{fmt.Sprintf("%d of %d wanted: %d responders within %s", len(rec.Candidates), q.K, rec.Considered, km(q.Radius))}
	zh := []string{fmt.Sprintf("需要%d个，仅找到%d个：%s内共%d个处置力量", q.K, len(rec.Candidates), kmZh(q.Radius), rec.Considered)}
	add := func(n int, e, z string) {
		if n > 0 {
			en = append(en, fmt.Sprintf("%d %s", n, e))
			zh = append(zh, fmt.Sprintf(z, n))
		}
	}
	add(x.WrongCapability, "lack "+need, "%d个不具备"+needZh)
	add(x.OffDuty, "off duty", "%d个不在岗")
	add(x.Unavailable, "unavailable", "%d个暂不可用")
	add(x.Busy, "busy on another incident", "%d个正在执行其他任务")
	add(x.Stale, "with a position older than "+clock(q.MaxAge), "%d个定位超过"+clockZh(q.MaxAge))
	s.Message, s.MessageZh = strings.Join(en, ", "), strings.Join(zh, "，")
	if rec.Nearest > 0 {
		s.Message += fmt.Sprintf("; the nearest that would fit is %s away, beyond the radius", km(rec.Nearest))
		s.MessageZh += fmt.Sprintf("；半径外最近的合适力量在%s处", kmZh(rec.Nearest))
	}
	return s
}

func km(m float64) string            { return string(appendKm(nil, m, false)) }
func kmZh(m float64) string          { return string(appendKm(nil, m, true)) }
func clock(d time.Duration) string   { return string(appendClock(nil, d, false)) }
func clockZh(d time.Duration) string { return string(appendClock(nil, d, true)) }

// appendKm writes metres as "850 m" or "4.2 km" (in Chinese "850米",
// "4.2公里").
func appendKm(b []byte, m float64, zh bool) []byte {
	if m < 1000 {
		b = strconv.AppendFloat(b, m, 'f', 0, 64)
		if zh {
			return append(b, "米"...)
		}
		return append(b, " m"...)
	}
	b = strconv.AppendFloat(b, m/1000, 'f', 1, 64)
	if zh {
		return append(b, "公里"...)
	}
	return append(b, " km"...)
}

// appendClock writes a duration as "7 min 20 s", "45 s" or "2 h 5 min"
// (in Chinese "7分20秒", "45秒", "2小时5分").
func appendClock(b []byte, d time.Duration, zh bool) []byte {
	d = d.Round(time.Second)
	h, m, s := int64(d.Hours()), int64(d.Minutes())%60, int64(d.Seconds())%60
	unit := func(b []byte, n int64, en, z string) []byte {
		b = strconv.AppendInt(b, n, 10)
		if zh {
			return append(b, z...)
		}
		return append(b, en...)
	}
	switch {
	case h > 0:
		return unit(unit(b, h, " h ", "小时"), m, " min", "分")
	case m > 0 && s > 0:
		return unit(unit(b, m, " min ", "分"), s, " s", "秒")
	case m > 0:
		return unit(b, m, " min", "分钟")
	default:
		return unit(b, s, " s", "秒")
	}
}
