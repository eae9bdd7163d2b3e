package server

import (
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"lookout/frontend"
)

// okHandler answers 200 "ok" and counts its calls.
type okHandler struct{ calls int }

func (h *okHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.calls++
	w.Write([]byte("ok"))
}

func TestSecurityHeaders(t *testing.T) {
	want := map[string]string{
		"Content-Security-Policy":    contentSecurityPolicy,
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "no-referrer",
		"X-Frame-Options":            "DENY",
		"Permissions-Policy":         "geolocation=(), camera=(), microphone=()",
		"Cross-Origin-Opener-Policy": "same-origin",
	}
	cases := []struct {
		name, method, path string
		tls                bool
		next               http.Handler
		status             int
	}{
		{"app page", "GET", "/", false, &okHandler{}, 200},
		{"API over TLS", "GET", "/api/v1/layers", true, &okHandler{}, 200},
		{"error answer", "PUT", "/api/v1/nope", false, http.NotFoundHandler(), 404},
		{"panic-free empty answer", "HEAD", "/tiles/x/0/0/0.mvt", true,
			http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }), 204},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			securityHeaders(tc.next, tc.tls).ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			for k, v := range want {
				if got := rec.Header().Values(k); len(got) != 1 || got[0] != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			hsts := rec.Header().Get("Strict-Transport-Security")
			if tc.tls && hsts != hstsMaxAge || !tc.tls && hsts != "" {
				t.Errorf("Strict-Transport-Security = %q with tls %v", hsts, tc.tls)
			}
		})
	}
}

// TestSecurityHeadersLetHandlersOverride checks that a handler may still
// set a header of its own answer: the defaults are written before it runs.
func TestSecurityHeadersLetHandlersOverride(t *testing.T) {
	rec := httptest.NewRecorder()
	h := securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "same-origin")
	}), false)
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("Referrer-Policy"); got != "same-origin" {
		t.Fatalf("Referrer-Policy = %q, want the handler's", got)
	}
}

// directives splits a policy into its directives' sources.
func directives(policy string) map[string][]string {
	out := map[string][]string{}
	for d := range strings.SplitSeq(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

// TestCSPDirectives checks what the web app needs and what it must not get.
func TestCSPDirectives(t *testing.T) {
	d := directives(contentSecurityPolicy)
	need := []struct{ directive, source string }{
		{"default-src", "'self'"},
		{"script-src", "'self'"},
		{"style-src", "'self'"}, {"style-src", "'unsafe-inline'"},
		{"img-src", "'self'"}, {"img-src", "data:"}, {"img-src", "blob:"},
		{"font-src", "'self'"},
		{"connect-src", "'self'"}, {"connect-src", "ws:"}, {"connect-src", "wss:"},
		{"worker-src", "blob:"}, {"child-src", "blob:"},
		{"frame-ancestors", "'none'"}, {"base-uri", "'none'"}, {"object-src", "'none'"},
		{"form-action", "'self'"},
	}
	for _, n := range need {
		t.Run(n.directive+" "+n.source, func(t *testing.T) {
			if !slices.Contains(d[n.directive], n.source) {
				t.Fatalf("%s is %q, want %s in it", n.directive, d[n.directive], n.source)
			}
		})
	}
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "*", "data:", "blob:", "http:", "https:"} {
		if slices.Contains(d["script-src"], bad) {
			t.Errorf("script-src allows %s", bad)
		}
	}
	for name, sources := range d {
		for _, s := range sources {
			if s == "*" || s == "http:" || s == "https:" {
				t.Errorf("%s allows any host (%s)", name, s)
			}
		}
	}
}

// inlineScript finds the inline scripts of a page: a <script> element
// without src, with its content.
var inlineScript = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)

