package custody

import (
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
)

func alertEvent(id, person string, sev int64, at time.Time) layers.Event {
	return layers.Event{Layer: "alerts", ID: id, Feature: &layers.Feature{ID: id, Layer: "alerts", Geometry: orb.Point{106.5, 29.5},
		Props: map[string]any{"subject_layer": Persons.Name, "subject": person, "severity": sev, "at": at}}}
}

func personEvent(id string, base float64) layers.Event {
	return layers.Event{Layer: Persons.Name, ID: id, Feature: &layers.Feature{ID: id, Layer: Persons.Name, Geometry: orb.Point{106.5, 29.5},
		Props: map[string]any{"risk_base": base, "risk": base}}}
}

// scores returns the risk each change writes, by person.
func scores(cs []layers.Change) map[string]float64 {
	out := map[string]float64{}
	for _, c := range cs {
		if !c.Derived || c.Op != layers.Patch || c.Geometry != nil {
			panic("not a derived patch")
		}
		out[c.ID] = c.Props["risk"].(float64)
	}
	return out
}

func TestRiskScore(t *testing.T) {
	r := &Risk{}
	tests := []struct {
		name    string
		base, s float64
		want    float64
	}{
		{"no violations is the base", 30, 0, 30},
		{"one serious violation", 30, 8, 30 + 70*(1-math.Exp(-0.4))},
		{"many violations approach 100", 30, 200, 100},
		{"a base of 0", 0, 3, 100 * (1 - math.Exp(-0.15))},
	}
	for _, tt := range tests {
		if got := r.Score(tt.base, tt.s); math.Abs(got-tt.want) > 0.05 {
			t.Errorf("%s: Score(%v, %v) = %v, want %.1f", tt.name, tt.base, tt.s, got, tt.want)
		}
	}
}

func TestRiskFollowsViolations(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	r := &Risk{}
	r.Observe(personEvent("cp-1", 30))
	r.Observe(personEvent("cp-2", 50))
	if cs := r.Changes(t0); len(cs) != 0 {
		t.Fatalf("changes %v with no violations", cs)
	}
	r.Observe(alertEvent("al-1", "cp-1", 3, t0))
	r.Observe(alertEvent("al-2", "cp-1", 2, t0.Add(time.Minute)))
	got := scores(r.Changes(t0.Add(time.Minute)))
	want := r.Score(30, 8*math.Exp2(-1/(7*24*60.0))+3)
	if len(got) != 1 || got["cp-1"] != want {
		t.Fatalf("scores %v, want cp-1 %v only", got, want)
	}
	if got["cp-1"] <= 30 {
		t.Fatalf("score %v did not rise above the base", got["cp-1"])
	}
	// A week later it has halved its excess, written on the periodic pass.
	week := t0.Add(7*24*time.Hour + time.Minute)
	got = scores(r.Changes(week))
	if want := r.Score(30, (8*math.Exp2(-1/(7*24*60.0))+3)/2); got["cp-1"] != want {
		t.Fatalf("after a week %v, want %v", got["cp-1"], want)
	}
	// Between periodic passes nothing is written.
	if cs := r.Changes(week.Add(time.Second)); len(cs) != 0 {
		t.Fatalf("changes %v between passes", cs)
	}
	// Months later it is back to the base, written once, then forgotten.
	later := t0.Add(200 * 24 * time.Hour)
	if got = scores(r.Changes(later)); got["cp-1"] != 30 {
		t.Fatalf("months later %v, want the base 30", got["cp-1"])
	}
	if cs := r.Changes(later.Add(time.Hour)); len(cs) != 0 {
		t.Fatalf("changes %v after decay to nothing", cs)
	}
}

func TestRiskIgnoresOtherSubjects(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	r := &Risk{}
	r.Observe(personEvent("cp-1", 30))
	e := alertEvent("al-1", "veh-1", 3, t0)
	e.Feature.Props["subject_layer"] = "vehicles"
	r.Observe(e)
	unknown := alertEvent("al-2", "cp-9", 3, t0) // a person the layer does not hold
	r.Observe(unknown)
	if cs := r.Changes(t0); len(cs) != 0 {
		t.Fatalf("changes %v", cs)
	}
}
