package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/internal/golden"
)

const examplePlan = "../../../plans/nat-top-talkers.yaml"

func TestPlanValidateCommand(t *testing.T) {
	good := readFile(t, examplePlan)
	bad := strings.Replace(string(good), "region: eu-west-1", "region: Ireland\n  colour: blue", 1)
	bad = strings.Replace(bad, "cidr: 52.218.48.3/32", "cidr: 52.218.48.3/24", 1)
	badPath := writeFile(t, "bad.yaml", bad)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    []string
		wantErrOut []string
	}{
		{"one good file", []string{examplePlan}, 0, []string{examplePlan + ": ok"}, nil},
		{"good and bad", []string{examplePlan, badPath}, 1, []string{examplePlan + ": ok"}, []string{
			badPath + ":22:3: target.colour: unknown key \"colour\"",
			"1 of 2 plan file(s) invalid",
		}},
		{"missing file", []string{"nope.yaml"}, 1, nil, []string{"plan nope.yaml: open nope.yaml"}},
		{"no file", nil, 1, nil, []string{"requires at least 1 arg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, append([]string{"plan", "validate"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout %q lacks %q", out, w)
				}
			}
			for _, w := range tt.wantErrOut {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
	// Every problem of the bad file at once: both, in file order.
	_, errOut, _ := runRoot(t, "plan", "validate", badPath)
	if !strings.Contains(errOut, "target.region: \"Ireland\"") || !strings.Contains(errOut, "is not canonical") {
		t.Errorf("stderr lacks a problem:\n%s", errOut)
	}
}

func TestPlanIAMPolicyCommand(t *testing.T) {
	out, errOut, code := runRoot(t, "plan", "iam-policy", examplePlan)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden.Check(t, "plan/iam-policy.golden.json", []byte(out))
}

func TestRunDryRunOffline(t *testing.T) {
	f, out, errOut := testFactory()
	if err := runDryRun(context.Background(), dryRunOptions(f, examplePlan, true)); err != nil {
		t.Fatalf("runDryRun: %v\n%s", err, errOut)
	}
	golden.Check(t, "plan/dryrun-offline.golden", out.Bytes())
}

// noAWSEnv is an environment in which the SDK finds no credentials and
// asks no metadata service for them.
var noAWSEnv = []string{"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_PROFILE=", "AWS_REGION=",
	"AWS_DEFAULT_REGION=", "AWS_WEB_IDENTITY_TOKEN_FILE=", "AWS_CONTAINER_CREDENTIALS_FULL_URI=", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=",
	"AWS_ENDPOINT_URL=", "AWS_CONFIG_FILE=" + os.DevNull, "AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull, "AWS_EC2_METADATA_DISABLED=true"}

// A CI gate `aclprobe run plan.yaml --dry-run` means "run the preflight":
// without AWS access it must fail and point at --offline, not quietly
// preview offline and pass.
func TestBinaryDryRunWithoutAWSAccessFails(t *testing.T) {
	out, errOut, code := runBinary(t, noAWSEnv, "run", examplePlan, "--dry-run")
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{"no AWS access", "the read-only preflight checks cannot run", "--dry-run --offline"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	if out != "" {
		t.Errorf("stdout = %q, want no preview", out)
	}
	// --offline is the way to the preview without AWS.
	out, errOut, code = runBinary(t, noAWSEnv, "run", examplePlan, "--dry-run", "--offline")
	if code != ExitOK || !strings.Contains(out, "Mode              offline (--offline)") {
		t.Fatalf("--offline: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func TestRunDryRunBadPlanPrintsNothing(t *testing.T) {
	f, out, _ := testFactory()
	path := writeFile(t, "bad.yaml", "apiVersion: aclprobe/v1\nname: x\n")
	err := runDryRun(context.Background(), dryRunOptions(f, path, true))
	if code := exitCode(context.Background(), err, &bytes.Buffer{}); code != ExitFailure {
		t.Errorf("exit %d, want 1 (err %v)", code, err)
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", out)
	}
	if err == nil || !strings.Contains(err.Error(), "target.region: missing") {
		t.Errorf("err = %v, want every problem listed", err)
	}
}

func TestRunDryRunRegionMismatch(t *testing.T) {
	f, _, _ := testFactory()
	f.AWS.Region = "us-east-1"
	err := runDryRun(context.Background(), dryRunOptions(f, examplePlan, false))
	if err == nil || !strings.Contains(err.Error(), "--region us-east-1 contradicts the plan's target.region eu-west-1") {
		t.Errorf("err = %v", err)
	}
}

// A duplicate key in a plan is one problem with both lines, not a list of
// unrelated "missing" keys.
func TestBinaryPlanValidateDuplicateKey(t *testing.T) {
	good := readFile(t, examplePlan)
	lines := strings.SplitAfter(string(good), "\n")
	nameLine := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "name: ") {
			nameLine = i + 1
			break
		}
	}
	if nameLine == 0 {
		t.Fatal("the example plan has no top-level name")
	}
	dup := strings.Replace(string(good), "\ntarget:\n", "\nname: again\ntarget:\n", 1)
	path := writeFile(t, "dup.yaml", dup)
	dupLine := strings.Count(dup[:strings.Index(dup, "name: again")], "\n") + 1
	out, errOut, code := runBinary(t, nil, "plan", "validate", path)
	if code != ExitFailure {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	want := fmt.Sprintf("%s:%d:1: name: duplicate key \"name\" (first at line %d)", path, dupLine, nameLine)
	if !strings.Contains(errOut, want) || strings.Count(errOut, path+":") != 1 {
		t.Fatalf("stdout %q\nstderr:\n%s\nwant only %q", out, errOut, want)
	}
}