// TestCSPHashesInlineScripts checks that every inline script of the web
// app's page — in frontend/index.html and in the build embedded in this
// binary — has its hash in script-src: without it the browser refuses to
// run it. When this fails, put the hash it names into
// contentSecurityPolicy (or move the script into a module).
func TestCSPHashesInlineScripts(t *testing.T) {
	pages := map[string][]byte{}
	src, err := os.ReadFile("../frontend/index.html")
	if err != nil {
		t.Fatal(err)
	}
	pages["frontend/index.html"] = src
	if frontend.Built() {
		built, err := fs.ReadFile(frontend.Assets(), "index.html")
		if err != nil {
			t.Fatal(err)
		}
		pages["embedded dist/index.html"] = built
	}
	allowed := directives(contentSecurityPolicy)["script-src"]
	for name, page := range pages {
		found := 0
		for _, m := range inlineScript.FindAllSubmatch(page, -1) {
			if regexp.MustCompile(`(?i)\bsrc\s*=`).Match(m[1]) {
				continue
			}
			found++
			sum := sha256.Sum256(m[2])
			h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			if !slices.Contains(allowed, h) {
				t.Errorf("%s: inline script %.60q… is not allowed: add %s to script-src", name, m[2], h)
			}
		}
		t.Logf("%s: %d inline scripts", name, found)
	}
}

func TestCORSClosed(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		header   []string
		status   int
		nextRuns bool
	}{
		{"same-origin GET", "GET", []string{"Origin", "http://127.0.0.1:8080"}, 200, true},
		{"cross-origin GET", "GET", []string{"Origin", "https://evil.example"}, 200, true},
		{"no Origin", "POST", nil, 200, true},
		{"preflight", "OPTIONS", []string{"Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE"}, 403, false},
		{"OPTIONS that is not a preflight", "OPTIONS", []string{"Origin", "https://evil.example"}, 200, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			next := &okHandler{}
			rec := serveCORS(next, nil, tc.method, tc.header...)
			if rec.Code != tc.status || (next.calls == 1) != tc.nextRuns {
				t.Fatalf("status %d, next ran %d times; want %d, %v", rec.Code, next.calls, tc.status, tc.nextRuns)
			}
			for k := range rec.Header() {
				if strings.HasPrefix(k, "Access-Control-") || k == "Vary" {
					t.Errorf("closed CORS answered %s: %q", k, rec.Header()[k])
				}
			}
		})
	}
}

// serveCORS sends one request through cors(next, origins), header being
// name, value pairs.
func serveCORS(next http.Handler, origins []string, method string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/api/v1/layers/vehicles/features", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	cors(next, origins).ServeHTTP(rec, req)
	return rec
}

