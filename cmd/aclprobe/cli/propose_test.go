package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
)

// paymentLogs writes the payment subnet's flow logs (10.20.30.0/24): its
// two hosts call the provider's three addresses in 10.50.7.0/24 on 443 and
// the VPC resolver on 53/udp; each call is logged both ways on the ENI
// (the request leg and the reply leg). extra adds lines as they are.
func paymentLogs(t *testing.T, extra ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC).Unix()
	line := func(src, dst string, sp, dp, proto, i int) {
		fmt.Fprintf(&b, "2 111122223333 eni-0aa0000000000pay %s %s %d %d %d 10 4000 %d %d ACCEPT OK\n", src, dst, sp, dp, proto, t0+int64(i*60), t0+int64(i*60+60))
	}
	i := 0
	for _, host := range []string{"10.20.30.11", "10.20.30.12"} {
		for _, provider := range []string{"10.50.7.10", "10.50.7.11", "10.50.7.200"} {
			client := 40000 + i
			line(host, provider, client, 443, 6, i)
			line(provider, host, 443, client, 6, i)
			i++
		}
		line(host, "10.20.0.2", 50000+i, 53, 17, i)
		line("10.20.0.2", host, 53, 50000+i, 17, i)
		i++
	}
	// Traffic between the subnet's own hosts never crosses its ACL.
	line("10.20.30.11", "10.20.30.12", 41000, 8080, 6, i)
	// A scanner the old ACL already rejected is not a need.
	fmt.Fprintf(&b, "2 111122223333 eni-0aa0000000000pay 198.51.100.66 10.20.30.11 51515 22 6 1 40 %d %d REJECT OK\n", t0, t0+60)
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	return writeFile(t, "payment.log", b.String())
}

// The payment-path story from evidence: propose derives "allow only the
// provider's /24 on 443 (and DNS)" from the flow logs, impact --rules
// proves the proposal denies nothing observed (exit 0), and one flow
// nobody had seen before is denied (exit 3).
func TestProposeThenImpactRules(t *testing.T) {
	logs := paymentLogs(t)
	out, errOut, code := runRoot(t, "propose", logs, "--src-cidr", "10.20.30.0/24", "--direction", "egress", "--max-rules", "2")
	if code != 0 {
		t.Fatalf("propose: exit %d: %s", code, errOut)
	}
	golden.Check(t, "propose/payment.json", []byte(out))
	for _, want := range []string{"egress rule 110 allow tcp 10.50.7.0/24 ports 443-443", "connections", "replies",
		"not crossing the subnets' edge, so left out: 1 flows inside"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("propose stderr does not say %q:\n%s", want, errOut)
		}
	}
	rules := writeFile(t, "rules.json", out)

	_, errOut, code = runRoot(t, "impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", rules)
	if code != 0 || !strings.Contains(errOut, "verdict: the rule set would deny no observed flow") {
		t.Fatalf("impact --rules on the same flows: exit %d, want 0; stderr:\n%s", code, errOut)
	}

	t0 := time.Date(2025, 12, 4, 12, 0, 0, 0, time.UTC).Unix()
	newFlow := fmt.Sprintf("2 111122223333 eni-0aa0000000000pay 10.20.30.11 192.0.2.9 43210 443 6 5 700 %d %d ACCEPT OK", t0, t0+60)
	out, errOut, code = runRoot(t, "impact", paymentLogs(t, newFlow), "--src-cidr", "10.20.30.0/24", "--rules", rules, "--format", "csv")
	if code != ExitFinding {
		t.Fatalf("impact --rules with an unobserved flow: exit %d, want 3; stderr:\n%s", code, errOut)
	}
	want := "egress,10.20.30.11,192.0.2.9,43210,443,tcp,1,5,700,* (implicit deny)"
	if !strings.Contains(out, want) {
		t.Errorf("csv does not list the denied flow %q:\n%s", want, out)
	}
}

