package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

func tested(tr run.TargetResult) run.TargetResult {
	a := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	r := a.Add(2 * time.Minute)
	tr.AppliedAt, tr.RemovedAt, tr.WindowSeconds = &a, &r, 120
	return tr
}

func evid(service, source string, bytes int64) *plan.Evidence {
	return &plan.Evidence{Flows: 100, Bytes: bytes, Service: service, ServiceSource: source, TopSources: []string{"10.0.0.1"}}
}

func TestRecommend(t *testing.T) {
	broke := []run.Break{{Kind: "alarm", Name: "checkout-5xx", DetectedAfter: 30}}
	// big is the other target in every case, so that shares are meaningful.
	big := tested(run.TargetResult{CIDR: "198.51.100.0/24", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("", "", 10<<30)})
	tests := []struct {
		name       string
		target     run.TargetResult
		wantAction []string // actions for target, in order
		wantDetail string   // detail of the first recommendation
		wantReason string   // substring of the first reason
	}{
		{"s3 from ip-ranges broke: gateway endpoint",
			tested(run.TargetResult{CIDR: "3.5.64.0/21", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("S3", "ip-ranges", 5<<30)}),
			[]string{ActionGatewayEndpoint}, "com.amazonaws.eu-west-1.s3", "no hourly"},
		{"dynamodb from the flow record, no impact: gateway endpoint, not a block",
			tested(run.TargetResult{CIDR: "52.119.240.0/21", Verdict: run.VerdictNoImpact, Evidence: evid("DYNAMODB", "pkt-dst-aws-service", 100)}),
			[]string{ActionGatewayEndpoint}, "com.amazonaws.eu-west-1.dynamodb", "nothing broke"},
		{"kinesis named by the label only: interface endpoint",
			tested(run.TargetResult{CIDR: "52.94.216.0/21", Label: "kinesis streams", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("AMAZON", "ip-ranges", 1<<30)}),
			[]string{ActionInterfaceEndpoint}, "com.amazonaws.eu-west-1.kinesis-streams", "interface endpoint"},
		{"cloudwatch logs hostname: logs endpoint",
			tested(run.TargetResult{CIDR: "52.94.0.0/24", Verdict: run.VerdictNoImpact, Evidence: evid("logs.eu-west-1.amazonaws.com", "rdns", 1<<30)}),
			[]string{ActionInterfaceEndpoint}, "com.amazonaws.eu-west-1.logs", "CloudWatch Logs"},
		{"ecr: both ecr endpoints",
			tested(run.TargetResult{CIDR: "52.95.130.0/24", Label: "api.ecr.eu-west-1", Verdict: run.VerdictNoImpact, Evidence: evid("AMAZON", "ip-ranges", 1<<30)}),
			[]string{ActionInterfaceEndpoint}, "com.amazonaws.eu-west-1.ecr.api and ecr.dkr", "ECR"},
		{"datadog vendor range: privatelink",
			tested(run.TargetResult{CIDR: "3.233.146.0/24", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("datadog", "vendor:datadog", 1<<30)}),
			[]string{ActionPrivateLink}, "", "Datadog"},
		{"datadog monitoring label is a vendor, not CloudWatch",
			tested(run.TargetResult{CIDR: "3.233.147.0/24", Label: "datadog monitoring", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 1<<30)}),
			[]string{ActionPrivateLink}, "", "Datadog"},
		{"EC2 instance range is not an AWS API: no endpoint, big: investigate",
			tested(run.TargetResult{CIDR: "54.0.0.0/24", Verdict: run.VerdictNoImpact, Evidence: evid("EC2", "ip-ranges", 3<<30)}),
			[]string{ActionInvestigate}, "", "something uses it"},
		{"generic AMAZON range: nothing to recommend but a block test result",
			tested(run.TargetResult{CIDR: "52.0.0.0/24", Verdict: run.VerdictNoImpact, Evidence: evid("AMAZON", "ip-ranges", 100)}),
			[]string{ActionBlockCandidate}, "", "little traffic"},
		{"no impact, little traffic: candidate to block",
			tested(run.TargetResult{CIDR: "203.0.113.10/32", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 400_000)}),
			[]string{ActionBlockCandidate}, "", "little traffic"},
		{"no impact, under one percent but over 1 MiB: candidate to block",
			tested(run.TargetResult{CIDR: "203.0.113.11/32", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 50<<20)}),
			[]string{ActionBlockCandidate}, "", "0.5%"},
		{"no impact without evidence: investigate, never block",
			tested(run.TargetResult{CIDR: "203.0.113.12/32", Verdict: run.VerdictNoImpact}),
			[]string{ActionInvestigate}, "", "no traffic evidence"},
		{"no impact but never applied: retest, never block",
			run.TargetResult{CIDR: "203.0.113.13/32", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 10)},
			[]string{ActionRetest}, "", "never both applied and removed"},
		{"broke with tiny traffic and no private path: keep allowed, never block",
			tested(run.TargetResult{CIDR: "203.0.113.14/32", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("", "", 10)}),
			[]string{ActionKeepAllowed}, "", "alarm checkout-5xx"},
		{"inconclusive with tiny traffic: retest, never block",
			tested(run.TargetResult{CIDR: "203.0.113.15/32", Verdict: run.VerdictInconclusive, Reason: "stop alarm flapped", Evidence: evid("", "", 10)}),
			[]string{ActionRetest}, "", "stop alarm flapped"},
		{"inconclusive sqs: endpoint and retest",
			tested(run.TargetResult{CIDR: "52.94.12.0/24", Label: "sqs.eu-west-1", Verdict: run.VerdictInconclusive, Reason: "interrupted", Evidence: evid("AMAZON", "ip-ranges", 10)}),
			[]string{ActionInterfaceEndpoint, ActionRetest}, "com.amazonaws.eu-west-1.sqs", "Amazon SQS"},
		{"unknown verdict: retest, never block",
			tested(run.TargetResult{CIDR: "203.0.113.16/32", Verdict: "", Evidence: evid("", "", 10)}),
			[]string{ActionRetest}, "", "not recorded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &run.Results{Region: "eu-west-1", Targets: []run.TargetResult{big, tc.target}}
			var got []Recommendation
			for _, r := range Recommend(res) {
				if r.Index == 2 {
					got = append(got, r)
				}
			}
			var actions []string
			for _, r := range got {
				actions = append(actions, r.Action)
			}
			if strings.Join(actions, ",") != strings.Join(tc.wantAction, ",") {
				t.Fatalf("actions = %v, want %v (%+v)", actions, tc.wantAction, got)
			}
			if got[0].Detail != tc.wantDetail {
				t.Errorf("detail = %q, want %q", got[0].Detail, tc.wantDetail)
			}
			if !strings.Contains(strings.ToLower(got[0].Reason), strings.ToLower(tc.wantReason)) {
				t.Errorf("reason = %q, want it to mention %q", got[0].Reason, tc.wantReason)
			}
			if got[0].CIDR != tc.target.CIDR || got[0].Verdict != tc.target.Verdict {
				t.Errorf("recommendation is for %s (%s), want %s (%s)", got[0].CIDR, got[0].Verdict, tc.target.CIDR, tc.target.Verdict)
			}
		})
	}
}

