package layers_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyCellsImportsH3 checks that h3-go (cgo) is imported directly by
// spatial/cells alone; everything else reaches H3 through it.
func TestOnlyCellsImportsH3(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "lookout/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if strings.Contains(imports, "github.com/uber/h3-go") && pkg != "lookout/spatial/cells" {
			t.Errorf("%s imports h3-go directly", pkg)
		}
	}
}

// TestOnlyPostGISImportsPgx checks that the PostgreSQL driver is imported
// by the PostGIS store (and its test cluster helper) alone.
func TestOnlyPostGISImportsPgx(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "lookout/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if strings.Contains(imports, "github.com/jackc/pgx") && !strings.HasPrefix(pkg, "lookout/data/postgis") {
			t.Errorf("%s imports pgx directly", pkg)
		}
	}
}

// TestImportsRunOneWay checks the layering the design promises: the spatial
// core and the domain import no HTTP, database or WebSocket code, and only
// spatial/cells imports h3-go.
func TestImportsRunOneWay(t *testing.T) {
	cases := []struct {
		name      string
		pkgs      []string
		forbidden []string
	}{
		{"core, domain and tiles stay pure", []string{"lookout/spatial/...", "lookout/layers/...", "lookout/tiles/..."},
			[]string{"net/http", "database/sql", "github.com/jackc/pgx", "github.com/mattn/go-sqlite3", "websocket", "lookout/server", "lookout/data"}},
		{"the hub knows no WebSocket", []string{"lookout/server/hub", "lookout/server/ingest"},
			[]string{"websocket"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"list", "-deps"}, tc.pkgs...)
			out, err := exec.Command("go", args...).CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, f := range tc.forbidden {
					if strings.HasPrefix(dep, f) || (f == "websocket" && strings.Contains(dep, f)) {
						t.Errorf("%v depends on %s", tc.pkgs, dep)
					}
				}
			}
		})
	}
}
