package cli

import (
	"context"
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
	e := newBlastEnv(t, map[string]string{"Environment": "staging"})
	path := e.writePlan("2s", "52.94.0.12/32", "203.0.113.0/24")
	before, beforeTags := e.snapshot()

	app, out, errOut := testApp()
	if err := runDryRun(context.Background(), app, path, false); err != nil {
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
	after, afterTags := e.snapshot()
	if !reflect.DeepEqual(before, after) || !reflect.DeepEqual(beforeTags, afterTags) {
		t.Errorf("the dry run changed the ACL:\nbefore %v %v\nafter  %v %v", before, beforeTags, after, afterTags)
	}

	// A watched alarm in ALARM: the preview shows FAIL and exits 1.
	e.setAlarm("kinesis", cwtypes.StateValueAlarm)
	app, out, _ = testApp()
	err := runDryRun(context.Background(), app, path, false)
	if code := exitCode(context.Background(), err, &strings.Builder{}); code != ExitFailure {
		t.Errorf("exit %d with an alarm in ALARM, want 1", code)
	}
	if !strings.Contains(out.String(), "FAIL") {
		t.Errorf("preview does not show the failed check:\n%s", out)
	}
}
