package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runBinary runs the built aclprobe binary with args in the package
// directory, stdin from /dev/null (as under cron or systemd), the test's
// environment plus env, and returns stdout, stderr and the exit code.
func runBinary(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return execBinary(t, nil, env, args...)
}

// runBinaryStdin runs the built aclprobe with args and stdin, and returns
// its output and exit code: what a user's shell sees.
func runBinaryStdin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return execBinary(t, strings.NewReader(stdin), nil, args...)
}

// execBinary runs the built aclprobe with args, stdin (nil: /dev/null)
// and the test's environment plus env.
func execBinary(t *testing.T, stdin io.Reader, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(aclprobeBinary(t), args...)
	cmd.Stdin = stdin
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("aclprobe %v: %v", args, err)
	}
	return out.String(), errOut.String(), exitCodeOf(err)
}
