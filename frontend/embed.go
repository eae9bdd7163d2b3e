// Package frontend embeds the built Lookout web app (the Vite build in dist/)
// so the server binary serves the map wall with no files beside it.
//
// Build it with `npm ci && npm run build` in this folder before `go build`.
// A clean clone has only the tracked placeholder dist/.gitkeep, which keeps
// the go:embed pattern valid; then Built reports false and the server should
// say how to build the frontend instead of serving an empty page.
package frontend

import (
	"embed"
	"io/fs"
)

// The all: prefix also embeds dotfiles; it is what lets dist/ hold nothing
// but .gitkeep on a clean clone without breaking compilation.
//
//go:embed all:dist
var dist embed.FS

// Assets returns the built files, rooted at dist/ (so "index.html" and
// "assets/..." are at the top), ready for http.FileServerFS.
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path name; "dist" is a constant.
		panic(err)
	}
	return sub
}

// Built reports whether the app was built before this binary was compiled,
// that is whether dist/index.html was embedded.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}
