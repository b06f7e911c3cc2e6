package cli

// The migration commands: compare (the after-effect), analyze --cost (the
// price) and propose with impact --rules (the locked-down rule set).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
)

// natDest is one destination of a day of NAT gateway flow logs from
// 10.20.10.11: flows records, spread over the day, that add up to packets
// and bytes.
type natDest struct {
	addr                  string
	flows, packets, bytes int
}

// writeNATDay writes dests as a day's flow log file (DAY.log) under a
// fresh dir and returns the dir.
func writeNATDay(t *testing.T, day string, dests []natDest) string {
	t.Helper()
	return writeFiles(t, map[string][]byte{day + ".log": natDay(t, day, dests)})
}

// natDay is the flow log file of dests on day (YYYY-MM-DD).
func natDay(t *testing.T, day string, dests []natDest) []byte {
	t.Helper()
	start, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	// The first and last records pin each day's span to the same 24 hours.
	for _, d := range dests {
		for i := range d.flows {
			p, by := d.packets/d.flows, d.bytes/d.flows
			if i == d.flows-1 { // the remainder on the last record
				p, by = d.packets-p*(d.flows-1), d.bytes-by*(d.flows-1)
			}
			at := start.Add(time.Duration(i) * (24*time.Hour - time.Minute) / time.Duration(max(d.flows-1, 1)))
			fmt.Fprintf(&b, "2 111122223333 eni-0f1e2d3c4b5a69788 10.20.10.11 %s %d 443 6 %d %d %d %d ACCEPT OK\n",
				d.addr, 40000+i, p, by, at.Unix(), at.Add(time.Minute).Unix())
		}
	}
	return []byte(b.String())
}

// The NAT story's after-effect: Kinesis and Datadog moved to a VPC
// endpoint and PrivateLink, so they no longer appear in the NAT gateway's
// flow logs. What is left is exactly half the packets and 18% of the
// bytes: compare must print -50.0% and -82.0%.
func TestCompareNATStory(t *testing.T) {
	kinesis := natDest{"52.94.216.17", 40, 300, 500_000}
	datadog := natDest{"3.233.146.10", 20, 200, 320_000}
	partner := natDest{"203.0.113.45", 50, 400, 150_000}
	sftp := natDest{"198.51.100.20", 10, 100, 30_000}
	before := writeNATDay(t, "2025-11-20", []natDest{kinesis, datadog, partner, sftp})
	after := writeNATDay(t, "2025-12-04", []natDest{partner, sftp})

	// The README's compare example is this command.
	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runRoot(t, "compare", before, after, "--src-cidr", "10.20.0.0/16", "--by", "dstaddr", "--sort", "bytes", "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.Check(t, "compare/nat-story."+format, []byte(out))
			if strings.Contains(errOut, "per day") {
				t.Errorf("equal spans were normalised per day:\n%s", errOut)
			}
		})
	}

	out, errOut, code := runRoot(t, "compare", before, after, "--by", "dstaddr", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Total map[string]*float64 `json:"total"`
		Rows  []map[string]any    `json:"rows"`
		Extra map[string]any      `json:"-"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	for key, want := range map[string]float64{"packets_before": 1000, "packets_after": 500, "packets_change_pct": -50.0,
		"bytes_before": 1_000_000, "bytes_after": 180_000, "bytes_change_pct": -82.0, "flows_before": 120, "flows_after": 60} {
		if got := doc.Total[key]; got == nil || *got != want {
			t.Errorf("total.%s = %v, want %v", key, got, want)
		}
	}
	if len(doc.Rows) != 4 {
		t.Fatalf("%d rows, want 4 (the moved destinations stay, at -100%%)", len(doc.Rows))
	}
	for _, r := range doc.Rows {
		if r["dstaddr"] == kinesis.addr && (r["bytes_after"] != 0.0 || r["bytes_change_pct"] != -100.0) {
			t.Errorf("kinesis row %v, want bytes_after 0 and -100.0%%", r)
		}
	}
}

// A week against a day is normalised per day, and says so.
func TestComparePerDay(t *testing.T) {
	day := writeNATDay(t, "2025-12-04", []natDest{{"203.0.113.45", 10, 700, 7000}})
	days := map[string][]byte{}
	for i := range 7 {
		d := time.Date(2025, 11, 20+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		days[d+".log"] = natDay(t, d, []natDest{{"203.0.113.45", 10, 700, 7000}})
	}
	week := writeFiles(t, days)
	out, errOut, code := runRoot(t, "compare", week, day, "--by", "dstaddr", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "every number is per day") {
		t.Errorf("stderr does not say the numbers are per day:\n%s", errOut)
	}
	var doc struct {
		Total  map[string]*float64 `json:"total"`
		PerDay bool                `json:"per_day"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// Both sides carry the same traffic per day (the week's total is 7
	// times the day's), so per day the change is about zero.
	if !doc.PerDay || doc.Total["packets_change_pct"] == nil || *doc.Total["packets_change_pct"] > 1 || *doc.Total["packets_change_pct"] < -1 {
		t.Errorf("per_day %v, packets change %v: want per-day numbers about equal", doc.PerDay, doc.Total["packets_change_pct"])
	}
}

