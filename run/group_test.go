package run

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/plan"
)

// deniedCount is how many deny entries are on the fake's ACL.
func (w *world) deniedCount() int {
	n := 0
	for _, e := range w.ec2.ACL(testACL).Entries {
		if e.RuleAction == "deny" && aws.ToInt32(e.RuleNumber) != 32767 {
			n++
		}
	}
	return n
}

// breakWhen sets alarm to ALARM while every one of cidrs is denied and
// back to OK otherwise; it also tracks the most deny entries ever in place.
type breakWhen struct {
	alarm string
	cidrs []string
}

func (w *world) simulateAll(most *int, rules ...breakWhen) {
	w.ec2.After = func(op string, in any) {
		if _, ok := in.(*ec2.CreateNetworkAclEntryInput); ok {
			*most = max(*most, w.deniedCount())
		}
		for _, r := range rules {
			all := true
			for _, c := range r.cidrs {
				all = all && w.denied(c)
			}
			state := cwtypes.StateValueOk
			if all {
				state = cwtypes.StateValueAlarm
			}
			w.cw.SetAlarmState(r.alarm, state, op)
		}
	}
}

// cancelWhenDenied returns a context that is cancelled once n deny
// entries (not the DryRun check's) are on the fake's ACL.
func (w *world) cancelWhenDenied(t *testing.T, n int) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w.ec2.After = func(_ string, in any) {
		if c, ok := in.(*ec2.CreateNetworkAclEntryInput); ok && !aws.ToBool(c.DryRun) && w.deniedCount() == n {
			cancel()
		}
	}
	return ctx
}

func runWorld(t *testing.T, w *world, ctx context.Context) (*Results, []acl.JournalRecord, error) {
	t.Helper()
	dir := t.TempDir()
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "sha", OutDir: dir, RunID: "run-1", Owner: "me@host"}
	res, err := Run(ctx, w.runDeps(), o)
	return res, testenv.Journal(t, filepath.Join(dir, JournalFile)), err
}

func verdictsOf(res *Results) []string {
	var out []string
	for _, t := range res.Targets {
		out = append(out, t.Verdict)
	}
	return out
}

// A service target's CIDRs are denied together: an alarm that needs
// both denied breaks the service target, and neither CIDR alone.
func TestServiceTarget(t *testing.T) {
	both := breakWhen{alarm: "kinesis-errors", cidrs: []string{"203.0.113.7/32", "203.0.113.8/32"}}
	tests := []struct {
		name    string
		targets []plan.Target
		want    []string
	}{
		{"service target: both denied together break", []plan.Target{{CIDRs: both.cidrs, Label: "kinesis"}, {CIDR: "192.0.2.200/32"}},
			[]string{VerdictBroke, VerdictNoImpact}},
		{"the same CIDRs one at a time break nothing", []plan.Target{{CIDR: both.cidrs[0]}, {CIDR: both.cidrs[1]}},
			[]string{VerdictNoImpact, VerdictNoImpact}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld()
			w.plan.Targets = tt.targets
			before := entriesOf(w.ec2.ACL(testACL))
			most := 0
			w.simulateAll(&most, both)
			res, recs, err := runWorld(t, w, context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := verdictsOf(res); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("verdicts %v, want %v", got, tt.want)
			}
			if d := acl.Diff(before, entriesOf(w.ec2.ACL(testACL))); len(d) > 0 || len(acl.Pending(recs)) > 0 {
				t.Fatalf("ACL not as it began: %v; pending %v", d, acl.Pending(recs))
			}
			if _, leased := acl.LeaseValue(w.ec2.ACL(testACL).Tags); leased {
				t.Fatal("lease left")
			}
			if tt.targets[0].IsService() {
				checkService(t, res, recs, most)
			}
		})
	}
}

func checkService(t *testing.T, res *Results, recs []acl.JournalRecord, most int) {
	t.Helper()
	s := res.Targets[0]
	if !reflect.DeepEqual(s.CIDRs, []string{"203.0.113.7/32", "203.0.113.8/32"}) || len(s.RuleNumbers) != 2 || s.RuleNumbers[0] == s.RuleNumbers[1] {
		t.Errorf("service result cidrs %v rules %v", s.CIDRs, s.RuleNumbers)
	}
	if most != 2 {
		t.Errorf("at most %d entries in place, want the two members together", most)
	}
	// Both entries are journaled before either is made.
	var ops []string
	for _, r := range recs {
		if r.CIDR != "" && r.CIDR != acl.ProbeCIDR {
			ops = append(ops, r.Op+" "+r.CIDR)
		}
	}
	want := []string{"create-intent 203.0.113.7/32", "create-intent 203.0.113.8/32", "create-done 203.0.113.7/32", "create-done 203.0.113.8/32"}
	if len(ops) < 4 || !reflect.DeepEqual(ops[:4], want) {
		t.Errorf("journal %v, want %v first", ops, want)
	}
	if len(res.Steps) != 2 || res.Steps[0].Outcome != StepBroke || len(res.Steps[0].CIDRs) != 2 {
		t.Errorf("steps %+v", res.Steps)
	}
}

