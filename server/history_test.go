package server_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/server"
)

// t0 is the start of the tracks the history tests write.
var t0 = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// historyFixture is a server whose store keeps tracks, with one vehicle
// that drives east for 10 minutes (a fix a minute, about 160 m apart),
// parks for 12 minutes at stopAt (fixes jittering by a few metres), and
// drives on east for 5 minutes.
func historyFixture(t *testing.T) (*fixture, *server.Server) {
	t.Helper()
	store, w := openStoreWorld(t)
	var fixes []layers.Change
	fix := func(at time.Time, p orb.Point) {
		op := layers.Patch
		if len(fixes) == 0 {
			op = layers.Upsert
		}
		fixes = append(fixes, layers.Change{Op: op, Layer: "vehicles", ID: "veh-1", Geometry: p, Time: at,
			Props: map[string]any{"plate": "渝A·T0001", "status": "moving"}})
	}
	for i := 0; i <= 10; i++ {
		fix(t0.Add(time.Duration(i)*time.Minute), orb.Point{106.50 + float64(i)*0.00165, 29.60})
	}
	for i := 1; i <= 12; i++ {
		fix(t0.Add(time.Duration(10+i)*time.Minute), orb.Point{stopAt[0] + float64(i%3)*0.00002, stopAt[1]})
	}
	for i := 1; i <= 5; i++ {
		fix(t0.Add(time.Duration(22+i)*time.Minute), orb.Point{stopAt[0] + float64(i)*0.00165, 29.60})
	}
	for _, c := range fixes { // one by one, as a vehicle reports
		if err := layers.ApplyAll(context.Background(), w, []layers.Change{c}); err != nil {
			t.Fatal(err)
		}
	}
	s := server.New(w, server.Options{Logger: quiet, Tracks: store})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &fixture{t: t, world: w, srv: srv}, s
}

// stopAt is where historyFixture's vehicle parks.
var stopAt = orb.Point{106.5165, 29.60}

func TestTracks(t *testing.T) {
	f, _ := historyFixture(t)
	window := "&from=" + url.QueryEscape(t0.Add(-time.Minute).Format(time.RFC3339)) + "&to=" + url.QueryEscape(t0.Add(time.Hour).Format(time.RFC3339))
	code, body := f.do("GET", "/api/v1/tracks?ids=vehicles/veh-1,vehicles/nobody"+window, "")
	if code != 200 {
		t.Fatalf("tracks: %d %v", code, body)
	}
	ts := body["tracks"].([]any)
	veh, nobody := ts[0].(map[string]any), ts[1].(map[string]any)
	if n := len(veh["points"].([]any)); n != 28 || veh["name"] != "渝A·T0001" || len(nobody["points"].([]any)) != 0 {
		t.Fatalf("%d points (want 28), name %v, nobody %v", n, veh["name"], nobody["points"])
	}
	var kinds []string
	var stop map[string]any
	for _, s := range veh["segments"].([]any) {
		sg := s.(map[string]any)
		kinds = append(kinds, sg["kind"].(string))
		if sg["kind"] == "stopped" {
			stop = sg
		}
	}
	if len(kinds) != 3 || kinds[0] != "moving" || kinds[1] != "stopped" || kinds[2] != "moving" {
		t.Fatalf("segments %v", kinds)
	}
	from, _ := time.Parse(time.RFC3339, stop["from"].(string))
	to, _ := time.Parse(time.RFC3339, stop["to"].(string))
	if !from.Equal(t0.Add(10*time.Minute)) || !to.Equal(t0.Add(22*time.Minute)) {
		t.Fatalf("stop from %v to %v", from, to)
	}
	c := stop["center"].([]any)
	if centre := (orb.Point{c[0].(float64), c[1].(float64)}); centre.Equal(orb.Point{}) {
		t.Fatalf("stop centre %v", c)
	}
	code, body = f.do("GET", "/api/v1/tracks?ids=vehicles/veh-1&stop_s=900"+window, "")
	if code != 200 || len(body["tracks"].([]any)[0].(map[string]any)["segments"].([]any)) != 1 {
		t.Fatalf("a 15-minute stop rule leaves one moving segment: %d %v", code, body)
	}
}

