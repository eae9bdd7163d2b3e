package server

import (
	"errors"
	"math"
	"net/url"
	"testing"
	"time"

	"lookout/layers"
)

// paramField fails unless err is the 400 of a request parameter named
// field, with a reason for the client.
func paramField(t *testing.T, err error, field string) {
	t.Helper()
	var re *requestError
	if !errors.As(err, &re) || re.Field != field || re.Reason == "" || statusOf(err) != 400 {
		t.Fatalf("error %v (%T) is not a 400 about %s", err, err, field)
	}
}

// FuzzParseBBox feeds parseBBox (bbox= of the features, incidents and heat
// queries) arbitrary text. It must never panic; it must refuse with a 400
// naming the parameter, or return finite bounds within [-180, 180] ×
// [-90, 90] whose minimum is not above their maximum.
func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{
		"106.50,29.57,106.65,29.66", "105.28,28.16,110.19,32.20", "-180,-90,180,90", " 106.5 , 29.5 ,106.6, 29.6",
		"106.5,29.5,106.5,29.5", "106.65,29.57,106.50,29.66", "NaN,0,1,1", "-Inf,0,1,1", "1e400,0,1,1",
		"0x1p-2,0,1,1", "1_0,0,20,1", "106.5,29.5,106.6", "106.5,29.5,106.6,29.6,0", "", ",,,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBBox("bbox", s)
		if err != nil {
			paramField(t, err, "bbox")
			return
		}
		for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("parseBBox(%q) = %v: not finite", s, b)
			}
		}
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
			t.Fatalf("parseBBox(%q) = %v: out of range or inverted", s, b)
		}
	})
}

// FuzzDecodeCursor feeds decodeCursor (cursor= of a features page)
// arbitrary text. It must never panic; it must refuse with a 400, or
// return a valid feature ID whose own cursor reads back to it.
func FuzzDecodeCursor(f *testing.F) {
	for _, id := range []string{"veh-0001", "cam-3459", "firms-N20-202611230615-29.5432-106.4321", "观音桥农贸市场", "a"} {
		f.Add(encodeCursor(id))
	}
	for _, s := range []string{"", "=", "dmVoLTAwMDE=", "dmVoLTAwMDE", "L2V0Yy9wYXNzd2Q", "AA", "____", "+/+/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		id, err := decodeCursor(c)
		if err != nil {
			paramField(t, err, "cursor")
			return
		}
		if reason := layers.ValidID(id); reason != "" {
			t.Fatalf("decodeCursor(%q) = %q: %s", c, id, reason)
		}
		if again, err := decodeCursor(encodeCursor(id)); err != nil || again != id {
			t.Fatalf("cursor of %q reads back as %q, %v", id, again, err)
		}
	})
}

// FuzzParseTarget feeds parseTarget (target= of the response statistics)
// arbitrary text. It must never panic; it must refuse with a 400, or
// return a duration above 0 and at most maxTarget.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"9m", "540s", "540", "1h30m", "0.5", "90.25", "0", "-9m", "1e300", "NaN", "Inf",
		"9223372036854775807", "9223372036.854775807", "1e10", "25h", "", "9 m", "9mm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseTarget(s)
		if err != nil {
			paramField(t, err, "target")
			return
		}
		if d <= 0 || d > maxTarget {
			t.Fatalf("parseTarget(%q) = %v, want (0, %v]", s, d, maxTarget)
		}
	})
}

// FuzzTrackParams feeds the window and stop parameters of the track and
// area queries (from, to, stop_m, stop_s) arbitrary text. They must never
// panic; each must refuse with a 400 naming a parameter, or give a window
// with from before to of at most maxTrackWindow, and a stop of 1–5000 m
// and 10 s – 1 day.
func FuzzTrackParams(f *testing.F) {
	for _, s := range [][4]string{
		{"2026-11-23T08:00:00+08:00", "2026-11-23T09:00:00+08:00", "50", "300"},
		{"2026-11-01T00:00:00Z", "2026-11-23T00:00:00.123456789Z", "25.5", "60"},
		{"", "", "", ""},
		{"2026-11-23T09:00:00+08:00", "2026-11-23T08:00:00+08:00", "0", "9"},
		{"2026-10-01T00:00:00Z", "2026-11-23T00:00:00Z", "5001", "86401"},
		{"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "NaN", "1e3"},
		{"-292277026596-12-04T15:30:07Z", "", "Inf", "-1"},
		{"2026-11-23", "08:00", "1e400", "9223372036854775807"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to, stopM, stopS string) {
		v := url.Values{}
		for k, x := range map[string]string{"from": from, "to": to, "stop_m": stopM, "stop_s": stopS} {
			if x != "" {
				v.Set(k, x)
			}
		}
		a, b, err := trackWindowOf(v, now)
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || (re.Field != "from" && re.Field != "to") || statusOf(err) != 400 {
				t.Fatalf("window error %v is not a 400 about from or to", err)
			}
		} else if !a.Before(b) || b.Sub(a) > maxTrackWindow {
			t.Fatalf("window from %v to %v", a, b)
		}
		stop, err := stopOf(v)
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || (re.Field != "stop_m" && re.Field != "stop_s") || statusOf(err) != 400 {
				t.Fatalf("stop error %v is not a 400 about stop_m or stop_s", err)
			}
			return
		}
		if !(stop.Radius >= 1 && stop.Radius <= 5000) || stop.MinDuration < 10*time.Second || stop.MinDuration > 24*time.Hour {
			t.Fatalf("stop %+v from stop_m=%q stop_s=%q", stop, stopM, stopS)
		}
	})
}
