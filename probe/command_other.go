//go:build !unix

package probe

import "os/exec"

// killProcessGroup is a no-op where process groups do not exist: the
// timeout kills the process itself.
func killProcessGroup(*exec.Cmd) {}