// TestNeverBlockUntested is the safety rule over every fixture and a
// sweep of verdicts and traffic: only a tested no-impact target may be a
// candidate to block.
func TestNeverBlockUntested(t *testing.T) {
	var all []run.TargetResult
	for _, v := range []string{run.VerdictBroke, run.VerdictInconclusive, run.VerdictNoImpact, "", "weird"} {
		for _, b := range []int64{0, 1, 1 << 10, 1 << 30} {
			for _, label := range []string{"", "s3", "old sftp", "datadog"} {
				tr := run.TargetResult{CIDR: "203.0.113.1/32", Label: label, Verdict: v, Evidence: evid("", "", b)}
				all = append(all, tr, tested(tr))
			}
		}
	}
	for _, fx := range fixtures {
		in, err := Load("testdata/" + fx)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, in.Results.Targets...)
	}
	for _, r := range Recommend(&run.Results{Targets: all}) {
		tr := all[r.Index-1]
		if r.Action == ActionBlockCandidate && (tr.Verdict != run.VerdictNoImpact || tr.AppliedAt == nil || tr.RemovedAt == nil) {
			t.Errorf("target %d (%s, verdict %q, applied %v) recommended for blocking", r.Index, tr.CIDR, tr.Verdict, tr.AppliedAt != nil)
		}
	}
}

