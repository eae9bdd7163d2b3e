package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"lookout/data/chongqing"
	"lookout/layers"
	"lookout/layers/access"
	"lookout/server"
)

const tokenUsage = `usage:
  lookout token create --name NAME --role forest|fleet|market|custody|command|admin [--district CODE]
  lookout token list
  lookout token revoke ID
The store is the one lookout serve uses: --data-dir (LOOKOUT_DATA_DIR) or
--database-url (DATABASE_URL). A running server sees a new or revoked
token within 10 s.`

// tokenCmd is `lookout token`: it makes, lists and revokes API tokens in
// the store. A new token's secret is printed once; the store keeps only
// its hash.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(tokenUsage)
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, tokenUsage); fs.PrintDefaults() }
	var cfg server.Config
	storeFlags(fs, &cfg)
	name := fs.String("name", "", "whom the token is for (create)")
	role := fs.String("role", "", "forest, fleet, market, custody, command or admin (create)")
	district := fs.String("district", "", "6-digit district code the token is limited to (create; default all)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store, err := openExportStore(cfg, log)
	if err != nil {
		return err
	}
	defer store.Close()
	as, ok := store.(access.Store)
	if !ok {
		return errors.New("token: the store keeps no tokens")
	}
	k, err := access.NewKeyring(ctx, as)
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		return createToken(ctx, k, *name, *role, *district, stdout)
	case "list":
		return listTokens(k, stdout)
	case "revoke":
		if fs.NArg() != 1 {
			return errors.New("usage: lookout token revoke ID")
		}
		t, err := k.Revoke(ctx, fs.Arg(0), time.Now())
		if err == nil {
			fmt.Fprintf(stdout, "revoked %s (%s, %s)\n", t.ID, t.Name, t.Role)
		}
		return err
	}
	return errors.New(tokenUsage)
}

func createToken(ctx context.Context, k *access.Keyring, name, role, district string, stdout io.Writer) error {
	if _, ok := chongqing.ByCode(district); district != "" && !ok {
		return fmt.Errorf("token: --district %q is not one of Chongqing's 38 district codes", district)
	}
	t, secret, err := k.Create(ctx, name, layers.Role(role), district, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n# token %s for %s, role %s%s: the secret above is shown only now\n", secret, t.ID, t.Name, t.Role,
		map[bool]string{true: ", district " + t.District, false: ""}[t.District != ""])
	return nil
}

func listTokens(k *access.Keyring, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tDISTRICT\tCREATED\tREVOKED")
	for _, t := range k.List() {
		revoked := ""
		if !t.Valid() {
			revoked = t.Revoked.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.District, t.Created.Format(time.RFC3339), revoked)
	}
	return tw.Flush()
}
