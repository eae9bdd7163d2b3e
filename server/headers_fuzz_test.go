package server

import (
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
)

// FuzzParseOrigins feeds ParseOrigins (--cors-origins) arbitrary text. It
// must never panic; it must refuse with an error naming the flag, or
// return "*" alone or origins that are each scheme://host[:port] as a
// browser sends them, that read back unchanged, and that the WebSocket
// origin patterns match exactly.
func FuzzParseOrigins(f *testing.F) {
	for _, s := range []string{
		"https://gis.example.gov.cn", "https://gis.example.gov.cn,http://127.0.0.1:5173", "HTTPS://A.example:443",
		"http://[::1]:8080", "*", " * ", "*,https://a.example", "https://a.example/", "https://*.example.com",
		"https://u:p@a.example", "https://a.example:08080", "https://政务.中国", "https://a.example?x#y", "", ",",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		origins, err := ParseOrigins(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "server: --cors-origins") {
				t.Fatalf("ParseOrigins(%q): error %v does not name the flag", s, err)
			}
			return
		}
		if slices.Contains(origins, "*") {
			if len(origins) != 1 {
				t.Fatalf("ParseOrigins(%q) = %q: * with others", s, origins)
			}
			return
		}
		for _, o := range origins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" ||
				u.RawQuery != "" || u.Fragment != "" || u.User != nil || o != strings.ToLower(o) ||
				strings.HasSuffix(o, ":443") && u.Scheme == "https" || strings.HasSuffix(o, ":80") && u.Scheme == "http" {
				t.Fatalf("ParseOrigins(%q) gave %q, not an origin as browsers send it", s, o)
			}
		}
		if len(origins) > 0 {
			again, err := ParseOrigins(strings.Join(origins, ","))
			if err != nil || !slices.Equal(again, origins) {
				t.Fatalf("ParseOrigins(%q) = %q reads back as %q, %v", s, origins, again, err)
			}
		}
		patterns := wsOriginPatterns(origins)
		for i, o := range origins {
			if ok, err := path.Match(strings.ToLower(patterns[i]), o); err != nil || !ok {
				t.Fatalf("pattern %q does not match its origin %q: %v", patterns[i], o, err)
			}
		}
	})
}
