package run

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/acltest"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/testenv"
)

// TestUndoFollowsEntryState: undo acts on the entry state alone. Nothing
// to undo before the create-intent or after an undo; an entry whose apply
// failed is verified gone without a removal time; a failed undo is a
// leftover that is not retried.
func TestUndoFollowsEntryState(t *testing.T) {
	tests := []struct {
		name        string
		from        entryState
		onACL       bool // the entry is on the ACL when undo starts
		deleteFails bool
		want        entryState
		wantRemoved bool // the target gets a removed_at
		wantJournal []string
		wantLeft    int // leftovers, and undo's error wraps ErrLeftover
	}{
		{name: "pending: nothing to undo", from: statePending, want: statePending},
		{name: "applying, create never happened", from: stateApplying, want: stateRemoved,
			wantJournal: []string{acl.OpDeleteIntent, acl.OpDeleteDone}},
		{name: "applying, create happened (lost answer)", from: stateApplying, onACL: true, want: stateRemoved,
			wantJournal: []string{acl.OpDeleteIntent, acl.OpDeleteDone}},
		{name: "applied", from: stateApplied, onACL: true, want: stateRemoved, wantRemoved: true,
			wantJournal: []string{acl.OpDeleteIntent, acl.OpDeleteDone}},
		{name: "applied, delete fails for good", from: stateApplied, onACL: true, deleteFails: true, want: stateLeftover,
			wantJournal: []string{acl.OpDeleteIntent, acl.OpUndoFailed}, wantLeft: 1},
		{name: "removed: not undone twice", from: stateRemoved, want: stateRemoved},
		{name: "leftover: not retried", from: stateLeftover, onACL: true, want: stateLeftover},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld()
			dir := t.TempDir()
			r := newRunner(w.deps(), Options{Plan: w.plan, OutDir: dir, RunID: "run-1"})
			j, err := acl.OpenJournal(filepath.Join(dir, JournalFile), "run-1", "eu-west-1", w.clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			r.j = j
			e := acl.Entry{ACL: testACL, Entry: change.NewDeny(99, change.Egress, change.AllProtocols, "203.0.113.7/32")}
			if tc.onACL {
				w.ec2.PutEntry(testACL, acltest.Entry(99, true, "deny", "-1", "203.0.113.7/32"))
			}
			if tc.deleteFails {
				w.ec2.Before = acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1000, acltest.ServerError)
			}
			applied := w.clock.Now()
			r.res.Targets = append(r.res.Targets, TargetResult{CIDR: e.CIDR})
			r.cur = &r.res.Targets[0]
			if tc.from >= stateApplied {
				r.cur.AppliedAt = &applied
			}
			r.win = []placed{{Entry: e, state: tc.from}}

			err = r.undo(context.Background(), "test")
			if (tc.wantLeft > 0) != errors.Is(err, ErrLeftover) || (tc.wantLeft == 0 && err != nil) {
				t.Fatalf("undo = %v, want leftovers %d", err, tc.wantLeft)
			}
			if r.win[0].state != tc.want {
				t.Fatalf("state %d, want %d", r.win[0].state, tc.want)
			}
			if got := r.cur.RemovedAt != nil; got != tc.wantRemoved {
				t.Fatalf("removed_at set = %v, want %v", got, tc.wantRemoved)
			}
			if len(r.res.Leftovers) != tc.wantLeft {
				t.Fatalf("leftovers %+v, want %d", r.res.Leftovers, tc.wantLeft)
			}
			ops := testenv.JournalOps(t, filepath.Join(dir, JournalFile))
			if !slices.Equal(ops, tc.wantJournal) {
				t.Fatalf("journal ops %v, want %v", ops, tc.wantJournal)
			}
			if onACL, wantOn := holds(w.ec2.ACL(testACL), e.Entry), tc.onACL && tc.want == stateLeftover; onACL != wantOn {
				t.Fatalf("entry on the ACL = %v, want %v", onACL, wantOn)
			}
		})
	}
}

// holds reports whether the fake's ACL holds exactly e.
func holds(a *acltest.ACL, e change.Entry) bool {
	for _, x := range a.Entries {
		if e.Matches(change.FromEC2(x)) {
			return true
		}
	}
	return false
}