// TestRecommendOrder: recommendations come by what they take off the NAT
// gateway, most first; ties and the actions that move nothing (keep
// allowed, test again, find out) keep findings order.
func TestRecommendOrder(t *testing.T) {
	broke := []run.Break{{Kind: "alarm", Name: "checkout-5xx", DetectedAfter: 30}}
	withSpan := func(e *plan.Evidence) *plan.Evidence { e.Span = "2026-11-14T00:00:00Z/2026-11-21T00:00:00Z"; return e }
	res := &run.Results{Region: "eu-west-1", Targets: []run.TargetResult{
		tested(run.TargetResult{CIDR: "203.0.113.1/32", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: evid("", "", 50<<30)}),                  // keep allowed: saves nothing
		tested(run.TargetResult{CIDR: "203.0.113.2/32", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 300<<10)}),                               // block: 300 KiB
		tested(run.TargetResult{CIDR: "3.5.64.0/21", Verdict: run.VerdictBroke, BrokenBy: broke, Evidence: withSpan(evid("S3", "ip-ranges", 7<<30))}), // 7 GiB
		tested(run.TargetResult{CIDR: "203.0.113.4/32", Verdict: run.VerdictInconclusive, Evidence: evid("", "", 10)}),                                // retest: nothing
		tested(run.TargetResult{CIDR: "52.119.240.0/21", Verdict: run.VerdictNoImpact, Evidence: evid("DYNAMODB", "ip-ranges", 9<<30)}),               // 9 GiB
		tested(run.TargetResult{CIDR: "203.0.113.6/32", Verdict: run.VerdictNoImpact, Evidence: evid("", "", 300<<10)}),                               // block: ties with 2
	}}
	var got []string
	for _, r := range Recommend(res) {
		got = append(got, fmt.Sprintf("%d:%s:%d", r.Index, r.Action, r.NATBytes))
	}
	want := []string{
		fmt.Sprintf("5:%s:%d", ActionGatewayEndpoint, 9<<30),
		fmt.Sprintf("3:%s:%d", ActionGatewayEndpoint, 7<<30),
		fmt.Sprintf("2:%s:%d", ActionBlockCandidate, 300<<10),
		fmt.Sprintf("6:%s:%d", ActionBlockCandidate, 300<<10),
		"1:" + ActionKeepAllowed + ":0",
		"4:" + ActionRetest + ":0",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
	recs := Recommend(res)
	if s, want := recs[1].Saves(), "Takes 7.0 GiB off the NAT gateway (its flow-log bytes from 2026-11-14T00:00:00Z to 2026-11-21T00:00:00Z)"; s != want {
		t.Errorf("Saves() = %q, want %q", s, want)
	}
	if s := recs[4].Saves(); s != "" {
		t.Errorf("keep allowed says %q, want nothing saved", s)
	}
}

func TestPriceEndpoint(t *testing.T) {
	week := "2026-11-14T00:00:00Z/2026-11-21T00:00:00Z"
	tests := []struct {
		name   string
		r      Recommendation
		region string
		want   string // substring; "" means no cost
	}{
		// 7 GiB a week is 30 GB a month: $1.44 of NAT data processing at $0.048.
		{"gateway endpoint", Recommendation{Action: ActionGatewayEndpoint, NATBytes: 7 << 30, Span: week}, "eu-west-1",
			"a gateway endpoint costs nothing: it saves the NAT gateway's $1.44/month on the 30.0 GB/month you send"},
		{"interface endpoint, span with 'to'", Recommendation{Action: ActionInterfaceEndpoint, NATBytes: 7 << 30,
			Span: "2026-11-14T00:00:00Z to 2026-11-21T00:00:00Z"}, "eu-west-1", "cheaper above 422.6 GB/month; you send 30.0 GB/month"},
		{"privatelink", Recommendation{Action: ActionPrivateLink, NATBytes: 7 << 30, Span: week}, "us-east-1", "cheaper above 417.1 GB/month"},
		{"a block is not priced", Recommendation{Action: ActionBlockCandidate, NATBytes: 7 << 30, Span: week}, "eu-west-1", ""},
		{"no span", Recommendation{Action: ActionGatewayEndpoint, NATBytes: 7 << 30}, "eu-west-1", ""},
		{"unknown region", Recommendation{Action: ActionGatewayEndpoint, NATBytes: 7 << 30, Span: week}, "xx-nowhere-1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := priceEndpoint(tc.r, tc.region)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("priceEndpoint = %q, want %q", got, tc.want)
			}
		})
	}
}
