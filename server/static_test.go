package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"lookout/server"
)

// TestFrontendRoutes checks how the embedded app is served: files as they
// are, client routes as index.html, a route with a trailing slash
// redirected, a missing file a 404 rather than the app.
func TestFrontendRoutes(t *testing.T) {
	w := openWorld(t)
	app := fstest.MapFS{"index.html": {Data: []byte("<html>app</html>")}, "assets/app-1.js": {Data: []byte("x")}}
	srv := httptest.NewServer(server.New(w, server.Options{Logger: quiet, Frontend: app}))
	t.Cleanup(srv.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cases := []struct {
		path     string
		status   int
		location string
	}{
		{"/", 200, ""},
		{"/assets/app-1.js", 200, ""},
		{"/dispatch", 200, ""},
		{"/dispatch/", 301, "/dispatch"},
		{"/dispatch/assets/app-1.js", 404, ""},
		{"/assets/gone-2.js", 404, ""},
	}
	for _, tc := range cases {
		res, err := client.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d %q, want %d %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.status, tc.location)
		}
	}
}
