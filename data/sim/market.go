package sim

import (
	"math"
	"math/rand/v2"
)

// Pharmacy fridges read every coldReading seconds and hold 2–8 °C; one
// drifts out every excursionEvery seconds on average. A kitchen camera
// flags a violation every violationEvery seconds, an elevator fails every
// faultEvery and traps someone every entrapEvery.
const (
	coldReading    = 60.0
	excursionEvery = 30 * 60.0
	violationEvery = 15 * 60.0
	faultEvery     = 30 * 60.0
	entrapEvery    = 90 * 60.0
	coldMean       = 5.0
	coldLow        = 2.0
	coldHigh       = 8.0
)

// violations are what kitchen cameras flag, as often as they are flagged.
var violations = []string{"no_mask", "no_mask", "no_hat", "no_hat", "smoking", "phone", "dirty", "rodent"}

// pharmacy is a pharmacy's cold-storage sensor.
type pharmacy struct {
	id     string
	temp   float64
	target float64 // what the fridge drifts towards
	until  float64 // end of an excursion (0: none)
	next   float64
}

// episode is a kitchen camera's violation or an elevator's fault, from
// when it is raised until it clears.
type episode struct {
	id     string
	status string
	risk   float64
	until  float64 // when the current episode clears (0: none)
}

// market keeps the pharmacies' fridges, kitchen cameras and elevators.
type market struct {
	r                     *rand.Rand
	fridges               []*pharmacy
	kitchens, lifts       []*episode
	nextCold, nextViol    float64
	nextFault, nextEntrap float64
}

func newMarket(e *env, phs, kits, elvs []feature) *market {
	m := &market{r: stream(e.seed, "market")}
	for i := range phs {
		if phs[i].str("cold_status") == "offline" {
			continue
		}
		t, ok := phs[i].num("cold_temp")
		if !ok {
			t = coldMean
		}
		m.fridges = append(m.fridges, &pharmacy{id: phs[i].id, temp: t, target: coldMean, next: uniform(m.r, 0, coldReading)})
	}
	for i := range kits {
		k := &episode{id: kits[i].id, status: kits[i].str("camera_status")}
		if k.status == "violation" {
			k.until = uniform(m.r, 5*60, 30*60)
		}
		m.kitchens = append(m.kitchens, k)
	}
	for i := range elvs {
		l := &episode{id: elvs[i].id, status: elvs[i].str("status")}
		l.risk, _ = elvs[i].num("risk_index")
		switch l.status {
		case "entrapment":
			l.until = uniform(m.r, 5*60, 30*60)
		case "fault":
			l.until = uniform(m.r, 10*60, 120*60)
		case "maintenance":
			l.until = uniform(m.r, 60*60, 4*3600)
		}
		m.lifts = append(m.lifts, l)
	}
	m.nextCold, m.nextViol = e.after(m.r, excursionEvery), e.after(m.r, violationEvery)
	m.nextFault, m.nextEntrap = e.after(m.r, faultEvery), e.after(m.r, entrapEvery)
	return m
}

func (m *market) step(e *env) {
	m.fridgesStep(e)
	m.kitchensStep(e)
	m.liftsStep(e)
}

// fridgesStep reads the fridges that are due: each drifts towards its
// target (5 °C, or a warm or cold one during an excursion) with noise.
func (m *market) fridgesStep(e *env) {
	if e.t >= m.nextCold && len(m.fridges) > 0 {
		m.nextCold = e.after(m.r, excursionEvery)
		p := pick(m.r, m.fridges)
		if p.until == 0 {
			p.target = uniform(m.r, 9.5, 12.5)
			if m.r.IntN(5) == 0 {
				p.target = uniform(m.r, -0.5, 1)
			}
			minutes := uniform(m.r, 15, 45)
			p.until = e.t + minutes*60
			e.alarm("cold_storage", "pharmacy", p.id, "towards_c", round(p.target, 1), "minutes", round(minutes, 0))
		}
	}
	for _, p := range m.fridges {
		if p.until > 0 && e.t >= p.until {
			p.target, p.until = coldMean, 0
		}
		if e.t < p.next {
			continue
		}
		// An Ornstein–Uhlenbeck step over the minute since the last
		// reading; a door left open or a failing compressor moves faster.
		tau := 600.0
		if p.until > 0 {
			tau = 300
		}
		k := math.Exp(-coldReading / tau)
		wasIn := p.temp >= coldLow && p.temp <= coldHigh
		p.temp = p.target + (p.temp-p.target)*k + m.r.NormFloat64()*0.6*math.Sqrt(1-k*k)
		if p.until == 0 && wasIn {
			// A healthy fridge stays in range; one coming back from an
			// excursion drifts in on its own.
			p.temp = math.Max(coldLow+0.3, math.Min(coldHigh-0.3, p.temp))
		}
		status := "normal"
		if p.temp < coldLow || p.temp > coldHigh {
			status = "alarm"
		}
		e.out.event("pharmacies", p.id, "temperature", map[string]any{"cold_temp": round(p.temp, 1), "cold_status": status})
		p.next = e.t + coldReading
	}
}

// kitchensStep raises and clears kitchen camera violations.
func (m *market) kitchensStep(e *env) {
	if e.t >= m.nextViol && len(m.kitchens) > 0 {
		m.nextViol = e.after(m.r, violationEvery)
		if k := pick(m.r, m.kitchens); k.status == "online" {
			v := pick(m.r, violations)
			minutes := uniform(m.r, 5, 30)
			k.status, k.until = "violation", e.t+minutes*60
			e.out.event("kitchens", k.id, "violation", map[string]any{"camera_status": "violation", "violation": v, "violation_at": e.now})
			e.alarm("kitchen_violation", "kitchen", k.id, "violation", v, "minutes", round(minutes, 0))
		}
	}
	for _, k := range m.kitchens {
		if k.until > 0 && e.t >= k.until {
			k.status, k.until = "online", 0
			e.out.event("kitchens", k.id, "violation_cleared", map[string]any{"camera_status": "online", "violation": nil})
		}
	}
}

// liftsStep raises and clears elevator faults and entrapments; each
// raises the elevator's risk index a little.
func (m *market) liftsStep(e *env) {
	raise := func(kind string, bump, lo, hi float64) {
		l := pick(m.r, m.lifts)
		if l.status != "normal" {
			return
		}
		minutes := uniform(m.r, lo, hi)
		l.status, l.until, l.risk = kind, e.t+minutes*60, math.Min(100, l.risk+bump)
		e.out.event("elevators", l.id, kind, map[string]any{"status": kind, "risk_index": round(l.risk, 1)})
		e.alarm(kind, "elevator", l.id, "minutes", round(minutes, 0))
	}
	if e.t >= m.nextFault && len(m.lifts) > 0 {
		m.nextFault = e.after(m.r, faultEvery)
		raise("fault", 3, 20, 120)
	}
	if e.t >= m.nextEntrap && len(m.lifts) > 0 {
		m.nextEntrap = e.after(m.r, entrapEvery)
		raise("entrapment", 5, 10, 40)
	}
	for _, l := range m.lifts {
		if l.until > 0 && e.t >= l.until {
			l.status, l.until = "normal", 0
			e.out.event("elevators", l.id, "recovered", map[string]any{"status": "normal"})
		}
	}
}