// groupWorld is a world with n targets 203.0.113.1..n in group mode.
func groupWorld(n, maxGroup int) *world {
	w := newWorld()
	w.plan.Targets = nil
	for i := range n {
		w.plan.Targets = append(w.plan.Targets, plan.Target{CIDR: fmt.Sprintf("203.0.113.%d/32", i+1), Label: fmt.Sprint("t", i+1)})
	}
	w.plan.Strategy = plan.Strategy{Mode: plan.ModeGroup, MaxGroup: maxGroup}
	w.plan.Deny.RuleRange = &plan.RuleRange{From: 80, To: 99}
	w.plan.Timing.MaxDuration = plan.Duration(100 * w.plan.Timing.Window.D())
	return w
}

func TestGroupModeFindsEachBreaker(t *testing.T) {
	w := groupWorld(16, 4)
	most := 0
	w.simulateAll(&most, breakWhen{alarm: "kinesis-errors", cidrs: []string{"203.0.113.2/32"}},
		breakWhen{alarm: "payments-errors", cidrs: []string{"203.0.113.11/32"}})
	before := entriesOf(w.ec2.ACL(testACL))
	res, recs, err := runWorld(t, w, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range res.Targets {
		want, blame := VerdictNoImpact, []string{}
		switch i {
		case 1:
			want, blame = VerdictBroke, []string{"alarm kinesis-errors"}
		case 10:
			want, blame = VerdictBroke, []string{"alarm payments-errors"}
		}
		if tr.Verdict != want || !reflect.DeepEqual(breakNames(tr.BrokenBy), blame) {
			t.Errorf("target %d: %s %v, want %s %v (%s)", i+1, tr.Verdict, breakNames(tr.BrokenBy), want, blame, tr.Reason)
		}
		// The deciding window: alone, or all of it proven clean.
		s := res.Steps[tr.Step-1]
		if !contains(s.Targets, i+1) || (want == VerdictBroke && len(s.Targets) != 1) || (want == VerdictNoImpact && s.Outcome != StepClean) {
			t.Errorf("target %d decided by step %d %+v", i+1, tr.Step, s)
		}
	}
	// 4 groups; two break: 1 + search(4) each, at most 1+5 windows.
	if n := len(res.Steps); n > 2+2*6 || n < 4 {
		t.Errorf("%d windows", n)
	}
	if most > 4 {
		t.Errorf("%d entries in place at once, max_group 4", most)
	}
	if d := acl.Diff(before, entriesOf(w.ec2.ACL(testACL))); len(d) > 0 || len(acl.Pending(recs)) > 0 {
		t.Fatalf("ACL not as it began: %v", d)
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// The scheduler takes exactly the windows plan.GroupWindows predicts
// when every target breaks (the worst case) and when none does.
func TestGroupModeWindowsMatchTheModel(t *testing.T) {
	for _, all := range []bool{false, true} {
		t.Run(fmt.Sprint("all break: ", all), func(t *testing.T) {
			w := groupWorld(11, 4)
			var rules []breakWhen
			if all {
				for _, tg := range w.plan.Targets {
					rules = append(rules, breakWhen{alarm: "kinesis-errors", cidrs: []string{tg.CIDR}})
				}
				// any one denied breaks: one rule per target, alarm in ALARM when any holds
				w.ec2.After = func(string, any) {
					state := cwtypes.StateValueOk
					for _, r := range rules {
						if w.denied(r.cidrs[0]) {
							state = cwtypes.StateValueAlarm
						}
					}
					w.cw.SetAlarmState("kinesis-errors", state, "sim")
				}
			}
			res, _, err := runWorld(t, w, context.Background())
			if err != nil {
				t.Fatal(err)
			}
			share := 0.0
			if all {
				share = 1
			}
			if want := plan.GroupWindows([]int{4, 4, 3}, share); float64(len(res.Steps)) != want {
				t.Fatalf("%d windows, model says %g", len(res.Steps), want)
			}
		})
	}
}

// An interrupt while a group is denied removes every entry of the group.
func TestGroupModeInterruptUndoesTheGroup(t *testing.T) {
	w := groupWorld(8, 4)
	ctx := w.cancelWhenDenied(t, 4)
	before := entriesOf(w.ec2.ACL(testACL))
	res, recs, err := runWorld(t, w, ctx)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if d := acl.Diff(before, entriesOf(w.ec2.ACL(testACL))); len(d) > 0 || len(acl.Pending(recs)) > 0 || len(res.Leftovers) > 0 {
		t.Fatalf("ACL not as it began: %v, pending %v", d, acl.Pending(recs))
	}
	if len(res.Steps) != 1 || res.Steps[0].RemovedAt == nil || len(res.Steps[0].CIDRs) != 4 {
		t.Fatalf("steps %+v", res.Steps)
	}
}

// One entry that cannot be removed does not stop the others' removal:
// it alone is a leftover, and the lease (which lists it) is kept.
func TestGroupModeUndoGoesOnPastAFailure(t *testing.T) {
	w := groupWorld(4, 4)
	ctx := w.cancelWhenDenied(t, 4)
	w.ec2.Before = func(op string, in any) error {
		if d, ok := in.(*ec2.DeleteNetworkAclEntryInput); ok && aws.ToInt32(d.RuleNumber) == 98 {
			return acltest.ServerError
		}
		return nil
	}
	res, _, err := runWorld(t, w, ctx)
	if !errors.Is(err, ErrLeftover) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Leftovers) != 1 || res.Leftovers[0].RuleNumber != 98 || w.deniedCount() != 1 {
		t.Fatalf("leftovers %+v, %d denied", res.Leftovers, w.deniedCount())
	}
	if v, ok := acl.LeaseValue(w.ec2.ACL(testACL).Tags); !ok || !contains(leaseRules(t, v), 98) {
		t.Fatalf("lease %q, want it kept listing rule 98", v)
	}
}

func leaseRules(t *testing.T, v string) []int {
	l, err := acl.ParseLease(testACL, v)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range l.Entries {
		out = append(out, e.RuleNumber)
	}
	return out
}

// In group mode too, a no-impact target whose observed sources are only
// partly in the ACL's subnets says which were not denied, whether its
// window held it alone or with others.
func TestGroupModePartialPathReason(t *testing.T) {
	w := groupWorld(5, 4)
	for _, i := range []int{1, 4} { // one in a window of 4, one alone
		w.plan.Targets[i].Evidence = &plan.Evidence{Flows: 5, Sources: []string{"10.0.1.5", "10.0.9.9"}}
	}
	res, _, err := runWorld(t, w, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 4} {
		tr := res.Targets[i]
		if tr.Verdict != VerdictNoImpact || !strings.Contains(tr.Reason, "not covered: 10.0.9.9") {
			t.Errorf("target %d: %s %q, want no-impact naming the uncovered source", i+1, tr.Verdict, tr.Reason)
		}
	}
}

// A target alone in a window that is interrupted is decided by that
// window (inconclusive): its result carries when its entry was removed,
// as its step does.
func TestGroupModeInterruptedSingleWindowRecordsRemoval(t *testing.T) {
	w := groupWorld(5, 4) // groups 1-4 and 5
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := 0 // reads of the ACL with target 5 denied: its confirmation, then the window's
	w.ec2.After = func(_ string, in any) {
		if _, ok := in.(*ec2.DescribeNetworkAclsInput); ok && w.denied("203.0.113.5/32") {
			if seen++; seen == 2 {
				cancel()
			}
		}
	}
	res, recs, err := runWorld(t, w, ctx)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if w.deniedCount() != 0 || len(acl.Pending(recs)) > 0 {
		t.Fatalf("%d entries left, pending %v", w.deniedCount(), acl.Pending(recs))
	}
	tr, s := res.Targets[4], res.Steps[len(res.Steps)-1]
	if tr.Verdict != VerdictInconclusive || tr.Step != len(res.Steps) || tr.AppliedAt == nil {
		t.Fatalf("target 5: %+v", tr)
	}
	if tr.RemovedAt == nil || s.RemovedAt == nil || !tr.RemovedAt.Equal(*s.RemovedAt) {
		t.Fatalf("target 5 removed_at %v, its step's %v", tr.RemovedAt, s.RemovedAt)
	}
}