// A saved describe-network-acls answer is a rule set too: AWS's default
// ACL (allow all at 100, the final deny at 32767) denies nothing; the
// same with a deny for the provider's /24 before it denies the calls.
func TestImpactRulesDescribeNetworkAcls(t *testing.T) {
	logs := paymentLogs(t)
	answer := func(extra string) string {
		return writeFile(t, "acls.json", `{"NetworkAcls": [{"NetworkAclId": "acl-0a1b2c3d4e5f60718", "IsDefault": true, "VpcId": "vpc-1", "Entries": [`+extra+`
  {"RuleNumber": 100, "Egress": true, "Protocol": "-1", "CidrBlock": "0.0.0.0/0", "RuleAction": "allow"},
  {"RuleNumber": 32767, "Egress": true, "Protocol": "-1", "CidrBlock": "0.0.0.0/0", "RuleAction": "deny"},
  {"RuleNumber": 100, "Egress": false, "Protocol": "-1", "CidrBlock": "0.0.0.0/0", "RuleAction": "allow"},
  {"RuleNumber": 32767, "Egress": false, "Protocol": "-1", "CidrBlock": "0.0.0.0/0", "RuleAction": "deny"}]}]}`)
	}
	if _, errOut, code := runRoot(t, "impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", answer("")); code != 0 {
		t.Fatalf("allow-all: exit %d: %s", code, errOut)
	}
	deny := `{"RuleNumber": 90, "Egress": true, "Protocol": "6", "CidrBlock": "10.50.7.0/24", "PortRange": {"From": 0, "To": 65535}, "RuleAction": "deny"},`
	out, errOut, code := runRoot(t, "impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", answer(deny), "--format", "json")
	if code != ExitFinding || strings.Count(out, `"rule": "egress 90 deny tcp 10.50.7.0/24 ports 0-65535"`) != 6 {
		t.Fatalf("deny of the provider: exit %d, want 3 and 6 denied calls:\n%s\n%s", code, out, errOut)
	}
}

func TestProposeAndRulesErrors(t *testing.T) {
	logs := paymentLogs(t)
	bad := writeFile(t, "bad.json", `{"rules": [{"rule_number": 0, "egress": true, "protocol": "tcp", "cidr": "10.0.0.0/33", "port_from": 443, "port_to": 80, "action": "permit"}]}`)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"propose without subnet", []string{"propose", logs, "--max-rules", "2"}, "--src-cidr is required"},
		{"propose bad direction", []string{"propose", logs, "--src-cidr", "10.20.30.0/24", "--direction", "out"}, `--direction "out"`},
		{"propose zero rules", []string{"propose", logs, "--src-cidr", "10.20.30.0/24", "--max-rules", "0"}, "--max-rules 0: want at least 1"},
		{"propose bad format", []string{"propose", logs, "--src-cidr", "10.20.30.0/24", "--format", "yaml"}, `--format "yaml"`},
		{"propose too few rules", []string{"propose", logs, "--src-cidr", "10.20.30.0/24", "--direction", "egress", "--max-rules", "1"}, "needs at least 2"},
		{"propose nothing crosses", []string{"propose", logs, "--src-cidr", "172.16.0.0/16"}, "nothing to allow"},
		{"propose --top", []string{"propose", logs, "--src-cidr", "10.20.30.0/24", "--top", "3"}, "--top does not apply to propose"},
		{"rules with block", []string{"impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", bad, "--block", "0.0.0.0/0"}, "without --block"},
		{"rules without subnet", []string{"impact", logs, "--rules", bad}, "--rules needs --src-cidr"},
		{"rules file invalid", []string{"impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", bad}, "rule number 0"},
		{"rules file missing", []string{"impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", filepath.Join(t.TempDir(), "nope.json")}, "no such file"},
		{"rules not a rule set", []string{"impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", writeFile(t, "x.json", `{"a": 1}`)}, "not a rule set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, tc.args...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
	// Every problem of a rules file at once.
	_, errOut, _ := runRoot(t, "impact", logs, "--src-cidr", "10.20.30.0/24", "--rules", bad)
	for _, want := range []string{"rule number 0", `action "permit"`, `cidr "10.0.0.0/33"`, "ports 443-80"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not report %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(bad); err != nil {
		t.Fatal(err)
	}
}