func TestTracksRejects(t *testing.T) {
	f, _ := historyFixture(t)
	cases := []struct {
		name, query, field string
	}{
		{"no ids", "", "ids"},
		{"not layer/id", "ids=veh-1", "ids[0]"},
		{"untracked layer", "ids=vehicles/veh-1,cameras/c1", "ids[1]"},
		{"unknown layer", "ids=boats/b1", "ids[0]"},
		{"bad time", "ids=vehicles/veh-1&from=yesterday", "from"},
		{"from after to", "ids=vehicles/veh-1&from=2026-11-23T09:00:00Z&to=2026-11-23T08:00:00Z", "from"},
		{"window too long", "ids=vehicles/veh-1&from=2026-01-01T00:00:00Z&to=2026-11-23T08:00:00Z", "from"},
		{"stop radius", "ids=vehicles/veh-1&stop_m=0", "stop_m"},
		{"stop time", "ids=vehicles/veh-1&stop_s=abc", "stop_s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := f.do("GET", "/api/v1/tracks?"+c.query, "")
			if field, _ := errorOf(body); code != 400 || field != c.field {
				t.Fatalf("%d %q, want 400 %q (%v)", code, field, c.field, body)
			}
		})
	}
	if code, _ := newFixture(t).do("GET", "/api/v1/tracks?ids=vehicles/veh-1", ""); code != 404 {
		t.Fatalf("a store without tracks: %d, want 404", code)
	}
}

func TestWithin(t *testing.T) {
	f, _ := historyFixture(t)
	around := func(p orb.Point, d float64) string {
		return url.QueryEscape(fmtRing(p, d))
	}
	window := func(from, to time.Time) string {
		return "&from=" + url.QueryEscape(from.Format(time.RFC3339)) + "&to=" + url.QueryEscape(to.Format(time.RFC3339))
	}
	cases := []struct {
		name           string
		query          string
		status         int
		visits         int
		enter, exit    time.Time
		atStart, atEnd bool
	}{
		{"the parking place", "polygon=" + around(stopAt, 0.0005) + window(t0, t0.Add(time.Hour)), 200, 1,
			t0.Add(10 * time.Minute), t0.Add(23 * time.Minute), false, false},
		{"a window inside the stay", "polygon=" + around(stopAt, 0.0005) + window(t0.Add(15*time.Minute), t0.Add(20*time.Minute)), 200, 1,
			t0.Add(15 * time.Minute), t0.Add(20 * time.Minute), true, true},
		{"before it arrived", "polygon=" + around(stopAt, 0.0005) + window(t0, t0.Add(5*time.Minute)), 200, 0,
			time.Time{}, time.Time{}, false, false},
		{"nobody far away", "polygon=" + around(orb.Point{107.5, 30.5}, 0.01) + window(t0, t0.Add(time.Hour)), 200, 0,
			time.Time{}, time.Time{}, false, false},
		{"custody only", "polygon=" + around(stopAt, 0.0005) + "&layers=custody_persons" + window(t0, t0.Add(time.Hour)), 200, 0,
			time.Time{}, time.Time{}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := f.do("GET", "/api/v1/history/within?"+c.query, "")
			if code != c.status {
				t.Fatalf("%d %v", code, body)
			}
			vs := body["visits"].([]any)
			if len(vs) != c.visits {
				t.Fatalf("%d visits, want %d: %v", len(vs), c.visits, vs)
			}
			if c.visits == 0 {
				return
			}
			v := vs[0].(map[string]any)
			enter, _ := time.Parse(time.RFC3339, v["enter"].(string))
			exit, _ := time.Parse(time.RFC3339, v["exit"].(string))
			if v["id"] != "veh-1" || v["layer"] != "vehicles" || v["name"] != "渝A·T0001" || !near(enter, c.enter) ||
				v["inside_at_start"] != c.atStart || v["inside_at_end"] != c.atEnd {
				t.Fatalf("visit %v, want enter %v exit %v", v, c.enter, c.exit)
			}
			if !near(exit, c.exit) {
				t.Fatalf("exit %v, want %v or an interpolated time in the minute before", exit, c.exit)
			}
		})
	}
}