func TestCompareErrors(t *testing.T) {
	dir := writeNATDay(t, "2025-12-04", []natDest{{"203.0.113.45", 2, 20, 2000}})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one side", []string{"compare", dir}, "accepts 2 arg(s)"},
		{"bad format", []string{"compare", dir, dir, "--format", "yaml"}, `--format "yaml": want table, csv, json`},
		{"stdin", []string{"compare", "-", dir}, "not stdin"},
		{"identify", []string{"compare", dir, dir, "--identify"}, "label the rows with analyze"},
		{"athena", []string{"compare", dir, dir, "--engine", "athena"}, "compare reads two sets of sources with the local engine"},
		{"bad by", []string{"compare", dir, dir, "--by", "dst-addr"}, "did you mean dstaddr?"},
		{"missing side", []string{"compare", dir, filepath.Join(dir, "nope")}, "after"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runRoot(t, tc.args...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// costDay is a day (exactly 24 hours of evidence) of NAT gateway traffic:
// 2 GiB to S3 and 1 GiB to a partner, in records that carry
// pkt-dst-aws-service.
func costDay(t *testing.T) string {
	t.Helper()
	t0 := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC).Unix()
	var b strings.Builder
	b.WriteString("version srcaddr dstaddr dstport protocol packets bytes start end action log-status pkt-dst-aws-service\n")
	fmt.Fprintf(&b, "5 10.20.0.10 52.218.0.10 443 6 1000 %d %d %d ACCEPT OK S3\n", 1<<30, t0, t0+600)
	fmt.Fprintf(&b, "5 10.20.0.10 52.218.0.10 443 6 1000 %d %d %d ACCEPT OK S3\n", 1<<30, t0+86400-600, t0+86400)
	fmt.Fprintf(&b, "5 10.20.0.10 203.0.113.45 443 6 1000 %d %d %d ACCEPT OK -\n", 1<<30, t0+3600, t0+4200)
	return writeFile(t, "natgw.log", b.String())
}

func TestAnalyzeCost(t *testing.T) {
	logs := costDay(t)
	out, errOut, code := runRoot(t, "analyze", logs, "--by", "dstaddr,pkt-dst-aws-service", "--cost", "--region", "eu-west-1", "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// 2 GiB a day is 60 GB a month: $2.88 at eu-west-1's $0.048/GB; 1 GiB: $1.44.
	wantCSV := "dstaddr,pkt-dst-aws-service,flows,packets,bytes,nat_usd_month\n52.218.0.10,S3,2,2000,2147483648,2.88\n203.0.113.45,-,1,1000,1073741824,1.44\n"
	if out != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", out, wantCSV)
	}
	for _, want := range []string{
		"cost: the 2 rows shown carry 90.0 GB/month through the NAT gateway (24h0m0s of evidence scaled to 30 days): $4.32/month of data processing at $0.048/GB (eu-west-1)",
		"cost: Amazon S3 (com.amazonaws.eu-west-1.s3): a gateway endpoint costs nothing: it saves the NAT gateway's $2.88/month on the 60.0 GB/month you send",
		"an estimate from the observed traffic",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
	// --since noon keeps the last S3 record: 1 GiB in the 12 hours
	// counted is 60 GB a month, not 30 (the file spans 24 hours).
	out, errOut, code = runRoot(t, "analyze", logs, "--by", "dstaddr", "--cost", "--region", "eu-west-1", "--since", "2025-12-04T12:00:00Z", "--format", "csv")
	if want := "dstaddr,flows,packets,bytes,nat_usd_month\n52.218.0.10,1,1000,1073741824,2.88\n"; code != 0 || out != want {
		t.Errorf("csv with --since: exit %d:\n%s\nwant:\n%s\n%s", code, out, want, errOut)
	}
	if want := "(12h0m0s of evidence scaled to 30 days)"; !strings.Contains(errOut, want) {
		t.Errorf("stderr does not say %q:\n%s", want, errOut)
	}
	out, _, code = runRoot(t, "analyze", logs, "--by", "dstaddr", "--cost", "--region", "eu-west-1", "--nat-price-gb", "0.1", "--format", "json")
	if code != 0 || !strings.Contains(out, `"nat_usd_month": 6.00`) {
		t.Errorf("json with --nat-price-gb 0.1: exit %d:\n%s", code, out)
	}
}

func TestAnalyzeCostErrors(t *testing.T) {
	logs := costDay(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"price without --cost", []string{"--nat-price-gb", "0.05"}, "--nat-price-gb needs --cost"},
		{"no region", []string{"--cost"}, "--cost needs the region"},
		{"unknown region", []string{"--cost", "--region", "me-south-1"}, `no built-in prices for region "me-south-1"`},
		{"zero AZs", []string{"--cost", "--region", "eu-west-1", "--azs", "0"}, "--azs 0: want at least 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("AWS_REGION", "")
			t.Setenv("AWS_DEFAULT_REGION", "")
			t.Setenv("AWS_CONFIG_FILE", "/nonexistent")
			out, errOut, code := runRoot(t, append([]string{"analyze", logs}, tc.args...)...)
			if code != ExitFailure || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
}

// The nat_usd_month column in analyze's table and JSON forms (the CSV
// form is spelled out in TestAnalyzeCost).
func TestAnalyzeCostGolden(t *testing.T) {
	logs := costDay(t)
	for _, format := range []string{"table", "json"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runRoot(t, "analyze", logs, "--by", "dstaddr,pkt-dst-aws-service", "--cost", "--region", "eu-west-1", "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.Check(t, "cost/analyze."+format, []byte(out))
		})
	}
}

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
  {"RuleNumber": 32767, "Egress": false, "Protocol": "-1", "CidrBlock": "0.0.0.0/0", "RuleAction": "deny"},
  {"RuleNumber": 32768, "Egress": true, "Protocol": "-1", "Ipv6CidrBlock": "::/0", "RuleAction": "deny"},
  {"RuleNumber": 32768, "Egress": false, "Protocol": "-1", "Ipv6CidrBlock": "::/0", "RuleAction": "deny"}]}]}`)
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
