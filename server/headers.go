package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// contentSecurityPolicy is the Content-Security-Policy of every answer,
// written for the embedded web app (frontend/) and nothing else: it loads
// scripts, styles, tiles, fonts and the live feed from this server only.
//
//   - script-src: the built modules, and by its hash the one inline script
//     of index.html (it sends /dispatch/ to /dispatch before the modules
//     load); TestCSPHashesInlineScripts fails when that script changes
//     without its hash here. No eval, no WebAssembly: h3-js is asm.js that
//     decodes its memory image itself, and ECharts draws on a canvas.
//   - worker-src, child-src blob: MapLibre GL starts its tile workers from
//     a blob: URL (child-src for browsers without worker-src).
//   - style-src 'unsafe-inline': MapLibre and ECharts set style attributes
//     on the elements they create.
//   - img-src data: blob: the stylesheets' inline SVG icons, the favicon
//     ("data:,") and images MapLibre makes from tile data.
//   - connect-src ws: wss: the live feed (/ws), for browsers that do not
//     count a same-origin WebSocket as 'self'.
//   - frame-ancestors, base-uri, object-src, form-action: no framing, no
//     <base> to re-root relative URLs, no plugins, forms post only here.
const contentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'sha256-ASesJ+pvnHY51kyg5knojPVNvecAXrPhT5gsJz+U9W0='; " +
	"style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self' ws: wss:; " +
	"worker-src blob:; " +
	"child-src blob:; " +
	"frame-ancestors 'none'; " +
	"base-uri 'none'; " +
	"object-src 'none'; " +
	"form-action 'self'"

// hstsMaxAge is the Strict-Transport-Security lifetime: a year, without
// includeSubDomains, since the server cannot know what else its domain
// serves over plain HTTP.
const hstsMaxAge = "max-age=31536000"

// securityHeaders sets, on every answer, the headers that keep a browser
// from doing more with it than the web app needs: the CSP above, no
// content sniffing, no referrer (tokens may travel in query strings), no
// framing (X-Frame-Options for browsers older than frame-ancestors), no
// geolocation, camera or microphone, and a browsing context of its own
// (Cross-Origin-Opener-Policy). Strict-Transport-Security is sent only when
// tls is true, when the server (or the proxy in front of it) answers over
// HTTPS: over plain HTTP browsers ignore it, and it would mislead.
//
// The headers are set before next runs, so a handler may still change one
// for its own answer.
func securityHeaders(next http.Handler, tls bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if tls {
			h.Set("Strict-Transport-Security", hstsMaxAge)
		}
		next.ServeHTTP(w, r)
	})
}

// What a cross-origin caller may do: the API's methods, the request
// headers it reads, how long a browser may cache a preflight's answer, and
// the answer headers a script may read besides the safelisted ones.
var (
	corsMethods       = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	corsHeaders       = []string{"Authorization", "Content-Type", "If-Match", "If-None-Match"}
	corsAllowMethods  = strings.Join(corsMethods, ", ")
	corsAllowHeaders  = strings.Join(corsHeaders, ", ")
	corsMaxAge        = "600"
	corsExposeHeaders = "ETag, Retry-After"
)

