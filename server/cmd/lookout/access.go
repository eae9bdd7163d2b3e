package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"lookout/layers"
	"lookout/layers/access"
)

// demoTokenName names the admin token `lookout demo` makes at each start.
const demoTokenName = "demo"

// startAccess loads the store's tokens and starts the audit trail. In demo
// mode it also makes a new admin token, returned with its secret for the
// demo UI and the simulator. The demo tokens of earlier starts stay valid,
// so that a map left open across a restart reconnects; revoke them with
// `lookout token revoke`.
func startAccess(ctx context.Context, store layers.Store, demo bool, log *slog.Logger, stderr io.Writer) (*access.Keyring, *access.Trail, demoSecrets, error) {
	as, ok := store.(access.Store)
	if !ok {
		return nil, nil, demoSecrets{}, errors.New("the store keeps no tokens")
	}
	k, err := access.NewKeyring(ctx, as)
	if err != nil {
		return nil, nil, demoSecrets{}, err
	}
	trail := access.NewTrail(as, log)
	if !demo {
		if len(k.List()) == 0 {
			log.Warn("no API tokens yet: every request is refused (401); create one with `lookout token create --name NAME --role admin`")
		}
		return k, trail, demoSecrets{}, nil
	}
	now := time.Now()
	var sim string
	t, secret, err := k.Create(ctx, demoTokenName, layers.RoleAdmin, "", now)
	if err != nil {
		trail.Close()
		return nil, nil, demoSecrets{}, fmt.Errorf("demo token: %w", err)
	}
	// Printed whatever the log level: the one way to learn it.
	fmt.Fprintf(stderr, "demo admin token %s: %s\n(the demo UI uses it; API clients send it as \"Authorization: Bearer …\")\n", t.ID, secret)
	return k, trail, demoSecrets{UI: secret, Sim: sim}, nil
}

// demoSecrets are the tokens of a demo: the UI's (printed) and the
// simulator's, which has a rate bucket of its own.
type demoSecrets struct{ UI, Sim string }

// bearer adds a token to every request of a client: the simulator's.
type bearer struct {
	secret string
	next   http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.secret)
	return b.next.RoundTrip(r)
}

// withToken makes rt send the token in LOOKOUT_TOKEN, for the subcommands
// that are clients of a running server (import, load); rt as it is when
// the variable is not set.
func withToken(rt http.RoundTripper) http.RoundTripper {
	if t := os.Getenv("LOOKOUT_TOKEN"); t != "" {
		return bearer{t, rt}
	}
	return rt
}
