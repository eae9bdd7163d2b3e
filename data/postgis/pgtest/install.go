// Package pgtest gives tests and benchmarks a real PostgreSQL/PostGIS
// server without docker: a throwaway cluster made with the installed
// initdb and postgres (Debian's /usr/lib/postgresql/15/bin) in a temporary
// directory, listening on 127.0.0.1 on a free port, or the server named by
// TEST_DATABASE_URL. Each test gets a fresh database with PostGIS.
//
// Without PostgreSQL or PostGIS installed, tests skip loudly; with
// LOOKOUT_REQUIRE_ALL=1 they fail instead, so that CI cannot pass by
// skipping.
package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// SkipMessage is what a test says when it cannot find PostgreSQL/PostGIS.
const SkipMessage = "!!! SKIPPED: PostgreSQL/PostGIS not found (apt-get install postgresql-15-postgis-3) !!!"

// binDirs are where the server binaries are looked for when LOOKOUT_PG_BIN
// does not name a directory: Debian's layout, newest supported first.
var binDirs = []string{"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"}

// install is a PostgreSQL installation with PostGIS, and the credentials
// its processes must run with.
type install struct {
	bin  string              // directory of initdb, postgres, pg_config
	cred *syscall.Credential // the postgres user's, when we are root; else nil
}

// findInstall finds the server binaries and checks that PostGIS is
// installed for them. It says why not when they are unusable.
func findInstall() (install, error) {
	dirs := binDirs
	if d := os.Getenv("LOOKOUT_PG_BIN"); d != "" {
		dirs = []string{d}
	}
	var in install
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			in.bin = d
			break
		}
	}
	if in.bin == "" {
		return in, fmt.Errorf("no initdb in %s", strings.Join(dirs, ", "))
	}
	out, err := exec.Command(filepath.Join(in.bin, "pg_config"), "--sharedir").Output()
	if err != nil {
		return in, fmt.Errorf("%s/pg_config --sharedir: %w", in.bin, err)
	}
	control := filepath.Join(strings.TrimSpace(string(out)), "extension", "postgis.control")
	if _, err := os.Stat(control); err != nil {
		return in, fmt.Errorf("PostGIS is not installed for %s: %w", in.bin, err)
	}
	if os.Geteuid() == 0 {
		if in.cred, err = postgresUser(); err != nil {
			return in, err
		}
	}
	return in, nil
}

// postgresUser returns the credentials of the postgres user, which initdb
// and postgres run as when the tests run as root (both refuse root).
func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root and there is no postgres user to run initdb as: %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("postgres user has uid %q gid %q", u.Uid, u.Gid)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

// command returns an exec.Cmd of one of the installation's programs, run
// as the postgres user when we are root.
func (in install) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(in.bin, name), args...)
	cmd.SysProcAttr = procAttr(in.cred)
	return cmd
}

// own hands dir to the user the server runs as.
func (in install) own(dir string) error {
	if in.cred == nil {
		return nil
	}
	return os.Chown(dir, int(in.cred.Uid), int(in.cred.Gid))
}
