package acl

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
)

func TestApplyAndRemove(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		moto       bool
		before     func(op string, in any) error
		lose       func(op string, in any) error
		loseCreate bool
		preexist   bool // someone else's entry at rule 90
		wantApply  string
		wantRemove string // "" ok, else substring of the error
		wantLeft   bool   // our entry still there after Remove
	}{
		{name: "plain"},
		{name: "moto mode", moto: true},
		{name: "undo fails twice then succeeds", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 2, acltest.ServerError)},
		{name: "undo throttled then succeeds", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 5, acltest.Throttled)},
		{name: "undo fails for good", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 100, acltest.ServerError),
			wantRemove: "aws ec2 delete-network-acl-entry --region eu-west-1 --network-acl-id acl-0test --rule-number 90 --egress", wantLeft: true},
		{name: "describe fails during undo then recovers", before: describeFailsAfterCreate(3)},
		{name: "delete answer lost (5xx after the delete happened)", lose: loseOnce(acltest.OpDeleteNetworkAclEntry)},
		{name: "create answer lost (SDK retry answers AlreadyExists)", loseCreate: true},
		{name: "rule number taken by someone else", preexist: true, wantApply: "NetworkAclEntryAlreadyExists"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ops := newFake()
			f.MotoMode = tc.moto
			if tc.preexist {
				f.PutEntry(testACL, acltest.Entry(90, true, "allow", "-1", "10.0.0.0/8"))
			}
			if tc.loseCreate {
				f.LoseAnswer = loseOnce(acltest.OpCreateNetworkAclEntry)
			}
			_, err := ops.Apply(ctx, ours)
			if tc.loseCreate && err != nil {
				// The caller's next step after a failed Apply is Remove; but a
				// retried create finding our entry is a success: redo it.
				t.Fatalf("Apply after a lost create answer: %v", err)
			}
			f.LoseAnswer = tc.lose
			if tc.wantApply != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantApply) {
					t.Fatalf("Apply = %v, want %q", err, tc.wantApply)
				}
			} else if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if !tc.preexist && !hasEntry(f, ours) {
				t.Fatal("entry not on the ACL after Apply")
			}
			f.Before = tc.before
			err = ops.Remove(ctx, ours)
			if tc.wantRemove == "" && err != nil {
				t.Fatalf("Remove: %v", err)
			}
			if tc.wantRemove != "" {
				var ue *UndoError
				if !errors.As(err, &ue) || !strings.Contains(ue.Command, tc.wantRemove) {
					t.Fatalf("Remove = %v, want UndoError with %q", err, tc.wantRemove)
				}
			}
			if got := hasEntry(f, ours); got != tc.wantLeft {
				t.Fatalf("entry present after Remove = %v, want %v", got, tc.wantLeft)
			}
			if tc.preexist && len(f.ACL(testACL).Entries) != 5 {
				t.Fatalf("someone else's entry was touched: %+v", f.ACL(testACL).Entries)
			}
		})
	}
}

// loseOnce loses the answer of the first successful op call.
func loseOnce(op string) func(string, any) error {
	done := false
	return func(o string, _ any) error {
		if o == op && !done {
			done = true
			return acltest.ServerError
		}
		return nil
	}
}

// describeFailsAfterCreate fails the next n Describes.
func describeFailsAfterCreate(n int) func(string, any) error {
	return func(op string, _ any) error {
		if op == acltest.OpDescribeNetworkAcls && n > 0 {
			n--
			return acltest.Throttled
		}
		return nil
	}
}

func hasEntry(f *acltest.EC2, e Entry) bool {
	for _, x := range f.ACL(e.ACL).Entries {
		if e.Matches(change.FromEC2(x)) {
			return true
		}
	}
	return false
}

func TestRemoveIsIdempotent(t *testing.T) {
	for _, moto := range []bool{false, true} {
		f, ops := newFake()
		f.MotoMode = moto
		if err := ops.Remove(context.Background(), ours); err != nil {
			t.Fatalf("moto=%v: Remove of an absent entry: %v", moto, err)
		}
		for _, c := range f.Calls() {
			if c == acltest.OpDeleteNetworkAclEntry {
				t.Fatalf("moto=%v: Remove deleted although Describe showed nothing: %v", moto, f.Calls())
			}
		}
	}
}

func TestRemoveIgnoresCancellation(t *testing.T) {
	f, ops := newFake()
	if _, err := ops.Apply(context.Background(), ours); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ops.Remove(ctx, ours); err != nil {
		t.Fatalf("Remove with a cancelled context: %v", err)
	}
	if hasEntry(f, ours) {
		t.Fatal("entry left after Remove with a cancelled context")
	}
}

func TestRemoveLeavesOtherEntryAtRuleNumber(t *testing.T) {
	f, ops := newFake()
	other := acltest.Entry(90, true, "deny", "-1", "198.51.100.0/24")
	f.PutEntry(testACL, other)
	if err := ops.Remove(context.Background(), ours); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	x, ok := mustDescribe(t, f).Find(90, change.Egress)
	if !ok || x.CIDR != "198.51.100.0/24" {
		t.Fatalf("someone else's entry 90 was removed: %+v %v", x, ok)
	}
}

