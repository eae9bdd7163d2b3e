package frontend

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestAssetsRooted holds on a clean clone and after a build: the placeholder
// is always there, and the FS is rooted inside dist/, not at the package.
func TestAssetsRooted(t *testing.T) {
	a := Assets()
	if _, err := fs.Stat(a, ".gitkeep"); err != nil {
		t.Fatalf("dist/.gitkeep missing from the embedded files (the build must restore it): %v", err)
	}
	if _, err := fs.Stat(a, "dist"); err == nil {
		t.Fatal("Assets() is rooted at the package, not at dist/")
	}
	_, err := fs.Stat(a, "index.html")
	if got, want := err == nil, Built(); got != want {
		t.Fatalf("Built() = %v but index.html present = %v", want, got)
	}
}

// TestBuiltApp checks a real build: index.html references only relative
// assets that exist in the FS, nothing from the network, and a file server
// over Assets() serves the page at "/".
func TestBuiltApp(t *testing.T) {
	if !Built() {
		t.Skip("frontend not built (run `npm ci && npm run build` in frontend/)")
	}
	a := Assets()
	index, err := fs.ReadFile(a, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(index)
	if !strings.Contains(html, `id="map"`) {
		t.Error(`index.html has no id="map" element`)
	}
	// The wall runs offline: no scripts, styles or fonts from elsewhere.
	if m := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).FindString(html); m != "" {
		t.Errorf("index.html loads something from the network: %s", m)
	}
	refs := regexp.MustCompile(`(?:src|href)="\./([^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(refs) < 2 {
		t.Errorf("expected a script and a stylesheet in index.html, found %d references", len(refs))
	}
	for _, r := range refs {
		if _, err := fs.Stat(a, r[1]); err != nil {
			t.Errorf("index.html references %s, which is not embedded: %v", r[1], err)
		}
	}

	srv := httptest.NewServer(http.FileServerFS(a))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `id="map"`) {
		t.Errorf("GET / = %d, want 200 with the app page", res.StatusCode)
	}
}
