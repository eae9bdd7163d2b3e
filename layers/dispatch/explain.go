package dispatch

import (
	"fmt"
	"strings"
	"time"
)

// modeZh names the travel modes in Chinese.
var modeZh = map[string]string{"foot": "步行", "motorbike": "摩托车", "road": "道路行驶"}

// reason explains a candidate's ETA in English and Chinese: the straight
// distance, how it travels (speed, detour, turnout) and how old its
// position is.
func reason(c *Candidate, maxAge time.Duration) (en, zh string) {
	m := c.Mode
	en = fmt.Sprintf("ETA %s: %s straight, %s at %g km/h ×%g detour", clock(c.ETA), km(c.Distance), m.Name, m.SpeedKmh, m.Detour)
	zh = fmt.Sprintf("预计%s到达：直线%s，%s%g公里/时（绕行系数%g）", clockZh(c.ETA), kmZh(c.Distance), modeZh[m.Name], m.SpeedKmh, m.Detour)
	if m.Turnout > 0 {
		en += fmt.Sprintf(" + %s turnout", clock(m.Turnout))
		zh += fmt.Sprintf("，出动准备%s", clockZh(m.Turnout))
	} else if m.Name != "foot" {
		en += ", already on the road"
		zh += "，已在行驶中"
	}
	en += fmt.Sprintf("; position %s old", clock(c.FixAge))
	zh += fmt.Sprintf("；定位于%s前", clockZh(c.FixAge))
	if c.Stale {
		en += fmt.Sprintf(" (stale: older than %s, it may have moved)", clock(maxAge))
		zh += fmt.Sprintf("（已超过%s，位置可能已变化）", clockZh(maxAge))
	}
	return en, zh
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
	need, needZh := rec.Capability, rec.Capability
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

func km(m float64) string {
	if m < 1000 {
		return fmt.Sprintf("%.0f m", m)
	}
	return fmt.Sprintf("%.1f km", m/1000)
}

func kmZh(m float64) string {
	if m < 1000 {
		return fmt.Sprintf("%.0f米", m)
	}
	return fmt.Sprintf("%.1f公里", m/1000)
}

// clock writes a duration as "7 min 20 s", "45 s" or "2 h 5 min".
func clock(d time.Duration) string {
	d = d.Round(time.Second)
	switch h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60; {
	case h > 0:
		return fmt.Sprintf("%d h %d min", h, m)
	case m > 0 && s > 0:
		return fmt.Sprintf("%d min %d s", m, s)
	case m > 0:
		return fmt.Sprintf("%d min", m)
	default:
		return fmt.Sprintf("%d s", s)
	}
}

func clockZh(d time.Duration) string {
	d = d.Round(time.Second)
	switch h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60; {
	case h > 0:
		return fmt.Sprintf("%d小时%d分", h, m)
	case m > 0 && s > 0:
		return fmt.Sprintf("%d分%d秒", m, s)
	case m > 0:
		return fmt.Sprintf("%d分钟", m)
	default:
		return fmt.Sprintf("%d秒", s)
	}
}
