package pgtest

import "syscall"

// procAttr runs a server process with cred (when not nil) and kills it
// when the test binary dies, so that a test killed by a timeout leaves no
// server behind.
func procAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}
}
