package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

var planFlags = []string{"--acl", "acl-0a1b2c3d4e5f60718", "--account", "111122223333", "--require-tag", "Environment=staging",
	"--alarm", "staging-api-5xx-rate", "--stop-alarm", "staging-checkout-canary-failed", "--window", "3m", "--rule-range", "90-99",
	"--probe-http", "https://api.staging.example.internal/health", "--probe-tcp", "partner.example.com:443",
	"--probe-dns", "api.staging.example.internal", "--probe-cmd", "/opt/smoke/run --env 'staging eu'"}

func TestPlanGenerateFromFlowLogs(t *testing.T) {
	f, _, _ := testFactory()
	f.AWS.Region = "eu-west-1"
	out, errOut, err := generateWith(t, f, append([]string{"testdata/plan/natgw.log", "--action", "ACCEPT", "--exclude", "10.0.0.0/8", "--top", "3"}, planFlags...)...)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, errOut)
	}
	golden.Check(t, "plan/generated-natgw.golden.yaml", []byte(out))
	// The round trip without AWS: generate -> validate -> preview.
	path := writeFile(t, "plan.yaml", out)
	if o, e, code := runRoot(t, "plan", "validate", path); code != 0 {
		t.Errorf("generated plan does not validate: %s%s", o, e)
	}
	f, preview, _ := testFactory()
	if err := runDryRun(context.Background(), dryRunOptions(f, path, true)); err != nil {
		t.Fatalf("dry run of the generated plan: %v", err)
	}
	if !strings.Contains(preview.String(), "1/3  52.94.216.12/32  KINESIS") {
		t.Errorf("preview of the generated plan:\n%s", preview)
	}
}

func TestPlanGenerateIdentify(t *testing.T) {
	f, _, _ := testFactory()
	f.AWS.Region = "eu-west-1"
	out, errOut, err := generateWith(t, f, append([]string{"testdata/plan/natgw.log", "--identify", "--ip-ranges", "testdata/plan/ip-ranges.json",
		"--exclude", "10.0.0.0/8", "--top", "0"}, planFlags...)...)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, errOut)
	}
	for _, want := range []string{
		"label: EC2 (eu-west-1)\n", "service_source: ip-ranges", // 203.0.113.45 from the range file
		"label: AMAZON (us-east-1)\n",                             // 107.21.20.87: only the AMAZON range matches
		"label: KINESIS\n", "service_source: pkt-dst-aws-service", // the record's own label wins
		"Filters: --identify",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("generated plan lacks %q:\n%s", want, out)
		}
	}
}

func TestPlanGenerateManualTargetsToFile(t *testing.T) {
	f, _, _ := testFactory()
	f.AWS.Region = "eu-west-1"
	path := filepath.Join(t.TempDir(), "manual.yaml")
	_, errOut, err := generateWith(t, f, append([]string{"--target", "203.0.113.7", "--target", "198.51.100.0/24", "-o", path}, planFlags...)...)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if !strings.Contains(errOut, "wrote "+path+": 2 target(s)") {
		t.Errorf("stderr = %q", errOut)
	}
	b := readFile(t, path)
	golden.Check(t, "plan/generated-manual.golden.yaml", b)
}

func TestPlanGenerateErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"nothing to target", planFlags, "nothing to target: give flow log sources to rank, or --target CIDR"},
		{"bad rule range", append([]string{"--target", "203.0.113.7", "--rule-range", "9"}, planFlags[:4]...), `--rule-range "9": want FROM-TO`},
		{"bad tag", append([]string{"--target", "203.0.113.7", "--require-tag", "novalue"}, planFlags[:4]...), `--require-tag "novalue": want KEY=VALUE`},
		{"bad exclude", append([]string{"--target", "203.0.113.7", "--exclude", "x"}, planFlags[:4]...), `--exclude "x": want a CIDR`},
		{"bad probe command", append([]string{"--target", "203.0.113.7", "--probe-cmd", "'open"}, planFlags[:4]...), "--probe-cmd: command \"'open\" has an unterminated ' quote"},
		{"invalid plan", []string{"--target", "203.0.113.7", "--acl", "acl-0a1b2c3d4e5f60718"}, "guard.accounts: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := testFactory()
			f.AWS.Region = "eu-west-1"
			_, _, err := generateWith(t, f, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func generateWith(t *testing.T, f *Factory, args ...string) (string, string, error) {
	t.Helper()
	out, errOut := f.IOStreams.Out.(*bytes.Buffer), f.IOStreams.ErrOut.(*bytes.Buffer)
	cmd := NewCmdPlanGenerate(f, func(o *PlanGenerateOptions) error {
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC) }
		return runPlanGenerate(context.Background(), o)
	})
	cmd.SetArgs(args)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// plan generate -o FILE never replaces a plan someone may have reviewed
// or edited: an existing file is refused (exit 1, untouched) without
// --force.
func TestBinaryPlanGenerateRefusesOverwrite(t *testing.T) {
	const reviewed = "# a reviewed plan\n"
	path := writeFile(t, "plan.yaml", reviewed)
	args := append([]string{"plan", "generate", "--region", "eu-west-1", "--target", "203.0.113.7", "-o", path}, planFlags...)
	out, errOut, code := runBinary(t, nil, args...)
	if code != ExitFailure || out != "" || !strings.Contains(errOut, path+" already exists: pass --force to replace it") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and the refusal", code, out, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != reviewed {
		t.Fatalf("the existing file was changed:\n%s", b)
	}
	_, errOut, code = runBinary(t, nil, append(args, "--force")...)
	if code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "cidr: 203.0.113.7/32") {
		t.Fatalf("--force did not replace the file:\n%s", b)
	}
}

// A file that cannot be read to its end is not silently left out of a
// generated plan: stderr warns, and the plan's header says so for review.
func TestPlanGenerateNamesUnreadableFiles(t *testing.T) {
	good := readFile(t, "testdata/plan/natgw.log")
	gz := testenv.Gzip(t, good)
	dir := writeFiles(t, map[string][]byte{"a.log": good, "b.log.gz": gz[:len(gz)/2]})
	f, _, _ := testFactory()
	f.AWS.Region = "eu-west-1"
	out, errOut, err := generateWith(t, f, append([]string{dir, "--top", "3"}, planFlags...)...)
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "warning: 1 file could not be read to the end") || !strings.Contains(errOut, "b.log.gz") {
		t.Errorf("stderr does not name the unreadable file:\n%s", errOut)
	}
	if !strings.Contains(out, "# WARNING: 1 file(s) could not be read to the end") {
		t.Errorf("the plan's header does not name the unreadable file:\n%s", out)
	}
}
