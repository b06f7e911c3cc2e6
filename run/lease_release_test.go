package run

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// A lease tag that cannot be released refuses every other run on the ACL
// until it expires: the run must say so in results.json (a lease-tag
// leftover with the command that releases it) and in its error
// (ErrLeftover, which the CLI maps to exit 4), not end as a clean run.
func TestRunReportsLeaseNotReleased(t *testing.T) {
	w := newWorld()
	w.simulate(kinesis)
	w.ec2.Before = acltest.FailTimes(acltest.OpDeleteTags, 1000, acltest.ServerError)
	dir := t.TempDir()
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: dir, RunID: "run-1", Owner: "tester@host"}
	before := entriesOf(w.ec2.ACL(testACL))
	res, err := Run(context.Background(), w.runDeps(), o)
	if !errors.Is(err, ErrLeftover) {
		t.Fatalf("Run = %v, want ErrLeftover", err)
	}
	if res.Outcome != OutcomeCompleted {
		t.Fatalf("outcome %q (%s), want %q: every target was tried", res.Outcome, res.Reason, OutcomeCompleted)
	}
	if got := []string{res.Targets[0].Verdict, res.Targets[1].Verdict, res.Targets[2].Verdict}; strings.Join(got, " ") != "broke no-impact no-impact" {
		t.Fatalf("verdicts %v", got)
	}
	if diff := acl.Diff(before, entriesOf(w.ec2.ACL(testACL))); len(diff) > 0 {
		t.Fatalf("entries left: %v", diff)
	}
	tag, ok := w.ec2.ACL(testACL).Tags[acl.LeaseTag]
	if !ok {
		t.Fatal("the fake removed the lease tag although DeleteTags failed")
	}
	checkFiles(t, dir, res)

	got := readResults(t, dir)
	if len(got.Leftovers) != 1 {
		t.Fatalf("results.json leftovers %+v, want the lease tag", got.Leftovers)
	}
	l := got.Leftovers[0]
	want := Leftover{Kind: LeftoverLeaseTag, ACL: testACL, Tag: acl.LeaseTag, TagValue: tag,
		Command: "aclprobe recover --acl " + testACL + " --region eu-west-1 --force"}
	if l.Expires == nil || l.Expires.IsZero() {
		t.Fatalf("leftover %+v lacks the lease's expiry", l)
	}
	lease, err := acl.ParseLease(testACL, tag)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Expires.Equal(lease.Expires) {
		t.Fatalf("leftover expires %s, the tag says %s", l.Expires, lease.Expires)
	}
	l.Expires = nil
	if l != want {
		t.Fatalf("leftover\n %+v\nwant\n %+v", l, want)
	}
	if !strings.Contains(got.Reason, "could not be undone: lease tag aclprobe:lease on "+testACL) {
		t.Fatalf("reason %q does not say the lease tag is left", got.Reason)
	}

	ops := testenv.JournalOps(t, filepath.Join(dir, JournalFile))
	if !strings.HasSuffix(strings.Join(ops, " "), acl.OpLeaseRelease+" "+acl.OpLeaseReleaseFailed+" "+acl.OpRunEnd) {
		t.Fatalf("journal ends %v, want the failed release recorded", ops[max(0, len(ops)-4):])
	}
}
