package run

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/probe/probetest"
)

// While CloudWatch does not answer, the deny entry must come off at the
// end of its window, not after the SDK has given up retrying: every
// observation in the window is bounded by the window's end, and one the
// end cuts off is missing evidence (never no-impact).
func TestWindowEndDoesNotWaitForObservations(t *testing.T) {
	const window = 10 * time.Second // as long as the 10 s alarms need, so a quiet window can be no-impact
	inc, no, br := VerdictInconclusive, VerdictNoImpact, VerdictBroke
	tests := []struct {
		name string
		// answerFirst: the poll right after the deny answers; CloudWatch
		// stalls from the next one on.
		answerFirst, breaks bool
		// stallAfter > 0: CloudWatch answers until this long after the
		// deny, then stalls.
		stallAfter time.Duration
		verdicts   []string
		brokenBy   []string
		reason     string
	}{
		{name: "stalls from the first poll: inconclusive", verdicts: []string{inc, no, no}, brokenBy: []string{},
			reason: "nothing was seen failing, but the window's last observation was cut off by its end"},
		{name: "answers once, then stalls: inconclusive", answerFirst: true, verdicts: []string{inc, no, no}, brokenBy: []string{},
			reason: "the end of the window is unobserved"},
		{name: "stalls only in the last poll interval: observed, no-impact", stallAfter: window - 1500*time.Millisecond,
			verdicts: []string{no, no, no}, brokenBy: []string{}},
		{name: "a break seen before the stall stays broke", answerFirst: true, breaks: true, verdicts: []string{br, no, no},
			brokenBy: []string{"alarm kinesis-errors"}, reason: "the window's last observation was cut off by its end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			w.plan.Timing.Window = plan.Duration(window)
			if tc.breaks {
				w.simulate(kinesis)
			}
			var createdAt, deletedAt time.Time
			sim := w.ec2.After
			w.ec2.After = func(op string, in any) {
				if sim != nil {
					sim(op, in)
				}
				switch in.(type) {
				case *ec2.CreateNetworkAclEntryInput:
					if w.denied(kinesis.cidr) && createdAt.IsZero() {
						createdAt = w.clock.Now()
					}
				case *ec2.DeleteNetworkAclEntryInput:
					if !w.denied(kinesis.cidr) && !createdAt.IsZero() && deletedAt.IsZero() {
						deletedAt = w.clock.Now()
					}
				}
			}
			var deadlines []time.Time
			w.cw.Stall = func(ctx context.Context) error {
				if !w.denied(kinesis.cidr) || tc.answerFirst && w.clock.Now().Equal(createdAt) ||
					tc.stallAfter > 0 && w.clock.Now().Before(createdAt.Add(tc.stallAfter)) {
					return nil
				}
				dl, ok := ctx.Deadline()
				if !ok {
					t.Error("DescribeAlarms during the window without a deadline")
				}
				deadlines = append(deadlines, dl)
				// The SDK's retries: 10 attempts, each timing out after 5s.
				for range 10 {
					if err := w.clock.Sleep(ctx, 5*time.Second); err != nil {
						return err
					}
				}
				return probetest.Throttling()
			}
			o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: t.TempDir(), RunID: "run-1", Owner: "tester@host"}
			res, err := Run(context.Background(), w.runDeps(), o)
			end := createdAt.Add(window)
			if deletedAt.IsZero() || deletedAt.After(end) {
				t.Fatalf("deny entry deleted %s after the window ended, want at its end", deletedAt.Sub(end))
			}
			if err != nil {
				t.Fatalf("Run: %v (%s)", err, reasons(res))
			}
			if len(deadlines) == 0 {
				t.Fatal("CloudWatch never stalled")
			}
			for _, dl := range deadlines {
				if dl.After(end) {
					t.Fatalf("observation deadline %s after the window's end", dl.Sub(end))
				}
			}
			var verdicts []string
			for _, tr := range res.Targets {
				verdicts = append(verdicts, tr.Verdict)
			}
			if !reflect.DeepEqual(verdicts, tc.verdicts) {
				t.Fatalf("verdicts %v, want %v (%s)", verdicts, tc.verdicts, reasons(res))
			}
			if got := breakNames(res.Targets[0].BrokenBy); !reflect.DeepEqual(got, tc.brokenBy) {
				t.Fatalf("broken_by %v, want %v", got, tc.brokenBy)
			}
			if !strings.Contains(res.Targets[0].Reason, tc.reason) {
				t.Fatalf("reason %q, want it to contain %q", res.Targets[0].Reason, tc.reason)
			}
			if tr := res.Targets[0]; tr.RemovedAt == nil || tr.RemovedAt.Sub(*tr.AppliedAt) != window {
				t.Fatalf("applied %v, removed %v: want the entry on for exactly the %s window", tr.AppliedAt, tr.RemovedAt, window)
			}
		})
	}
}

// An entry that shows up in DescribeNetworkAcls only after its window
// has ended was never observed in place: inconclusive, not no-impact.
func TestWindowNeverObservedIsInconclusive(t *testing.T) {
	w := newWorld()
	w.plan.Timing.Window = plan.Duration(3 * time.Second)
	w.plan.Targets = w.plan.Targets[:1]
	hidden := 0
	w.ec2.Before = func(op string, _ any) error {
		if op == acltest.OpDescribeNetworkAcls && w.denied(kinesis.cidr) && hidden < 4 {
			hidden++ // Apply checks once a second: seen 4s after the create
			return acltest.ServerError
		}
		return nil
	}
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: t.TempDir(), RunID: "run-1", Owner: "tester@host"}
	res, err := Run(context.Background(), w.runDeps(), o)
	if err != nil {
		t.Fatalf("Run: %v (%s)", err, reasons(res))
	}
	tr := res.Targets[0]
	if tr.Verdict != VerdictInconclusive || !strings.Contains(tr.Reason, "nothing was observed during it") {
		t.Fatalf("verdict %q (%s), want inconclusive: the window was never observed", tr.Verdict, tr.Reason)
	}
}
