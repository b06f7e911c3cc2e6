package cli

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// runBinary runs the built aclprobe binary with args in the package
// directory, stdin from /dev/null (as under cron or systemd), the test's
// environment plus env, and returns stdout, stderr and the exit code.
func runBinary(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(aclprobeBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("aclprobe %v: %v", args, err)
	}
	return out.String(), errOut.String(), exitCodeOf(err)
}
