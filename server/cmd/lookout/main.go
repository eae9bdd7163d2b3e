// Command lookout is the Lookout spatial command server.
//
//	lookout serve [flags]   run the server on the configured store
//	lookout demo  [flags]   the same, seeding the Chongqing demo world into an empty store
//	lookout load tiles      load a running server with tile requests and report
//	lookout load ws         load it with WebSocket clients and ingest, and report latency
//	lookout import firms FILE.csv   write NASA FIRMS hot spots to a running server's hotspots layer
//	lookout export          write a layer or a set of tracks from the store as GeoJSON or GeoPackage
//	lookout token           create, list and revoke API tokens
//	lookout version         print the version
//
// Run `lookout serve -h` for the flags; each has an environment variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "lookout:", err)
		}
		os.Exit(2)
	}
}

const usage = `Lookout, a spatial command server.

Usage:
  lookout serve [flags]   run the server on the configured store
  lookout demo  [flags]   run it, seeding the Chongqing demo world into an empty store
  lookout import firms FILE.csv [--server URL] [--clip=true]
                          write a NASA FIRMS active-fire CSV to the hotspots layer
  lookout export --layer NAME | --tracks LAYER/ID,… [--from T --to T] [-o FILE.geojson|FILE.gpkg]
                          write a layer or tracks from the store (lookout export -h)
  lookout token create --name NAME --role ROLE [--district CODE] | list | revoke ID
                          manage the API tokens (the secret is printed once)
  lookout version         print the version

Run "lookout serve -h" for the flags and their environment variables.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], false, stderr)
	case "demo":
		return serve(ctx, args[1:], true, stderr)
	case "load":
		http.DefaultTransport = withToken(http.DefaultTransport)
		switch {
		case len(args) > 1 && args[1] == "tiles":
			return loadTiles(ctx, args[2:], stdout, stderr)
		case len(args) > 1 && args[1] == "ws":
			return loadWS(ctx, args[2:], stdout, stderr)
		}
		return fmt.Errorf("usage: lookout load tiles|ws [flags]")
	case "import":
		http.DefaultTransport = withToken(http.DefaultTransport)
		return importCmd(ctx, args[1:], stdout, stderr)
	case "export":
		return exportCmd(ctx, args[1:], stdout, stderr)
	case "token":
		return tokenCmd(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "lookout", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
