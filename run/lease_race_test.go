package run

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
)

// Another run takes the lease while this one waits at the confirmation
// prompt (after its preflight saw the ACL free): this run must refuse,
// change nothing and leave the other run's lease alone.
func TestRunRefusesLeaseTakenDuringConfirmation(t *testing.T) {
	w := newWorld()
	theirs := acl.Lease{RunID: "other", Owner: "bob@h", Expires: w.clock.Now().Add(time.Hour)}
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: t.TempDir(), RunID: "run-1", Owner: "tester@host",
		Confirm: func(ctx context.Context, _ []plan.Check) error {
			_, err := w.ec2.CreateTags(ctx, leaseTags(theirs.Value()))
			return err
		}}
	before := entriesOf(w.ec2.ACL(testACL))
	res, err := Run(context.Background(), w.runDeps(), o)
	if !errors.Is(err, acl.ErrLeaseHeld) {
		t.Fatalf("Run = %v, want ErrLeaseHeld", err)
	}
	if res.Outcome != OutcomeFailed {
		t.Fatalf("outcome %q, want %q", res.Outcome, OutcomeFailed)
	}
	if got := w.ec2.ACL(testACL).Tags[acl.LeaseTag]; got != theirs.Value() {
		t.Fatalf("lease tag %q, want the other run's %q", got, theirs.Value())
	}
	if diff := acl.Diff(before, entriesOf(w.ec2.ACL(testACL))); len(diff) > 0 {
		t.Fatalf("ACL changed: %v", diff)
	}
}
