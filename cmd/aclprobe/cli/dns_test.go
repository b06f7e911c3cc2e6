package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleDNS = sampleDir + "dns/"

// TestAnalyzeSampleDNSJoin checks the join on the sample's facts: the
// bastion's name for a Datadog address is never listed (it has no flows),
// Kinesis is labelled from its name, and a NAT gateway leg (its own
// address as the source, which asks nothing) gets no name.
func TestAnalyzeSampleDNSJoin(t *testing.T) {
	out, errOut, code := runRoot(t, "analyze", sampleDir, "--dns-logs", sampleDNS, "--top", "0", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "status.vendor.example") {
		t.Error("a name only the bastion resolved is listed")
	}
	var kinesis, natLeg bool
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "10.20.10.11,10.20.10.11,10.20.0.10,99.80.33.7,") {
			kinesis = strings.HasSuffix(l, ",KINESIS (eu-west-1),dns,kinesis.eu-west-1.amazonaws.com")
		}
		if strings.HasPrefix(l, "10.20.0.10,10.20.0.10,99.80.33.7,99.80.33.7,") {
			natLeg = strings.HasSuffix(l, ",AMAZON,pkt-dst-aws-service,-")
		}
	}
	if !kinesis || !natLeg {
		t.Errorf("kinesis row labelled from its name: %v; NAT leg without names: %v\n%s", kinesis, natLeg, out)
	}
}

func TestDNSFlagErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"window without logs", []string{"analyze", sampleDir, "--dns-window", "1h"}, "--dns-window needs --dns-logs"},
		{"negative window", []string{"analyze", sampleDir, "--dns-logs", sampleDNS, "--dns-window", "-1h"}, "--dns-window"},
		{"stdin flow logs", []string{"analyze", "-", "--dns-logs", sampleDNS}, "stdin"},
		{"missing query log", []string{"analyze", sampleDir, "--dns-logs", "nope/"}, "--dns-logs nope/: no such file"},
		{"empty directory", []string{"analyze", sampleDir, "--dns-logs", empty}, "no query log files"},
		{"glob without match", []string{"analyze", sampleDir, "--dns-logs", dir + "/*.jsonl"}, "matches no file"},
		{"no destination in the grouping", []string{"analyze", sampleDir, "--dns-logs", sampleDNS, "--by", "srcaddr"}, "group by a destination"},
		{"impact too", []string{"impact", sampleDir, "--block", "0.0.0.0/0", "--dns-logs", "nope/"}, "--dns-logs nope/"},
		{"plan generate too", []string{"plan", "generate", sampleDir, "--region", "eu-west-1", "--acl", "acl-0a1b2c3d4e5f60718",
			"--account", "111122223333", "--alarm", "a", "--dns-logs", "nope/", "-o", filepath.Join(dir, "p.yaml")}, "--dns-logs nope/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, tc.args...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q: want exit 1, no output and %q", code, out, errOut, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "p.yaml")); err == nil {
		t.Error("plan generate wrote a plan after a bad --dns-logs")
	}
}

// TestPlanGenerateByServiceDNS: with the sample's query logs, Kinesis's
// and Datadog's addresses become one target each, their evidence names
// the names and the label's source.
func TestPlanGenerateByServiceDNS(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan.yaml")
	_, errOut, code := runRoot(t, "plan", "generate", sampleDir, "--dns-logs", sampleDNS, "--src-cidr", "10.20.0.0/16", "--nat-ip", "10.20.0.10",
		"--group-by", "service", "--region", "eu-west-1", "--acl", "acl-0a1b2c3d4e5f60718", "--account", "111122223333", "--alarm", "api-5xx", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b := readFile(t, out)
	plan := string(b)
	for _, want := range []string{
		"- cidrs: [99.80.33.7/32, 52.94.216.17/32, 52.94.218.40/32]\n    label: KINESIS (eu-west-1)",
		"service_source: dns\n      dns_names: [kinesis.eu-west-1.amazonaws.com]",
		"- cidrs: [107.21.15.22/32, 107.21.3.237/32, 107.20.16.111/32]\n    label: datadog",
		"dns_names: [http-intake.logs.datadoghq.com, api.datadoghq.com]",
		"names kinesis.eu-west-1.amazonaws.com;",
		"--dns-logs " + sampleDNS,
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
}

func TestImpactDNSNames(t *testing.T) {
	out, errOut, code := runRoot(t, "impact", sampleDir, "--block", "203.0.113.0/24", "--dns-logs", sampleDNS, "--format", "csv")
	if code != ExitFinding {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasSuffix(lines[0], ",dns_names") {
		t.Fatalf("header %q lacks dns_names", lines[0])
	}
	named := 0
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		want := ",api.partner.example"
		switch {
		case f[4] != "dst":
			want = ",-" // replies: the destination is the caller
		case f[0] == "10.20.0.10":
			want = ",-" // the NAT gateway's own leg: it asked nothing
		default:
			named++
		}
		if !strings.HasSuffix(l, want) {
			t.Errorf("row %q: want it to end in %q", l, want)
		}
	}
	if named == 0 {
		t.Error("no flow to the partner got its name")
	}
}

// TestDNSStrict: a malformed query log line is counted and named, and
// fatal with --strict.
func TestDNSStrict(t *testing.T) {
	bad := writeFile(t, "bad.jsonl", "not json\n")
	_, errOut, code := runRoot(t, "analyze", sampleDir, "--dns-logs", bad, "--top", "1")
	if code != 0 || !strings.Contains(errOut, "dns: 1 malformed line skipped") || !strings.Contains(errOut, bad+":1: not JSON") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	out, errOut, code := runRoot(t, "analyze", sampleDir, "--dns-logs", bad, "--strict")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "malformed line") {
		t.Errorf("--strict: exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
}
