package cli

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/aclprobe/aclprobe/internal/testenv"
)

// The online dry run against moto: the read-only preflight runs, the rule
// number is chosen from the real ACL and shown in place, and the ACL is
// exactly as before afterwards.
func TestIntegrationDryRunOnline(t *testing.T) {
	testenv.MotoURL(t)
	e := newStagingEnv(t)
	path := e.writePlan("2s", "52.94.0.12/32", "203.0.113.0/24")

	f, out, errOut := testFactory()
	if err := runDryRun(context.Background(), dryRunOptions(f, path, false)); err != nil {
		t.Fatalf("dry run: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	for _, want := range []string{
		"Mode              online: read-only preflight against " + e.acl,
		"+ egress rule 99 deny all 52.94.0.12/32",
		"+    99  deny   all   52.94.0.12/32",
		"+    99  deny   all   203.0.113.0/24",
		"   100  allow  all   0.0.0.0/0",
		"Preflight checks",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out.String(), "FAIL") {
		t.Errorf("a preflight check failed:\n%s", out)
	}
	if after, afterTags := e.snapshot(); !reflect.DeepEqual(e.before, after) || !reflect.DeepEqual(e.beforeTags, afterTags) {
		t.Errorf("the dry run changed the ACL:\nbefore %v %v\nafter  %v %v", e.before, e.beforeTags, after, afterTags)
	}

	// A watched alarm in ALARM: the preview shows FAIL and exits 1.
	e.setAlarm("kinesis", cwtypes.StateValueAlarm)
	f, out, _ = testFactory()
	err := runDryRun(context.Background(), dryRunOptions(f, path, false))
	if code := exitCode(context.Background(), err, &strings.Builder{}); code != ExitFailure {
		t.Errorf("exit %d with an alarm in ALARM, want 1", code)
	}
	if !strings.Contains(out.String(), "FAIL") {
		t.Errorf("preview does not show the failed check:\n%s", out)
	}
}

// No free rule number below the first allow entry (the range would put
// the deny behind it, shadowed): the preview says so,
// the check fails, exit 1, and the ACL is untouched.
func TestIntegrationDryRunNoRuleNumber(t *testing.T) {
	testenv.MotoURL(t)
	e := newStagingEnv(t)
	path := e.writePlan("2s", "52.94.0.12/32")
	b := readFile(t, path)
	// Rules 100+ only; the range 150-160 is above the allow at 100.
	b = []byte(strings.Replace(string(b), "timing:", "deny:\n  rule_range: {from: 150, to: 160}\ntiming:", 1))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, out, _ := testFactory()
	err := runDryRun(context.Background(), dryRunOptions(f, path, false))
	if code := exitCode(context.Background(), err, &strings.Builder{}); code != ExitFailure {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"FAIL", "the deny would be shadowed: allow entry 100 allow all 0.0.0.0/0", "none fits this ACL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	if after, _ := e.snapshot(); !reflect.DeepEqual(e.before, after) {
		t.Errorf("ACL changed: %v -> %v", e.before, after)
	}
}
