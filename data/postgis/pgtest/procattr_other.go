//go:build !linux

package pgtest

import "syscall"

// procAttr runs a server process with cred (when not nil).
func procAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred}
}
