package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"lookout/data/demo"
	"lookout/data/gpkg"
	"lookout/layers"
	"lookout/layers/access"
	"lookout/layers/catalog"
	"lookout/server"
)

// guarded is a server with tokens over a small demo world: the first 25
// features of every layer the generator makes (of incidents, of every
// domain).
type guarded struct {
	t       *testing.T
	srv     *httptest.Server
	world   *layers.World
	store   *gpkg.Store
	keyring *access.Keyring
	secrets map[string]string // by name
}

var errEnough = errors.New("enough")

func newGuarded(t *testing.T, opt server.Options) *guarded {
	t.Helper()
	store, w := openStoreWorld(t)
	per := map[string]int{}
	var batch []layers.Change
	err := demo.Generate(1, func(c layers.Change) error {
		key := c.Layer // incidents: 25 of each domain
		if d, ok := c.Props["domain"].(string); ok {
			key += "/" + d
		}
		if per[key] < 25 {
			per[key]++
			batch = append(batch, demo.Shift(c, time.Since(demo.Epoch)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := layers.ApplyAll(context.Background(), w, batch); err != nil {
		t.Fatal(err)
	}
	k, err := access.NewKeyring(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	trail := access.NewTrail(store, quiet)
	t.Cleanup(trail.Close)
	opt.Logger, opt.Keyring, opt.Trail, opt.Audit, opt.Tracks = quiet, k, trail, store, store
	g := &guarded{t: t, world: w, store: store, keyring: k, secrets: map[string]string{}}
	g.srv = httptest.NewServer(server.New(w, opt))
	t.Cleanup(g.srv.Close)
	for _, r := range access.Roles {
		g.token(string(r), r, "")
	}
	return g
}

// token makes a token called name.
func (g *guarded) token(name string, role layers.Role, district string) string {
	g.t.Helper()
	_, secret, err := g.keyring.Create(context.Background(), name, role, district, time.Now())
	if err != nil {
		g.t.Fatal(err)
	}
	g.secrets[name] = secret
	return secret
}

// get sends a GET as the token called name ("" for none) and returns the
// status and body.
func (g *guarded) get(name, path string) (int, []byte) {
	return g.send(name, "GET", path, "")
}

func (g *guarded) send(name, method, path, body string) (int, []byte) {
	g.t.Helper()
	req, _ := http.NewRequest(method, g.srv.URL+path, strings.NewReader(body))
	if name != "" {
		req.Header.Set("Authorization", "Bearer "+g.secrets[name])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		g.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// tileOf is the z12 tile holding the first feature of a layer.
func (g *guarded) tileOf(layer string) maptile.Tile {
	page, _, _ := g.world.Page(layer, layers.Page{Limit: 1})
	p := orb.Point{106.5, 29.6}
	if len(page) > 0 {
		p = page[0].Bound().Center()
	}
	return maptile.At(p, 12)
}

// allowed is what the specification says: admin sees every layer, any
// other role the layers whose Roles name it.
func allowed(role layers.Role, def *layers.Layer) bool {
	return role == layers.RoleAdmin || slices.Contains(def.Roles, role)
}

// TestAccessMatrix asks every layer through every surface as every role.
func TestAccessMatrix(t *testing.T) {
	g := newGuarded(t, server.Options{})
	for _, role := range access.Roles {
		for _, def := range catalog.All() {
			want := allowed(role, def)
			t.Run(string(role)+"/"+def.Name, func(t *testing.T) {
				tl := g.tileOf(def.Name)
				surfaces := []struct{ name, path string }{
					{"REST features", "/api/v1/layers/" + def.Name + "/features?limit=5"},
					{"REST layer", "/api/v1/layers/" + def.Name},
					{"REST nearest", "/api/v1/layers/" + def.Name + "/nearest?lon=106.5&lat=29.6&k=3"},
					{"TileJSON", "/tiles/" + def.Name + ".json"},
					{"tile", fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", def.Name, tl.Z, tl.X, tl.Y)},
				}
				for _, s := range surfaces {
					code, body := g.get(string(role), s.path)
					if ok := code == 200 || code == 204; ok != want || !want && code != 403 {
						t.Errorf("%s: %d %s, allowed %v", s.name, code, body, want)
					}
				}
				if got := listed(t, g, string(role), "/api/v1/layers", def.Name); got != want {
					t.Errorf("layer list: listed %v, allowed %v", got, want)
				}
				if got := listed(t, g, string(role), "/catalog", def.Name); got != want {
					t.Errorf("catalogue: listed %v, allowed %v", got, want)
				}
				if got := listed(t, g, string(role), "/styles/wall.json", `"lookout:layer":"`+def.Name+`"`); got != want {
					t.Errorf("style: drawn %v, allowed %v", got, want)
				}
				if got := subscribed(t, g, string(role), def.Name); got != want {
					t.Errorf("WebSocket: subscribed %v, allowed %v", got, want)
				}
			})
		}
	}
}

// listed reports whether the layers of the answer of path (a layer list
// or the catalogue) hold layer, or for a style, whether the body has what.
func listed(t *testing.T, g *guarded, name, path, what string) bool {
	t.Helper()
	code, body := g.get(name, path)
	if code != 200 {
		t.Fatalf("%s: %d %s", path, code, body)
	}
	if strings.HasPrefix(what, `"`) {
		return strings.Contains(string(body), what)
	}
	var list struct {
		Layers []struct {
			Name string `json:"name"`
		} `json:"layers"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(list.Layers, func(l struct {
		Name string `json:"name"`
	}) bool {
		return l.Name == what
	})
}

// subscribed reports whether a WebSocket subscription to layer is taken
// (a snapshot comes) rather than refused (an error frame).
func subscribed(t *testing.T, g *guarded, name, layer string) bool {
	t.Helper()
	data := g.firstFrame(name, layer)
	if !strings.Contains(string(data), `"type":"snapshot"`) && !strings.Contains(string(data), `"type":"error"`) {
		t.Fatalf("first frame neither a snapshot nor an error: %.300s", data)
	}
	return strings.Contains(string(data), `"type":"snapshot"`)
}

// firstFrame subscribes as the token called name to layer over the whole
// region and returns the first frame the server sends.
func (g *guarded) firstFrame(name, layer string) []byte {
	g.t.Helper()
	c := g.dial(name)
	defer c.CloseNow()
	msg := `{"type":"subscribe","layers":["` + layer + `"],"bbox":[105,28,110.5,32.5],"zoom":14}`
	if err := c.Write(context.Background(), websocket.MessageText, []byte(msg)); err != nil {
		g.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.Read(ctx)
	if err != nil {
		g.t.Fatalf("read: %v", err)
	}
	return data
}

func (g *guarded) dial(name string) *websocket.Conn {
	g.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(g.srv.URL, "http")+"/ws?token="+g.secrets[name], nil)
	if err != nil {
		g.t.Fatal(err)
	}
	c.SetReadLimit(-1)
	return c
}

// TestCustodyNeverLeaks asks for custody data every other way as every
// role that may not see it: nothing of it comes back, and no answer names
// a supervised person.
func TestCustodyNeverLeaks(t *testing.T) {
	g := newGuarded(t, server.Options{})
	persons, _, _ := g.world.Page("custody_persons", layers.Page{Limit: 25})
	if len(persons) == 0 {
		t.Fatal("no supervised person in the test world")
	}
	p := persons[0]
	name, _ := p.Props["name"].(string)
	tl := maptile.At(p.Bound().Center(), 14)
	all := strings.Join(namesOf(catalog.All()), ",")
	ring := escape(fmt.Sprintf("%f %f,%f %f,%f %f", p.Bound().Center()[0]-0.01, p.Bound().Center()[1]-0.01,
		p.Bound().Center()[0]+0.01, p.Bound().Center()[1]-0.01, p.Bound().Center()[0], p.Bound().Center()[1]+0.01))
	for _, role := range access.Roles {
		if role == layers.RoleCustody || role == layers.RoleAdmin {
			continue
		}
		for _, path := range []string{
			"/api/v1/layers/custody_persons/features/" + p.ID,
			"/api/v1/layers/custody_zones/features",
			"/api/v1/tracks?ids=custody_persons/" + p.ID,
			"/api/v1/history/within?layers=custody_persons&polygon=" + ring,
		} {
			if code, body := g.get(string(role), path); code != 403 || strings.Contains(string(body), name) {
				t.Errorf("%s %s: %d %s", role, path, code, body)
			}
		}
		code, body := g.get(string(role), fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", all, tl.Z, tl.X, tl.Y))
		if code == 200 {
			ls, err := mvt.Unmarshal(body)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range ls {
				if strings.HasPrefix(l.Name, "custody") {
					t.Errorf("%s: the composite tile holds %s", role, l.Name)
				}
			}
		}
		for _, path := range []string{"/catalog", "/styles/wall.json", "/api/v1/layers", "/tiles/" + all + ".json",
			"/api/v1/history/within?polygon=" + ring} {
			if _, body := g.get(string(role), path); strings.Contains(string(body), "custody_persons") || strings.Contains(string(body), name) {
				t.Errorf("%s %s names custody data", role, path)
			}
		}
	}
}

func namesOf(defs []*layers.Layer) []string {
	var out []string
	for _, d := range defs {
		out = append(out, d.Name)
	}
	return out
}

func escape(s string) string { return strings.NewReplacer(" ", "%20", ",", "%2C").Replace(s) }

// TestAuthentication: no token, a wrong one, a revoked one are all 401,
// with the challenge; the health check and the app need none.
func TestAuthentication(t *testing.T) {
	g := newGuarded(t, server.Options{})
	g.secrets["wrong"] = access.SecretPrefix + "not-a-token"
	g.secrets["garbage"] = "Basic abc"
	g.token("gone", layers.RoleAdmin, "")
	for _, tok := range g.keyring.List() {
		if tok.Name == "gone" {
			if _, err := g.keyring.Revoke(context.Background(), tok.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name, token, path string
		status            int
	}{
		{"no token", "", "/api/v1/layers", 401},
		{"wrong token", "wrong", "/api/v1/layers", 401},
		{"not a token", "garbage", "/api/v1/layers", 401},
		{"revoked token", "gone", "/api/v1/layers", 401},
		{"no token for tiles", "", "/tiles/districts/6/52/26.mvt", 401},
		{"no token for the catalogue", "", "/catalog", 401},
		{"no token for the WebSocket", "", "/ws", 401},
		{"no token for metrics", "", "/metrics", 401},
		{"metrics are the admin's", "command", "/metrics", 403},
		{"the audit trail is the admin's", "command", "/api/v1/audit", 403},
		{"tokens are the admin's", "forest", "/api/v1/tokens", 403},
		{"health needs none", "", "/healthz", 200},
		{"a valid token", "market", "/api/v1/layers", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := g.get(c.token, c.path)
			if code != c.status {
				t.Fatalf("%d %s, want %d", code, body, c.status)
			}
			if code == 401 && !strings.Contains(string(body), `"status":401`) {
				t.Fatalf("401 body %s", body)
			}
		})
	}
}

// TestScope: a district-scoped token sees its district only, a domain
// role its own incidents only, and neither can write outside them.
func TestScope(t *testing.T) {
	g := newGuarded(t, server.Options{})
	cams, _, _ := g.world.Page("cameras", layers.Page{Limit: 25})
	home, _ := cams[0].Props["district"].(string)
	other := "500101"
	if home == other {
		other = "500102"
	}
	elsewhere := strings.Replace(camera("cam-away", 108.3, 30.8), `"properties":{`, `"properties":{"district":"`+other+`",`, 1)
	if code, body := g.send("admin", "PUT", "/api/v1/layers/cameras/features/cam-away", elsewhere); code != 201 {
		t.Fatalf("seed: %d %s", code, body)
	}
	away, _ := g.world.Feature("cameras", "cam-away")
	g.token("scoped", layers.RoleForest, home)
	code, body := g.get("scoped", "/api/v1/layers/cameras/features?limit=100")
	if code != 200 || strings.Count(string(body), `"district":"`+home+`"`) == 0 || strings.Contains(string(body), away.ID) {
		t.Fatalf("scoped list: %d, %s", code, body)
	}
	if code, _ := g.get("scoped", "/api/v1/layers/cameras/features/"+away.ID); code != 404 {
		t.Fatalf("a camera of another district: %d, want 404", code)
	}
	if code, _ := g.get("forest", "/api/v1/layers/cameras/features/"+away.ID); code != 200 {
		t.Fatalf("the same camera, unscoped: %d", code)
	}
	tl := maptile.At(away.Bound().Center(), 14)
	tile := fmt.Sprintf("/tiles/districts,cameras/%d/%d/%d.mvt", tl.Z, tl.X, tl.Y)
	if code, body := g.get("forest", tile); code != 200 || !strings.Contains(string(body), "cam-away") {
		t.Fatalf("the unscoped tile lacks the camera: %d", code)
	}
	if _, body := g.get("scoped", tile); strings.Contains(string(body), "cam-away") {
		t.Fatal("the scoped tile holds a camera of another district")
	}
	moved := strings.Replace(camera("new-cam", 106.4, 29.8), `"properties":{`, `"properties":{"district":"`+away.Props["district"].(string)+`",`, 1)
	if code, body := g.send("scoped", "PUT", "/api/v1/layers/cameras/features/new-cam", moved); code != 403 {
		t.Fatalf("writing into another district: %d %s", code, body)
	}
	// Incidents: a market token sees market incidents only.
	code, body = g.get("market", "/api/v1/incidents?limit=10000")
	if code != 200 {
		t.Fatalf("incidents: %d %s", code, body)
	}
	for _, d := range []string{"forest", "fleet", "custody"} {
		if strings.Contains(string(body), `"domain":"`+d+`"`) {
			t.Errorf("a market token sees %s incidents", d)
		}
	}
	if code, _ := g.get("command", "/api/v1/incidents?limit=10000"); code != 200 {
		t.Fatalf("command incidents: %d", code)
	}
}

// TestAudit: reads of custody data and token management leave entries an
// admin can read, with who and from where; other reads leave none.
func TestAudit(t *testing.T) {
	g := newGuarded(t, server.Options{})
	persons, _, _ := g.world.Page("custody_persons", layers.Page{Limit: 1})
	g.get("custody", "/api/v1/layers/custody_persons/features/"+persons[0].ID)
	g.get("custody", "/api/v1/layers/custody_persons/features?limit=5")
	g.get("forest", "/api/v1/layers/cameras/features?limit=5")
	if code, body := g.send("admin", "POST", "/api/v1/tokens", `{"name":"新同事","role":"fleet"}`); code != 201 || !strings.Contains(string(body), `"secret":"lk_`) {
		t.Fatalf("token create: %d %s", code, body)
	}
	code, body := g.get("admin", "/api/v1/audit?limit=50")
	if code != 200 {
		t.Fatalf("audit: %d %s", code, body)
	}
	var got struct {
		Entries []access.Entry `json:"entries"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range got.Entries {
		actions = append(actions, e.Action+" "+e.Layer+" "+e.Name)
		if e.Remote != "127.0.0.1" || e.Token == "" || e.At.IsZero() {
			t.Errorf("entry without who, when or where: %+v", e)
		}
	}
	want := []string{"token.create  admin", "read custody_persons custody", "read custody_persons custody"}
	if !slices.Equal(actions, want) {
		t.Fatalf("entries %q, want %q", actions, want)
	}
	code, body = g.get("admin", "/api/v1/audit?layer=custody_persons&limit=1")
	if code != 200 || strings.Count(string(body), `"action":"read"`) != 1 {
		t.Fatalf("filtered: %d %s", code, body)
	}
}

// TestRateLimits: a token over its rate gets 429 with Retry-After while
// another token goes on; a WebSocket client flooding messages is refused
// and then closed; an oversized frame closes the connection.
func TestRateLimits(t *testing.T) {
	g := newGuarded(t, server.Options{Rate: 2}) // bursts of 20
	var statuses []int
	for range 25 {
		req, _ := http.NewRequest("GET", g.srv.URL+"/api/v1/layers", nil)
		req.Header.Set("Authorization", "Bearer "+g.secrets["fleet"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
		if res.StatusCode == 429 && res.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	if statuses[0] != 200 || statuses[24] != 429 {
		t.Fatalf("statuses %v: want 200s then 429s", statuses)
	}
	if code, _ := g.get("market", "/api/v1/layers"); code != 200 {
		t.Fatalf("another token: %d", code)
	}

	g.token("ws", layers.RoleFleet, "")
	ws := g.dial("ws")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msg := []byte(`{"type":"subscribe","layers":["vehicles"],"bbox":[106.5,29.5,106.6,29.6],"zoom":14}`)
	for range 40 {
		if err := ws.Write(ctx, websocket.MessageText, msg); err != nil {
			break
		}
	}
	refused, closed := 0, false
	for !closed {
		_, data, err := ws.Read(ctx)
		switch {
		case websocket.CloseStatus(err) == websocket.StatusPolicyViolation:
			closed = true
		case err != nil:
			t.Fatalf("read: %v (after %d refusals)", err, refused)
		case strings.Contains(string(data), "too many messages"):
			refused++
		}
	}
	if refused < 5 {
		t.Fatalf("%d refusals before the close", refused)
	}
	big := g.dial("ws")
	if err := big.Write(ctx, websocket.MessageText, []byte(`{"type":"subscribe","layers":["`+strings.Repeat("x", 70_000)+`"]}`)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := big.Read(ctx); websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Fatalf("oversized frame: %v", err)
	}
}

// TestWebSocketScope: over the WebSocket a market token's snapshot of the
// incidents holds market incidents only, and a district-scoped token's
// snapshot of cameras its district's only.
func TestWebSocketScope(t *testing.T) {
	g := newGuarded(t, server.Options{})
	cams, _, _ := g.world.Page("cameras", layers.Page{Limit: 1})
	home, _ := cams[0].Props["district"].(string)
	g.token("scoped", layers.RoleForest, home)
	snapshot := func(name, layer string) []map[string]any {
		data := g.firstFrame(name, layer)
		var frame struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(data, &frame); err != nil {
			t.Fatal(err)
		}
		var out []map[string]any
		for _, f := range frame.Features {
			out = append(out, f.Properties)
		}
		return out
	}
	all, market := snapshot("command", "incidents"), snapshot("market", "incidents")
	if len(market) == 0 || len(market) >= len(all) {
		t.Fatalf("market sees %d incidents of %d", len(market), len(all))
	}
	for _, p := range market {
		if p["domain"] != "market" {
			t.Fatalf("a market token got a %v incident", p["domain"])
		}
	}
	for _, p := range snapshot("scoped", "cameras") {
		if p["district"] != home {
			t.Fatalf("a token scoped to %s got a camera of %v", home, p["district"])
		}
	}
}