// cors lets web apps of other origins call the API, and only those named.
//
// With no origins it is closed: no answer carries a CORS header, so
// browsers keep other origins' scripts from reading anything, and a
// preflight (OPTIONS with Origin and Access-Control-Request-Method) is
// answered 403 without reaching next. Same-origin requests, and clients
// that are not browsers, are not affected: CORS restrains browsers only.
//
// With origins (exact, as ParseOrigins returns them), a request from one
// of them gets Access-Control-Allow-Origin naming it, with
// Access-Control-Allow-Credentials, and may read ETag and Retry-After; a
// preflight from one of them asking for an allowed method and allowed
// headers is answered 204 with what is allowed, cached for 10 minutes, and
// anything else 403. The single origin "*" allows any origin, answered "*"
// and without credentials (browsers refuse "*" with credentials). Answers
// carry Vary: Origin whenever they depend on it, so that caches keep them
// apart.
//
// A request from an origin not allowed still reaches next, without CORS
// headers: refusing to serve it would protect nothing, since the browser
// already withholds the answer from the page.
func cors(next http.Handler, origins []string) http.Handler {
	anyOrigin := slices.Contains(origins, "*")
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		allowed[o] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
		if len(origins) == 0 {
			if preflight {
				corsRefuse(w)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		if !anyOrigin {
			h.Add("Vary", "Origin")
		}
		ok := origin != "" && (anyOrigin || allowed[origin])
		if preflight {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			if !ok || !corsMethodAllowed(r.Header.Get("Access-Control-Request-Method")) ||
				!corsHeadersAllowed(r.Header.Values("Access-Control-Request-Headers")) {
				corsRefuse(w)
				return
			}
			corsAllowOrigin(h, origin, anyOrigin)
			h.Set("Access-Control-Allow-Methods", corsAllowMethods)
			h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
			h.Set("Access-Control-Max-Age", corsMaxAge)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if ok {
			corsAllowOrigin(h, origin, anyOrigin)
			h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
		}
		next.ServeHTTP(w, r)
	})
}

// corsAllowOrigin names the allowed origin in h: "*" for any (then
// without credentials), else the request's own.
func corsAllowOrigin(h http.Header, origin string, anyOrigin bool) {
	if anyOrigin {
		h.Set("Access-Control-Allow-Origin", "*")
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
}

// corsRefuse answers a preflight that is not allowed: 403, no CORS headers,
// a JSON body in the API's error form for whoever looks.
func corsRefuse(w http.ResponseWriter) {
	writeJSON(w, http.StatusForbidden, map[string]apiError{"error": {Status: http.StatusForbidden, Field: "Origin",
		Reason: "cross-origin requests from this origin are not allowed (--cors-origins)"}})
}

// corsMethodAllowed reports whether a preflight's requested method is one
// of corsMethods (methods are case-sensitive).
func corsMethodAllowed(m string) bool { return slices.Contains(corsMethods, m) }

// corsHeadersAllowed reports whether every header a preflight asks for
// (comma-separated, in one or more Access-Control-Request-Headers lines)
// is one of corsHeaders, case-insensitively.
func corsHeadersAllowed(lines []string) bool {
	for _, line := range lines {
		for name := range strings.SplitSeq(line, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !slices.ContainsFunc(corsHeaders, func(h string) bool { return strings.EqualFold(h, name) }) {
				return false
			}
		}
	}
	return true
}

// ParseOrigins reads the --cors-origins list: origins separated by commas,
// each scheme://host[:port] with scheme http or https and no path, query,
// fragment or user, exactly as a browser sends it in Origin; or the single
// "*" for any origin. Schemes and hosts are lowercased and default ports
// (80, 443) dropped, so that the result compares equal to what browsers
// send; duplicates are dropped. An empty list gives nil: CORS closed.
func ParseOrigins(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	parts := strings.Split(s, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "*" {
			if len(parts) > 1 {
				return nil, fmt.Errorf("server: --cors-origins %q: * allows any origin and must stand alone", s)
			}
			return []string{"*"}, nil
		}
		o, err := parseOrigin(p)
		if err != nil {
			return nil, fmt.Errorf("server: --cors-origins: origin %d %q: %s", i+1, p, err)
		}
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// parseOrigin checks and normalises one origin; its error is the reason
// alone.
func parseOrigin(s string) (string, error) {
	const want = "want scheme://host[:port], such as https://gis.example.gov.cn or http://127.0.0.1:5173"
	if s == "" {
		return "", fmt.Errorf("empty: %s", want)
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7f {
			return "", fmt.Errorf("has a space, control or non-ASCII character (write an internationalised host name in its xn-- form): %s", want)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("not a URL: %s", want)
	case u.Scheme != "http" && u.Scheme != "https": // url.Parse lowercases it
		return "", fmt.Errorf("scheme must be http or https: %s", want)
	case u.Opaque != "" || u.Host == "":
		return "", fmt.Errorf("no host: %s", want)
	case u.User != nil:
		return "", fmt.Errorf("an origin has no user: %s", want)
	case u.Path != "" || u.RawPath != "":
		return "", fmt.Errorf("an origin has no path, not even /: %s", want)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return "", fmt.Errorf("an origin has no query or fragment: %s", want)
	}
	scheme := u.Scheme
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.HasSuffix(u.Host, ":") {
		return "", fmt.Errorf("empty port: %s", want)
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return "", fmt.Errorf("port %q is not a number from 1 to 65535: %s", port, want)
		}
		if scheme == "http" && n == 80 || scheme == "https" && n == 443 {
			port = ""
		}
	}
	if !validHost(host) {
		return "", fmt.Errorf("host %q is not a host name or IP address (wildcards are not allowed: list each origin): %s", host, want)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6
	}
	if port != "" {
		return scheme + "://" + host + ":" + port, nil
	}
	return scheme + "://" + host, nil
}

// validHost reports whether h (lowercased, IPv6 without brackets) is a
// DNS name of letters, digits, hyphens and dots, or an IP address.
func validHost(h string) bool {
	if strings.Contains(h, ":") {
		return strings.Trim(h, "0123456789abcdef:.") == "" && strings.Count(h, ":") >= 2
	}
	if h == "" || len(h) > 253 || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..") {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		if strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return true
}

// wsOriginPatterns turns the CORS origins into the OriginPatterns of
// websocket.AcceptOptions, so that /ws admits the web apps the API does.
// The library matches a pattern holding "://" against the Origin's
// scheme://host[:port] with path.Match, so each origin becomes itself with
// path.Match's special characters escaped (the brackets of an IPv6
// address). "*" matches any origin; no origins give nil, the library's
// default of the request's own host only.
func wsOriginPatterns(origins []string) []string {
	var out []string
	for _, o := range origins {
		if o == "*" {
			return []string{"*"}
		}
		out = append(out, wsPatternEscaper.Replace(o))
	}
	return out
}

// wsPatternEscaper escapes what path.Match would read as a pattern.
var wsPatternEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`)
