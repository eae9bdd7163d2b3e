package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/access"
)

// accessCases test the API tokens and the audit trail (access.Store).
// Every store must keep them: a store that does not implement access.Store
// fails them. Tokens and entries are compared whole with !=, times
// included: every backend keeps them exactly, to the nanosecond, in UTC.
var accessCases = []testCase{
	{"access: tokens round-trip every field, revoked or not, and survive a reopen", testTokens},
	{"access: SaveToken replaces a token by ID and refuses another's hash", testTokenReplace},
	{"access: audit entries are appended, newest first, and survive a reopen", testAuditAppend},
	{"access: AuditLog filters by time window, token, layer and action", testAuditFilters},
	{"access: AuditLog returns at most Limit entries, 100 by default", testAuditLimit},
	{"access: token and audit writes beside the World's commits are all kept", testAccessBesideCommits},
}

// accessT0 is the time the access cases' tokens and entries start from.
var accessT0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// accessAt is accessT0 plus d: the cases give most times odd nanoseconds,
// which a store that rounds to the microsecond or millisecond would lose.
func accessAt(d time.Duration) time.Time { return accessT0.Add(d) }

// accessOf returns the open store's token and audit keeping, failing the
// test when the store does not implement access.Store.
func accessOf(t *testing.T, e *env) access.Store {
	t.Helper()
	a, ok := e.store.(access.Store)
	if !ok {
		t.Fatalf("%T does not implement access.Store: every store must keep the tokens and the audit trail", e.store)
	}
	return a
}

// reopenAccess closes the open store and reopens it bare.
func reopenAccess(t *testing.T, e *env) access.Store {
	t.Helper()
	e.openStore()
	return accessOf(t, e)
}

// testToken is a test token; its hash is that of a secret made from its ID.
func testToken(id, name string, role layers.Role, district string, created, revoked time.Time) access.Token {
	return access.Token{ID: id, Name: name, Role: role, District: district, Hash: access.Hash("secret of " + id),
		Created: created, Revoked: revoked}
}

// saveTokens saves tokens, failing the test on an error.
func saveTokens(t *testing.T, a access.Store, tokens ...access.Token) {
	t.Helper()
	for _, tok := range tokens {
		if err := a.SaveToken(context.Background(), tok); err != nil {
			t.Fatalf("SaveToken(%s): %v", tok.ID, err)
		}
	}
}

// checkTokens checks that the store's tokens are want, whatever their
// order (Tokens promises none).
func checkTokens(t *testing.T, phase string, a access.Store, want []access.Token) {
	t.Helper()
	got, err := a.Tokens(context.Background())
	if err != nil {
		t.Fatalf("%s: Tokens: %v", phase, err)
	}
	byID := func(x, y access.Token) int { return strings.Compare(x.ID, y.ID) }
	got, want = slices.SortedFunc(slices.Values(got), byID), slices.SortedFunc(slices.Values(want), byID)
	if len(got) != len(want) {
		t.Fatalf("%s: %d tokens, want %d:\n got %+v\nwant %+v", phase, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: token %s is\n %+v\nwant\n %+v", phase, want[i].ID, got[i], want[i])
		}
	}
}

func testTokens(t *testing.T, e *env) {
	cases := []struct {
		name  string
		token access.Token
	}{
		{"valid, every district", testToken("tok-000000000001", "指挥中心 值班员", layers.RoleCommand, "", accessAt(123456789), time.Time{})},
		{"scoped to a district", testToken("tok-000000000002", "江北 forest ranger", layers.RoleForest, "500105", accessAt(time.Second+1), time.Time{})},
		{"revoked", testToken("tok-000000000003", "old admin", layers.RoleAdmin, "", accessAt(-time.Hour+7), accessAt(time.Hour+999))},
		{"revoked at the instant it was created", testToken("tok-000000000004", "x", layers.RoleCustody, "500112", accessAt(5), accessAt(5))},
		{"created on the second", testToken("tok-000000000005", "it's \"quoted\"", layers.RoleMarket, "", accessAt(0), time.Time{})},
	}
	a := reopenAccess(t, e)
	checkTokens(t, "empty store", a, nil)
	var want []access.Token
	for _, c := range cases {
		saveTokens(t, a, c.token)
		want = append(want, c.token)
	}
	checkTokens(t, "live", a, want)
	checkTokens(t, "after reopen", reopenAccess(t, e), want)
}

