package cli

import (
	"bytes"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/internal/golden"
	"github.com/aclprobe/aclprobe/run"
)

// TestRunSummaryGolden renders the block that ends a run, plain and in
// colour, for a completed run where one target broke and for a stopped
// run that left its entry and lease behind.
func TestRunSummaryGolden(t *testing.T) {
	start := time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)
	rec := func(op, cidr string) acl.JournalRecord {
		return acl.JournalRecord{Op: op, ACL: "acl-0a1b", RuleNumber: 99, Egress: true, CIDR: cidr, Protocol: "-1", Action: "deny"}
	}
	exp := start.Add(time.Hour)
	cases := []struct {
		name string
		res  run.Results
		recs []acl.JournalRecord
	}{
		{name: "completed", res: run.Results{RunID: "20261121T200000Z-a1b2c3", StartedAt: start, EndedAt: start.Add(36 * time.Second),
			Outcome: run.OutcomeCompleted, Leftovers: []run.Leftover{},
			Targets: []run.TargetResult{
				{CIDR: "52.94.216.0/21", Label: "kinesis", Verdict: run.VerdictBroke, BrokenBy: []run.Break{
					{Kind: "alarm", Name: "kinesis-put-errors", DetectedAfter: 32, Detail: "alarm in ALARM: Threshold Crossed"},
					{Kind: "probe", Name: "api-health", DetectedAfter: 4.5, Detail: "status 500"}}},
				{CIDR: "3.5.64.0/21", Label: "s3", Verdict: run.VerdictNoImpact},
				{CIDR: "203.0.113.10/32", Label: "sftp", Verdict: run.VerdictInconclusive, Reason: "nothing failed during the window, but alarm x failed only after the entry was removed"},
			}},
			recs: []acl.JournalRecord{rec(acl.OpCreateIntent, acl.ProbeCIDR), rec(acl.OpCreateDone, acl.ProbeCIDR), rec(acl.OpDeleteDone, acl.ProbeCIDR),
				rec(acl.OpCreateDone, "52.94.216.0/21"), rec(acl.OpDeleteDone, "52.94.216.0/21"),
				rec(acl.OpCreateDone, "3.5.64.0/21"), rec(acl.OpDeleteDone, "3.5.64.0/21"),
				rec(acl.OpCreateDone, "203.0.113.10/32"), rec(acl.OpDeleteDone, "203.0.113.10/32")}},
		{name: "leftover", res: run.Results{RunID: "20261121T200000Z-d4e5f6", StartedAt: start, EndedAt: start.Add(2*time.Minute + 5*time.Second),
			Outcome: run.OutcomeStopped, Reason: "stop alarm checkout-canary in ALARM; could not be undone: deny entry 99 egress 52.94.216.0/21 on acl-0a1b",
			Targets: []run.TargetResult{{CIDR: "52.94.216.0/21", Label: "kinesis", Verdict: run.VerdictInconclusive, Reason: "stopped during the window"}},
			Leftovers: []run.Leftover{
				{Kind: run.LeftoverDenyEntry, ACL: "acl-0a1b", RuleNumber: 99, Egress: true, CIDR: "52.94.216.0/21",
					Command: "aws ec2 delete-network-acl-entry --region eu-west-1 --network-acl-id acl-0a1b --rule-number 99 --egress"},
				{Kind: run.LeftoverLeaseTag, ACL: "acl-0a1b", Tag: acl.LeaseTag, Expires: &exp,
					Command: "aclprobe recover --acl acl-0a1b --region eu-west-1 --force"}}},
			recs: []acl.JournalRecord{rec(acl.OpCreateDone, "52.94.216.0/21"), rec(acl.OpUndoFailed, "52.94.216.0/21")}},
	}
	for _, tc := range cases {
		for _, color := range []bool{false, true} {
			name := tc.name + map[bool]string{false: ".txt", true: ".ansi"}[color]
			t.Run(name, func(t *testing.T) {
				var b bytes.Buffer
				writeSummary(&b, style{color: color}, &tc.res, tc.recs, "runs/nat")
				golden.Check(t, "summary/"+name, b.Bytes())
			})
		}
	}
}
