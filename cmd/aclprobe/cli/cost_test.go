package cli

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/golden"
)

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