func TestCORSOpen(t *testing.T) {
	gis := []string{"https://gis.example.gov.cn", "http://127.0.0.1:5173"}
	preflight := func(origin, method, headers string) []string {
		h := []string{"Origin", origin, "Access-Control-Request-Method", method}
		if headers != "" {
			h = append(h, "Access-Control-Request-Headers", headers)
		}
		return h
	}
	cases := []struct {
		name     string
		origins  []string
		method   string
		header   []string
		status   int
		nextRuns bool
		want     map[string]string // "" means absent
	}{
		{"listed origin", gis, "GET", []string{"Origin", "https://gis.example.gov.cn"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": "https://gis.example.gov.cn", "Access-Control-Allow-Credentials": "true",
			"Access-Control-Expose-Headers": "ETag, Retry-After", "Vary": "Origin", "Access-Control-Allow-Methods": ""}},
		{"second listed origin", gis, "PUT", []string{"Origin", "http://127.0.0.1:5173"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": "http://127.0.0.1:5173"}},
		{"unlisted origin", gis, "GET", []string{"Origin", "https://evil.example"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": "", "Access-Control-Allow-Credentials": "", "Access-Control-Expose-Headers": "", "Vary": "Origin"}},
		{"same scheme and host, other port", gis, "GET", []string{"Origin", "https://gis.example.gov.cn:8443"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": ""}},
		{"http for an https origin", gis, "GET", []string{"Origin", "http://gis.example.gov.cn"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": ""}},
		{"origin null", gis, "GET", []string{"Origin", "null"}, 200, true, map[string]string{"Access-Control-Allow-Origin": ""}},
		{"no Origin", gis, "GET", nil, 200, true, map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Origin"}},
		{"preflight", gis, "OPTIONS", preflight("https://gis.example.gov.cn", "PATCH", "authorization, content-type, if-match"), 204, false, map[string]string{
			"Access-Control-Allow-Origin": "https://gis.example.gov.cn", "Access-Control-Allow-Credentials": "true",
			"Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
			"Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match, If-None-Match",
			"Access-Control-Max-Age":       "600", "Vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}},
		{"preflight without headers", gis, "OPTIONS", preflight("http://127.0.0.1:5173", "DELETE", ""), 204, false, map[string]string{
			"Access-Control-Allow-Origin": "http://127.0.0.1:5173"}},
		{"preflight headers on two lines", gis, "OPTIONS", append(preflight("http://127.0.0.1:5173", "GET", "Authorization"),
			"Access-Control-Request-Headers", "If-None-Match"), 204, false, nil},
		{"preflight from an unlisted origin", gis, "OPTIONS", preflight("https://evil.example", "GET", ""), 403, false, map[string]string{
			"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"preflight for a method not allowed", gis, "OPTIONS", preflight("https://gis.example.gov.cn", "TRACE", ""), 403, false, map[string]string{
			"Access-Control-Allow-Origin": ""}},
		{"preflight for a lower-case method", gis, "OPTIONS", preflight("https://gis.example.gov.cn", "patch", ""), 403, false, nil},
		{"preflight for a header not allowed", gis, "OPTIONS", preflight("https://gis.example.gov.cn", "GET", "Authorization, X-Forwarded-For"), 403, false, map[string]string{
			"Access-Control-Allow-Origin": ""}},
		{"any origin", []string{"*"}, "GET", []string{"Origin", "https://anyone.example"}, 200, true, map[string]string{
			"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "", "Access-Control-Expose-Headers": "ETag, Retry-After", "Vary": ""}},
		{"any origin, preflight", []string{"*"}, "OPTIONS", preflight("https://anyone.example", "POST", "Content-Type"), 204, false, map[string]string{
			"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "", "Access-Control-Max-Age": "600"}},
		{"any origin, no Origin", []string{"*"}, "GET", nil, 200, true, map[string]string{"Access-Control-Allow-Origin": ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			next := &okHandler{}
			rec := serveCORS(next, tc.origins, tc.method, tc.header...)
			if rec.Code != tc.status || (next.calls == 1) != tc.nextRuns {
				t.Fatalf("status %d, next ran %d times; want %d, %v", rec.Code, next.calls, tc.status, tc.nextRuns)
			}
			for k, v := range tc.want {
				if got := strings.Join(rec.Header().Values(k), ", "); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// TestCORSKeepsVary checks that cors adds to Vary rather than replacing
// what an outer handler set.
func TestCORSKeepsVary(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Vary", "Accept-Encoding")
	req := httptest.NewRequest("GET", "/tiles/vehicles/12/3370/1714.mvt", nil)
	req.Header.Set("Origin", "https://gis.example.gov.cn")
	cors(&okHandler{}, []string{"https://gis.example.gov.cn"}).ServeHTTP(rec, req)
	if got := rec.Header().Values("Vary"); !slices.Equal(got, []string{"Accept-Encoding", "Origin"}) {
		t.Fatalf("Vary = %q", got)
	}
}

func TestParseOrigins(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		err      string // a part of the error; "" for none
	}{
		{"empty", "", nil, ""},
		{"blank", "  ", nil, ""},
		{"one", "https://gis.example.gov.cn", []string{"https://gis.example.gov.cn"}, ""},
		{"several, spaced", " https://a.example , http://localhost:5173 ", []string{"https://a.example", "http://localhost:5173"}, ""},
		{"case and default ports", "HTTPS://GIS.Example.gov.cn:443,http://A.example:80", []string{"https://gis.example.gov.cn", "http://a.example"}, ""},
		{"other ports kept", "https://a.example:80,http://a.example:443", []string{"https://a.example:80", "http://a.example:443"}, ""},
		{"duplicates dropped", "https://a.example,https://a.example:443,HTTPS://a.example", []string{"https://a.example"}, ""},
		{"IPv4", "http://127.0.0.1:8080", []string{"http://127.0.0.1:8080"}, ""},
		{"IPv6", "http://[::1]:8080,https://[2001:DB8::1]", []string{"http://[::1]:8080", "https://[2001:db8::1]"}, ""},
		{"any", "*", []string{"*"}, ""},
		{"any, spaced", " * ", []string{"*"}, ""},
		{"any with others", "*,https://a.example", nil, "must stand alone"},
		{"trailing slash", "https://a.example/", nil, "no path"},
		{"path", "https://a.example/app", nil, "no path"},
		{"no scheme", "a.example", nil, "scheme"},
		{"scheme-relative", "//a.example", nil, "scheme"},
		{"other scheme", "ftp://a.example", nil, "scheme"},
		{"javascript", "javascript:alert(1)", nil, "scheme"},
		{"no host", "https://", nil, "no host"},
		{"query", "https://a.example?x=1", nil, "query"},
		{"empty query", "https://a.example?", nil, "query"},
		{"fragment", "https://a.example#top", nil, "fragment"},
		{"user", "https://u:p@a.example", nil, "no user"},
		{"wildcard subdomain", "https://*.example.com", nil, "wildcards"},
		{"port 0", "https://a.example:0", nil, "port"},
		{"port too big", "https://a.example:65536", nil, "port"},
		{"port leading zero", "https://a.example:08080", nil, "port"},
		{"empty port", "https://a.example:", nil, "port"},
		{"space in host", "https://a b.example", nil, "space"},
		{"non-ASCII host", "https://政务.中国", nil, "xn--"},
		{"punycode host", "https://xn--3bs795g.xn--fiqs8s", []string{"https://xn--3bs795g.xn--fiqs8s"}, ""},
		{"empty element", "https://a.example,,https://b.example", nil, "origin 2"},
		{"trailing comma", "https://a.example,", nil, "origin 2"},
		{"double dot", "https://a..example", nil, "host"},
		{"hyphen label", "https://-a.example", nil, "host"},
		{"underscore", "https://a_b.example", nil, "host"},
		{"null", "null", nil, "scheme"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseOrigins(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "server: --cors-origins") {
					t.Fatalf("ParseOrigins(%q) = %q, %v; want an error about %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("ParseOrigins(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestWSOriginPatterns checks the patterns against the matching
// coder/websocket does: path.Match of the pattern, lowercased, with the
// Origin's scheme://host.
func TestWSOriginPatterns(t *testing.T) {
	match := func(patterns []string, origin string) bool {
		for _, p := range patterns {
			if ok, err := path.Match(strings.ToLower(p), strings.ToLower(origin)); err != nil {
				t.Fatalf("pattern %q: %v", p, err)
			} else if ok {
				return true
			}
		}
		return false
	}
	cases := []struct {
		name    string
		origins []string
		origin  string
		ok      bool
	}{
		{"listed", []string{"https://gis.example.gov.cn"}, "https://gis.example.gov.cn", true},
		{"other scheme", []string{"https://gis.example.gov.cn"}, "http://gis.example.gov.cn", false},
		{"other port", []string{"http://127.0.0.1:5173"}, "http://127.0.0.1:5174", false},
		{"IPv6", []string{"http://[::1]:8080"}, "http://[::1]:8080", true},
		{"IPv6 brackets are not a class", []string{"http://[::1]:8080"}, "http://:8080", false},
		{"none", nil, "https://gis.example.gov.cn", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := match(wsOriginPatterns(tc.origins), tc.origin); got != tc.ok {
				t.Fatalf("%q admits %s: %v, want %v", wsOriginPatterns(tc.origins), tc.origin, got, tc.ok)
			}
		})
	}
	if p := wsOriginPatterns([]string{"*"}); !slices.Equal(p, []string{"*"}) {
		t.Fatalf("any origin gives %q", p)
	}
	if p := wsOriginPatterns(nil); p != nil {
		t.Fatalf("no origins give %q, want nil", p)
	}
}