func testTokenReplace(t *testing.T, e *env) {
	a := reopenAccess(t, e)
	first := testToken("tok-a", "first", layers.RoleFleet, "500105", accessAt(1), time.Time{})
	other := testToken("tok-b", "other", layers.RoleForest, "", accessAt(2), time.Time{})
	saveTokens(t, a, first, other)
	steps := []struct {
		name string
		save access.Token
		want []access.Token
	}{
		{"revoke", withRevoked(first, accessAt(3)), []access.Token{withRevoked(first, accessAt(3)), other}},
		{"unrevoke", first, []access.Token{first, other}},
		{"replace every field", testToken("tok-a", "second", layers.RoleAdmin, "", accessAt(4), accessAt(5)),
			[]access.Token{testToken("tok-a", "second", layers.RoleAdmin, "", accessAt(4), accessAt(5)), other}},
	}
	var want []access.Token
	for _, s := range steps {
		saveTokens(t, a, s.save)
		checkTokens(t, s.name, a, s.want)
		want = s.want
	}
	dup := testToken("tok-c", "thief", layers.RoleAdmin, "", accessAt(6), time.Time{})
	dup.Hash = other.Hash
	if err := a.SaveToken(context.Background(), dup); err == nil {
		t.Errorf("SaveToken of a token with %s's hash: no error, want one (hashes are unique)", other.ID)
	}
	checkTokens(t, "after reopen", reopenAccess(t, e), want)
}

// withRevoked returns tok revoked at r.
func withRevoked(tok access.Token, r time.Time) access.Token {
	tok.Revoked = r
	return tok
}

// appendAudit appends entries, failing the test on an error.
func appendAudit(t *testing.T, a access.Store, entries ...access.Entry) {
	t.Helper()
	if err := a.Audit(context.Background(), entries); err != nil {
		t.Fatalf("Audit of %d entries: %v", len(entries), err)
	}
}

// checkLog checks that AuditLog of q gives want, in order.
func checkLog(t *testing.T, name string, a access.Store, q access.Query, want []access.Entry) {
	t.Helper()
	got, err := a.AuditLog(context.Background(), q)
	if err != nil {
		t.Errorf("%s: AuditLog: %v", name, err)
		return
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d entries, want %d:\n got %s\nwant %s", name, len(got), len(want), fmtEntries(got), fmtEntries(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s: entry %d is\n %+v\nwant\n %+v", name, i, got[i], want[i])
		}
	}
}

// fmtEntries shows entries by their times and actions, one to a line.
func fmtEntries(es []access.Entry) string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = fmt.Sprintf("%s %s %s %s/%s", e.At.Format(time.RFC3339Nano), e.Token, e.Action, e.Layer, e.ID)
	}
	return "[" + strings.Join(s, "\n      ") + "]"
}

// pickEntries returns the entries of es at the given indexes, in that order.
func pickEntries(es []access.Entry, idx ...int) []access.Entry {
	out := make([]access.Entry, len(idx))
	for i, k := range idx {
		out[i] = es[k]
	}
	return out
}

