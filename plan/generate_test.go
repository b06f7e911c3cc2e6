package plan

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/analysis"
	"github.com/aclprobe/aclprobe/internal/golden"
)

var t0 = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// natResult is an aggregate grouped by analysis.DefaultBy (pkt-srcaddr,
// srcaddr, dstaddr, pkt-dstaddr, dstport, pkt-dst-aws-service), shaped like
// the NAT gateway story: instances behind a NAT talking to Kinesis, S3,
// Datadog and a partner.
func natResult() *analysis.Result {
	row := func(pktSrc, dst, port, svc string, flows, pkts, bytes int64, h int) analysis.Row {
		return analysis.Row{Keys: []string{pktSrc, "10.0.1.10", "10.0.0.220", dst, port, svc},
			Flows: flows, Packets: pkts, Bytes: bytes, First: t0.Add(time.Duration(h) * time.Hour), Last: t0.Add(time.Duration(h+2) * time.Hour)}
	}
	return &analysis.Result{
		By: analysis.DefaultBy,
		Rows: []analysis.Row{
			row("10.0.1.5", "52.94.0.12", "443", "KINESIS", 900, 7000, 4_000_000, 0),
			row("10.0.1.6", "52.94.0.12", "443", "KINESIS", 300, 2000, 1_600_000, 1),
			row("10.0.1.5", "3.233.144.7", "443", "-", 700, 3000, 9_000_000, 2),
			row("10.0.2.9", "52.216.10.1", "443", "S3", 700, 9000, 2_000_000, 3),
			row("10.0.2.9", "198.51.100.20", "8443", "-", 40, 100, 20_000, 4),
			row("10.0.2.9", "198.51.100.21", "8443", "-", 30, 90, 10_000, 4),
			row("10.0.1.5", "10.20.30.40", "5432", "-", 500, 500, 50_000, 5),
			row("10.0.1.5", "100.64.3.3", "443", "-", 800, 800, 80_000, 5),
			row("10.0.1.7", "203.0.113.9", "123", "-", 3, 3, 300, 6),
			{Keys: []string{"-", "10.0.1.10", "-", "-", "-", "-"}, Flows: 5, Packets: 5, Bytes: 5},
		},
		Coverage: analysis.Coverage{Files: 2, Records: 3200, Matched: 3180, SkipData: 4, NoData: 10, Malformed: 1, First: t0, Last: t0.Add(24 * time.Hour)},
	}
}

func natOptions() GenerateOptions {
	probes, _ := ShortcutProbes([]string{"https://api.staging.internal/health"}, nil, nil, []string{"./smoke.sh --quick"})
	return GenerateOptions{
		Name: "nat-top-talkers", Region: "eu-west-1", ACL: "acl-0123456789abcdef0",
		Accounts: []string{"111122223333"}, RequireTags: map[string]string{"Environment": "staging"},
		Alarms: []string{"api-5xx"}, StopAlarms: []string{"payments-down"}, Probes: probes,
		Timing: Timing{Window: Duration(3 * time.Minute), Cooldown: Duration(time.Minute)},
		Top:    2, MinFlows: 10,
		Exclude: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		Targets: []string{"198.51.100.0/24"},
		Sources: []string{"flowlogs/natgw-a.log.gz", "flowlogs/natgw-b.log.gz"}, Filters: "--action ACCEPT",
		Now: time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC),
	}
}

// mustGenerate generates a plan from res and opts, failing the test on
// an error.
func mustGenerate(t *testing.T, res *analysis.Result, opts GenerateOptions) *Generated {
	t.Helper()
	g, err := Generate(res, opts)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// generateGolden generates a plan from res and opts, checks its YAML
// against the golden file name and returns both.
func generateGolden(t *testing.T, res *analysis.Result, opts GenerateOptions, name string) (*Generated, []byte) {
	t.Helper()
	g := mustGenerate(t, res, opts)
	b, err := g.YAML()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, name, b)
	return g, b
}

func TestGenerateGolden(t *testing.T) {
	_, b := generateGolden(t, natResult(), natOptions(), "generated-nat.golden.yaml")
	// The round trip: what generate writes, Parse reads back as valid.
	p, _, err := Parse(strings.NewReader(string(b)), "generated.yaml")
	if err != nil {
		t.Fatalf("generated plan does not parse: %v", err)
	}
	var cidrs []string
	for _, tg := range p.Targets {
		cidrs = append(cidrs, tg.CIDR)
	}
	if got, want := strings.Join(cidrs, " "), "52.94.0.12/32 3.233.144.7/32 198.51.100.0/24"; got != want {
		t.Errorf("targets = %s, want %s (flows, then bytes; excluded, below-min and top cut left out; manual last)", got, want)
	}
	if ev := p.Targets[2].Evidence; ev == nil || ev.Flows != 70 || p.Targets[2].Label != LabelManual {
		t.Errorf("manual target = %+v, want the 70 flows of 198.51.100.20 and .21 folded in", p.Targets[2])
	}
}

func TestGenerateIncludePrivate(t *testing.T) {
	opts := natOptions()
	opts.IncludePrivate = true
	g := mustGenerate(t, natResult(), opts)
	if got := g.Plan.Targets[1].CIDR; got != "100.64.3.3/32" {
		t.Errorf("second target = %s, want the shared-space 100.64.3.3/32 kept by IncludePrivate", got)
	}
}

func TestGenerateManualTargetsOnly(t *testing.T) {
	opts := natOptions()
	opts.Targets = []string{"203.0.113.7", "2001:db8::/64"}
	g, _ := generateGolden(t, nil, opts, "generated-manual.golden.yaml")
	if g.Plan.Targets[0].CIDR != "203.0.113.7/32" || g.Plan.Targets[0].Evidence != nil {
		t.Errorf("target = %+v", g.Plan.Targets[0])
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name string
		res  *analysis.Result
		edit func(*GenerateOptions)
		want string
	}{
		{"no sources and no targets", nil, func(o *GenerateOptions) { o.Targets = nil }, "nothing to target: give flow log sources"},
		{"bad manual target", nil, func(o *GenerateOptions) { o.Targets = []string{"10.0.0.1/8"} }, "--target: \"10.0.0.1/8\" is not canonical"},
		{"not grouped by destination", &analysis.Result{By: []string{"srcaddr"}}, func(*GenerateOptions) {}, "not grouped by a destination"},
		{"missing acl", natResult(), func(o *GenerateOptions) { o.ACL = "" }, "target.network_acl: missing"},
		{"max duration too short", natResult(), func(o *GenerateOptions) { o.Timing.MaxDuration = Duration(time.Minute) }, "timing.max_duration: 1m is shorter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := natOptions()
			tt.edit(&opts)
			_, err := Generate(tt.res, opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDerivedMaxDuration(t *testing.T) {
	for est, want := range map[time.Duration]time.Duration{0: 5 * time.Minute, 48 * time.Minute: 55 * time.Minute, 50 * time.Minute: 55 * time.Minute, 100 * time.Minute: 110 * time.Minute} {
		if got := derivedMaxDuration(est); got != want {
			t.Errorf("derivedMaxDuration(%s) = %s, want %s", est, got, want)
		}
	}
}
