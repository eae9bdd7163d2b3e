package server

import (
	"bytes"
	"html"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// frontend serves the embedded web app, answering index.html for paths
// that are not files (client-side routes such as /dispatch; /dispatch/ is
// redirected there, and a missing file with an extension is a 404). Built assets carry content hashes
// in their names, so they are cached for a year; index.html is revalidated.
func (s *Server) frontend() http.Handler {
	if s.opt.Frontend == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("Lookout is running; the web app was not built into this binary (run `make build`). The API is at /api/v1/layers.\n"))
		})
	}
	files := http.FileServerFS(s.opt.Frontend)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.writeError(w, r, &requestError{Field: "method", Reason: r.Method + " is not allowed here", Kind: errMethod})
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		if _, err := fs.Stat(s.opt.Frontend, name); err != nil {
			switch {
			case path.Ext(name) != "":
				// A missing file is a 404, not the app: a script tag
				// resolved against the wrong base must fail loudly.
				s.writeError(w, r, &requestError{Field: "path", Reason: "no such file: " + r.URL.Path, Kind: errNotFound})
				return
			case len(r.URL.Path) > 1 && strings.HasSuffix(r.URL.Path, "/"):
				// /dispatch/ is /dispatch: relative asset paths then resolve.
				http.Redirect(w, r, strings.TrimRight(r.URL.Path, "/"), http.StatusMovedPermanently)
				return
			}
			r = r.Clone(r.Context())
			r.URL.Path = "/"
			name = "index.html"
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if name == "index.html" && s.opt.DemoToken != "" {
			s.demoPage(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// demoPage serves index.html with the demo's admin token in a meta tag,
// which the web app uses when the address and local storage give none:
// `lookout demo` only, so that the demo UI works at once. A server outside
// demo mode never hands out a token.
func (s *Server) demoPage(w http.ResponseWriter, r *http.Request) {
	page, err := fs.ReadFile(s.opt.Frontend, "index.html")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	meta := `<meta name="lookout-token" content="` + html.EscapeString(s.opt.DemoToken) + `">`
	page = bytes.Replace(page, []byte("</head>"), []byte(meta+"</head>"), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(page)
}