// auditTrail is the audit trail of the audit cases: entries in time order,
// with every field set in some, only a few in others.
var auditTrail = []access.Entry{
	{At: accessAt(1), Token: "tok-a", Name: "指挥中心", Role: layers.RoleCommand, Action: "read", Layer: "custody_people",
		ID: "p1", Remote: "10.0.0.1:5000"},
	{At: accessAt(time.Second + 2), Token: "tok-b", Name: "ranger", Role: layers.RoleCustody, Action: "read",
		Layer: "custody_people", Count: 250, Remote: "[2001:db8::1]:443", Detail: "bbox=106,29,107,30"},
	{At: accessAt(2*time.Second + 3), Token: "tok-a", Name: "指挥中心", Role: layers.RoleCommand, Action: "incident.ack",
		Layer: "incidents", ID: "inc-7", Remote: "10.0.0.1:5001", Detail: "备注: 已确认\n\"ok\""},
	{At: accessAt(3 * time.Second), Token: "tok-admin", Name: "admin", Role: layers.RoleAdmin, Action: "token.create",
		ID: "tok-b", Remote: "127.0.0.1:1"},
	{At: accessAt(4*time.Second + 999999999), Token: "tok-b", Name: "ranger", Role: layers.RoleCustody, Action: "tiles",
		Layer: "custody_people", Count: 3, Remote: "10.0.0.2:7"},
	{At: accessAt(time.Hour), Token: "tok-a", Name: "指挥中心", Role: layers.RoleCommand, Action: "read", Layer: "incidents",
		Count: 1 << 40, Remote: "10.0.0.1:5002"},
}

func testAuditAppend(t *testing.T, e *env) {
	a := reopenAccess(t, e)
	checkLog(t, "empty store", a, access.Query{}, nil)
	// Appended in three calls, not in time order, and one empty call.
	appendAudit(t, a, pickEntries(auditTrail, 2, 0)...)
	appendAudit(t, a)
	appendAudit(t, a, auditTrail[5])
	appendAudit(t, a, pickEntries(auditTrail, 1, 4, 3)...)
	newestFirst := pickEntries(auditTrail, 5, 4, 3, 2, 1, 0)
	checkLog(t, "live", a, access.Query{}, newestFirst)
	a = reopenAccess(t, e)
	checkLog(t, "after reopen", a, access.Query{}, newestFirst)
	appendAudit(t, a, auditTrail[5])
	checkLog(t, "an entry appended again after reopen", a, access.Query{}, pickEntries(auditTrail, 5, 5, 4, 3, 2, 1, 0))
}

func testAuditFilters(t *testing.T, e *env) {
	cases := []struct {
		name string
		q    access.Query
		want []int // indexes in auditTrail, newest first
	}{
		{"no filter", access.Query{}, []int{5, 4, 3, 2, 1, 0}},
		{"window, both edges included", access.Query{From: auditTrail[1].At, To: auditTrail[4].At}, []int{4, 3, 2, 1}},
		{"window of one instant", access.Query{From: auditTrail[2].At, To: auditTrail[2].At}, []int{2}},
		{"window a nanosecond after an entry", access.Query{From: auditTrail[2].At.Add(1), To: auditTrail[3].At.Add(-1)}, nil},
		{"from only", access.Query{From: auditTrail[3].At}, []int{5, 4, 3}},
		{"to only", access.Query{To: auditTrail[1].At}, []int{1, 0}},
		{"from after to", access.Query{From: auditTrail[4].At, To: auditTrail[1].At}, nil},
		{"token", access.Query{Token: "tok-a"}, []int{5, 2, 0}},
		{"layer", access.Query{Layer: "custody_people"}, []int{4, 1, 0}},
		{"action", access.Query{Action: "read"}, []int{5, 1, 0}},
		{"token and window", access.Query{Token: "tok-a", From: auditTrail[1].At, To: auditTrail[4].At}, []int{2}},
		{"layer and action", access.Query{Layer: "custody_people", Action: "read"}, []int{1, 0}},
		{"every filter", access.Query{From: auditTrail[0].At, To: auditTrail[5].At, Token: "tok-b", Layer: "custody_people", Action: "tiles"}, []int{4}},
		{"unknown token", access.Query{Token: "tok-nobody"}, nil},
		{"filters with a limit", access.Query{Token: "tok-a", Limit: 2}, []int{5, 2}},
	}
	a := reopenAccess(t, e)
	appendAudit(t, a, auditTrail...)
	for _, phase := range []string{"live", "after reopen"} {
		if phase == "after reopen" {
			a = reopenAccess(t, e)
		}
		for _, c := range cases {
			checkLog(t, phase+", "+c.name, a, c.q, pickEntries(auditTrail, c.want...))
		}
	}
}