func TestDryRunChecks(t *testing.T) {
	tests := []struct {
		name        string
		moto        bool
		before      func(string, any) error
		wantCreated bool
		wantCreate  bool
		wantDelete  bool
		// dryRunDeleteSucceeds: the DryRun delete answers success.
		dryRunDeleteSucceeds bool
	}{
		{name: "aws answers DryRunOperation", wantCreate: true, wantDelete: true},
		{name: "moto really creates, removed at once", moto: true, wantCreated: true, wantCreate: true, wantDelete: true},
		{name: "not permitted", before: acltest.FailTimes(acltest.OpCreateNetworkAclEntry, 1, acltest.APIError("UnauthorizedOperation", "no")), wantDelete: true},
		{name: "create throttled fails the create check", before: acltest.FailTimes(acltest.OpCreateNetworkAclEntry, 1, acltest.Throttled), wantDelete: true},
		{name: "delete not permitted", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1, acltest.APIError("UnauthorizedOperation", "no")), wantCreate: true},
		// Fail closed: only DryRunOperation proves the permission undo needs.
		{name: "delete throttled fails the delete check", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1, acltest.Throttled), wantCreate: true},
		{name: "delete answered NotFound fails the delete check", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1, acltest.APIError("InvalidNetworkAclEntry.NotFound", "no entry")), wantCreate: true},
		{name: "delete answered a 5xx fails the delete check", before: acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1, acltest.ServerError), wantCreate: true},
		{name: "delete answered success (DryRun ignored) fails the delete check", dryRunDeleteSucceeds: true, wantCreate: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ops := newFake()
			f.MotoMode, f.Before = tc.moto, tc.before
			before := len(f.ACL(testACL).Entries)
			if tc.dryRunDeleteSucceeds {
				ops.API = dryRunDeleteSucceeds{f}
			}
			var journaled []Entry
			res, err := ops.DryRunChecks(context.Background(), ours, func(e Entry) error { journaled = append(journaled, e); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != tc.wantCreated || res.CreateOK != tc.wantCreate || res.DeleteOK != tc.wantDelete {
				t.Fatalf("result %+v", res)
			}
			if len(journaled) != 1 || journaled[0].CIDR != ProbeCIDR {
				t.Fatalf("journaled %+v, want the probe entry", journaled)
			}
			if after := len(f.ACL(testACL).Entries); after != before {
				t.Fatalf("ACL has %d entries after the checks, had %d", after, before)
			}
		})
	}
}

// dryRunDeleteSucceeds is an EC2 whose DryRun deletes answer success, as
// an API that ignores DryRun would (after deleting nothing: the number is
// free).
type dryRunDeleteSucceeds struct{ *acltest.EC2 }

func (d dryRunDeleteSucceeds) DeleteNetworkAclEntry(ctx context.Context, in *ec2.DeleteNetworkAclEntryInput, opts ...func(*ec2.Options)) (*ec2.DeleteNetworkAclEntryOutput, error) {
	if aws.ToBool(in.DryRun) {
		return &ec2.DeleteNetworkAclEntryOutput{}, nil
	}
	return d.EC2.DeleteNetworkAclEntry(ctx, in, opts...)
}

func mustDescribe(t *testing.T, f *acltest.EC2) *change.Snapshot {
	t.Helper()
	s, err := Describe(context.Background(), f, testACL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// An API that ignores DryRun (moto) may really create the check entry and
// the answer may still be an error: a Ctrl-C during the call, or a 5xx
// after the change. The entry must not be left behind.
func TestDryRunChecksLostAnswerLeavesNothing(t *testing.T) {
	tests := []struct {
		name   string
		lose   func(cancel context.CancelFunc) func(string, any) error
		before func(string, any) error
	}{
		{name: "interrupted while the create really happened", lose: func(cancel context.CancelFunc) func(string, any) error {
			return func(op string, _ any) error {
				if op == acltest.OpCreateNetworkAclEntry {
					cancel()
					return context.Canceled
				}
				return nil
			}
		}},
		{name: "5xx after the create really happened, dry-run delete refused", lose: func(context.CancelFunc) func(string, any) error {
			return loseOnce(acltest.OpCreateNetworkAclEntry)
		}, before: func(op string, in any) error {
			if d, ok := in.(*ec2.DeleteNetworkAclEntryInput); ok && aws.ToBool(d.DryRun) {
				return acltest.APIError("UnauthorizedOperation", "no")
			}
			return nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ops := newFake()
			f.MotoMode = true
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			f.LoseAnswer, f.Before = tc.lose(cancel), tc.before
			before := len(f.ACL(testACL).Entries)
			res, err := ops.DryRunChecks(ctx, ours, nil)
			if err != nil {
				t.Fatalf("DryRunChecks: %v", err)
			}
			if after := len(f.ACL(testACL).Entries); after != before {
				t.Fatalf("ACL has %d entries after the checks, had %d (the check entry was left): %+v", after, before, res)
			}
			if !res.Removed {
				t.Fatalf("result %+v does not say the check entry was verified gone", res)
			}
		})
	}
}

// An ACL deleted under the run (its VPC torn down) holds no entry: the
// undo is done, not a leftover (exit 4 with a command that cannot work).
func TestRemoveWhenTheACLIsGone(t *testing.T) {
	f, ops := newFake()
	if _, err := ops.Apply(context.Background(), ours); err != nil {
		t.Fatal(err)
	}
	f.DeleteACL(testACL)
	if err := ops.Remove(context.Background(), ours); err != nil {
		t.Fatalf("Remove after the ACL was deleted: %v", err)
	}
}