func TestWithinRejects(t *testing.T) {
	f, _ := historyFixture(t)
	cases := []struct{ name, query, field string }{
		{"no polygon", "", "polygon"},
		{"two vertices", "polygon=" + url.QueryEscape("106.5 29.6,106.6 29.6"), "polygon"},
		{"latitude out of range", "polygon=" + url.QueryEscape("106.5 29.6,106.6 99,106.6 29.7"), "polygon"},
		{"untracked layer", "polygon=" + url.QueryEscape(fmtRing(stopAt, 0.001)) + "&layers=cameras", "layers[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := f.do("GET", "/api/v1/history/within?"+c.query, "")
			if field, _ := errorOf(body); code != 400 || field != c.field {
				t.Fatalf("%d %q, want 400 %q (%v)", code, field, c.field, body)
			}
		})
	}
}

// near reports whether a boundary crossing at got is the fix time want,
// or interpolated in the minute between the fix before and want.
func near(got, want time.Time) bool {
	return got.Equal(want) || got.After(want.Add(-time.Minute)) && got.Before(want)
}

// fmtRing is the square of half-side d degrees around p, as ring text.
func fmtRing(p orb.Point, d float64) string {
	pt := func(x, y float64) string {
		return ftoa(x) + " " + ftoa(y)
	}
	return pt(p[0]-d, p[1]-d) + "," + pt(p[0]+d, p[1]-d) + "," + pt(p[0]+d, p[1]+d) + "," + pt(p[0]-d, p[1]+d)
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestRetention down-samples and then drops the fixture's track.
func TestRetention(t *testing.T) {
	f, s := historyFixture(t)
	points := func() int {
		q := "/api/v1/tracks?ids=vehicles/veh-1&from=" + url.QueryEscape(t0.Add(-time.Hour).Format(time.RFC3339)) +
			"&to=" + url.QueryEscape(t0.Add(time.Hour).Format(time.RFC3339))
		code, body := f.do("GET", q, "")
		if code != 200 {
			t.Fatalf("tracks: %d %v", code, body)
		}
		return len(body["tracks"].([]any)[0].(map[string]any)["points"].([]any))
	}
	cases := []struct {
		name      string
		keep      string
		now       time.Time
		thinEvery string
		want      int
	}{
		{"nothing is old yet", "720h", t0.Add(time.Hour), "0", 28},
		{"one point per 5 minutes (minutes 0, 5, … 25)", "720h", t0.Add(72 * time.Hour), "5m", 6},
		{"thinning again deletes nothing more", "720h", t0.Add(72 * time.Hour), "5m", 6},
		{"vehicles kept 2 hours: all gone", "720h,vehicles=2h", t0.Add(3 * time.Hour), "5m", 0},
	}
	for _, c := range cases {
		r, err := server.ParseRetention(c.keep, "48h", c.thinEvery)
		if err != nil {
			t.Fatal(err)
		}
		s.Prune(context.Background(), r, c.now)
		if got := points(); got != c.want {
			t.Fatalf("%s: %d points, want %d", c.name, got, c.want)
		}
	}
	for _, bad := range [][3]string{{"", "48h", "1m"}, {"vehicles=720h", "48h", "1m"}, {"5m", "48h", "1m"}, {"720h", "soon", "1m"}, {"720h", "48h", "-1m"}} {
		if _, err := server.ParseRetention(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("ParseRetention%q: no error", bad)
		}
	}
}