func testAuditLimit(t *testing.T, e *env) {
	const n = 120
	entries := make([]access.Entry, n)
	for i := range entries {
		entries[i] = access.Entry{At: accessAt(time.Duration(i)*time.Millisecond + 17), Token: fmt.Sprintf("tok-%d", i%3),
			Name: "n", Role: layers.RoleCustody, Action: "read", Layer: "custody_people", ID: fmt.Sprint(i), Remote: "r"}
	}
	newest := func(k int) []access.Entry { // the newest k entries, newest first
		out := slices.Clone(entries[n-k:])
		slices.Reverse(out)
		return out
	}
	cases := []struct {
		name string
		q    access.Query
		want []access.Entry
	}{
		{"no limit: the newest 100", access.Query{}, newest(100)},
		{"negative limit: the newest 100", access.Query{Limit: -1}, newest(100)},
		{"limit 1", access.Query{Limit: 1}, newest(1)},
		{"limit 7", access.Query{Limit: 7}, newest(7)},
		{"limit above the count", access.Query{Limit: 500}, newest(n)},
		{"limit 100 of a window", access.Query{To: entries[49].At, Limit: 100}, newest(n)[n-50:]},
	}
	a := reopenAccess(t, e)
	appendAudit(t, a, entries[:n/2]...)
	appendAudit(t, a, entries[n/2:]...)
	for _, phase := range []string{"live", "after reopen"} {
		if phase == "after reopen" {
			a = reopenAccess(t, e)
		}
		for _, c := range cases {
			checkLog(t, phase+", "+c.name, a, c.q, c.want)
		}
	}
}

func testAccessBesideCommits(t *testing.T, e *env) {
	const auditors, calls, changes = 4, 8, 40
	w := e.open(defs...)
	a := accessOf(t, e)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		want   []access.Entry
		tokens []access.Token
	)
	wg.Go(func() {
		for i := range changes {
			c := layers.Change{Op: layers.Upsert, Layer: points.Name, ID: fmt.Sprintf("p%d", i%5),
				Geometry: orb.Point{106 + float64(i)/1000, 29.5}, Props: map[string]any{"name": "x"}}
			res, err := w.Apply(context.Background(), []layers.Change{c})
			if err == nil {
				err = res[0].Err
			}
			if err != nil {
				t.Errorf("Apply %d: %v", i, err)
				return
			}
		}
	})
	for g := range auditors {
		wg.Go(func() {
			tok := testToken(fmt.Sprintf("tok-%d", g), "auditor", layers.RoleCustody, "", accessAt(time.Duration(g)), time.Time{})
			if err := a.SaveToken(context.Background(), tok); err != nil {
				t.Errorf("SaveToken(%s): %v", tok.ID, err)
				return
			}
			mu.Lock()
			tokens = append(tokens, tok)
			mu.Unlock()
			for i := range calls {
				batch := make([]access.Entry, 3)
				for k := range batch {
					batch[k] = access.Entry{At: accessAt(time.Duration(1000*(g*calls*3+i*3+k) + g)), Token: tok.ID, Name: tok.Name,
						Role: tok.Role, Action: "read", Layer: points.Name, Count: k, Remote: "r"}
				}
				if err := a.Audit(context.Background(), batch); err != nil {
					t.Errorf("auditor %d call %d: %v", g, i, err)
					return
				}
				mu.Lock()
				want = append(want, batch...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.SortFunc(want, func(x, y access.Entry) int { return y.At.Compare(x.At) })
	a = reopenAccess(t, e)
	checkLog(t, "after reopen", a, access.Query{Limit: len(want) + 1}, want)
	checkTokens(t, "after reopen", a, tokens)
	w = e.open(defs...)
	if got := len(snapshot(t, w)); got != 5 {
		t.Errorf("the world has %d features after reopen, want 5", got)
	}
}
