package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/run"
)

// A group run's report shows every window with the time it took, and a
// service target's members.
func TestReportStepsAndMembers(t *testing.T) {
	t0 := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	at := func(s int) *time.Time { x := t0.Add(time.Duration(s) * time.Second); return &x }
	kin := run.Break{Kind: "alarm", Name: "kinesis-errors"}
	res := &run.Results{RunID: "r", Outcome: run.OutcomeCompleted, StartedAt: t0, EndedAt: t0.Add(time.Hour), Leftovers: []run.Leftover{},
		Targets: []run.TargetResult{
			{CIDR: "52.94.0.1/32", CIDRs: []string{"52.94.0.1/32", "52.94.0.2/32"}, Label: "KINESIS", Verdict: run.VerdictBroke, BrokenBy: []run.Break{kin}, Step: 2},
			{CIDR: "203.0.113.9/32", Label: "idle", Verdict: run.VerdictNoImpact, BrokenBy: []run.Break{}, Step: 3, DeniedWith: []string{"203.0.113.10/32"}},
			{CIDR: "203.0.113.10/32", Label: "idle", Verdict: run.VerdictNoImpact, BrokenBy: []run.Break{}, Step: 3, DeniedWith: []string{"203.0.113.9/32"}},
		},
		Steps: []run.StepResult{
			{CIDRs: []string{"52.94.0.1/32", "52.94.0.2/32", "203.0.113.9/32"}, Targets: []int{1, 2}, AppliedAt: at(0), RemovedAt: at(12), Outcome: run.StepBroke, BrokenBy: []run.Break{kin}},
			{CIDRs: []string{"52.94.0.1/32", "52.94.0.2/32"}, Targets: []int{1}, AppliedAt: at(100), RemovedAt: at(109), Outcome: run.StepBroke, BrokenBy: []run.Break{kin}},
			{CIDRs: []string{"203.0.113.9/32", "203.0.113.10/32"}, Targets: []int{2, 3}, AppliedAt: at(200), RemovedAt: at(500), Outcome: run.StepClean, BrokenBy: []run.Break{}},
		}}
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		var b bytes.Buffer
		if err := Render(&b, &Input{Results: res}, format); err != nil {
			t.Fatal(err)
		}
		out := strings.ReplaceAll(b.String(), "&#43;", "+") // html/template escapes +
		for _, want := range []string{"Steps", "52.94.0.1/32 + 52.94.0.2/32", "5m00s", "✗ broke", "✓ clean", "alarm kinesis-errors"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q", format, want)
			}
		}
	}
}
