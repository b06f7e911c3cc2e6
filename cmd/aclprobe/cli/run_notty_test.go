package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
)

// localOnlyEnv has no AWS credentials and points every AWS endpoint at a
// closed port on 127.0.0.1, so a test that went wrong reaches nothing.
var localOnlyEnv = append(append([]string{}, noAWSEnv...), "AWS_ENDPOINT_URL=http://127.0.0.1:1")

// Standard input from /dev/null (cron, systemd, CI) is a character device
// but not a terminal: run without --yes must refuse before any AWS call.
func TestBinaryRunStdinDevNullNeedsYes(t *testing.T) {
	out, errOut, code := runBinary(t, localOnlyEnv, "run", examplePlan, "--out", filepath.Join(t.TempDir(), "out"))
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "--yes required when not interactive") || out != "" {
		t.Fatalf("stdout %q, stderr %q; want the --yes refusal on stderr only", out, errOut)
	}
}

// testStdinDevNullRefused: the same against moto, where a run could
// change something: it refuses and the ACL, its tags and the output
// directory are as before.
func testStdinDevNullRefused(t *testing.T, e *blastEnv) {
	p := e.start("run", e.writePlan("3s", "203.0.113.7/32"), "--out", e.out) // exec's nil Stdin is /dev/null
	if code := p.wait(); code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), "--yes required when not interactive") {
		t.Fatalf("stderr does not ask for --yes:\n%s", p.stderr)
	}
	if _, ok := e.wantUnchanged(e.before, e.beforeTags)[acl.LeaseTag]; ok {
		t.Fatal("lease tag set")
	}
	if entries, _ := filepath.Glob(filepath.Join(e.out, "*")); len(entries) != 0 {
		t.Fatalf("output written: %v", entries)
	}
}
