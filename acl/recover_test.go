package acl

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/acl/acltest"
)

func TestRecover(t *testing.T) {
	ctx := context.Background()
	second := ours
	second.RuleNumber, second.CIDR = 91, "198.51.100.9/32"
	tests := []struct {
		name         string
		journal      []Entry // create-intents left pending
		leaseEntries []Entry
		present      []Entry
		foreign      bool // rule 91 holds someone else's entry
		wantResults  []string
		wantEntries  int // entries left on the ACL
	}{
		{name: "journal entry present is removed", journal: []Entry{ours}, present: []Entry{ours},
			wantResults: []string{"removed", "released"}, wantEntries: 4},
		{name: "lease entry only (no journal)", leaseEntries: []Entry{ours}, present: []Entry{ours},
			wantResults: []string{"removed", "released"}, wantEntries: 4},
		{name: "already gone", journal: []Entry{ours}, wantResults: []string{"already gone", "released"}, wantEntries: 4},
		{name: "someone else's entry at the rule number is left alone", journal: []Entry{second}, foreign: true,
			wantResults: []string{"not ours (left alone)", "released"}, wantEntries: 5},
		{name: "both journal and lease, one entry", journal: []Entry{ours}, leaseEntries: []Entry{ours}, present: []Entry{ours},
			wantResults: []string{"removed", "released"}, wantEntries: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ops := newFake()
			f.MotoMode = true
			for _, e := range tc.present {
				if _, err := ops.Apply(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			if tc.foreign {
				f.PutEntry(testACL, acltest.Entry(91, true, "allow", "6", "10.0.0.0/8"))
			}
			l := Lease{RunID: "dead", Owner: "x@h", Expires: testNow.Add(time.Hour), Entries: tc.leaseEntries}
			if err := ops.WriteLease(ctx, testACL, l); err != nil {
				t.Fatal(err)
			}
			var recs []JournalRecord
			for _, e := range tc.journal {
				recs = append(recs, e.Record(OpCreateIntent))
			}
			jpath := filepath.Join(t.TempDir(), "journal.jsonl")
			j, err := OpenJournal(jpath, "dead", "eu-west-1", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			rep, err := ops.Recover(ctx, testACL, recs, j)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range rep.Actions {
				got = append(got, a.Result)
			}
			if len(got) != len(tc.wantResults) {
				t.Fatalf("actions %+v, want %v", rep.Actions, tc.wantResults)
			}
			for i := range got {
				if got[i] != tc.wantResults[i] {
					t.Fatalf("actions %+v, want %v", rep.Actions, tc.wantResults)
				}
			}
			a := f.ACL(testACL)
			if len(a.Entries) != tc.wantEntries {
				t.Fatalf("%d entries left, want %d: %+v", len(a.Entries), tc.wantEntries, a.Entries)
			}
			if _, ok := a.Tags[LeaseTag]; ok {
				t.Fatal("lease not released")
			}
			// Idempotent: a second recover (journal now says done) changes nothing.
			after, _ := LoadJournal(jpath)
			rep2, err := ops.Recover(ctx, testACL, append(recs, after...), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range rep2.Actions {
				if a.Result == "removed" {
					t.Fatalf("second recover removed something: %+v", rep2.Actions)
				}
			}
			if len(f.ACL(testACL).Entries) != tc.wantEntries {
				t.Fatal("second recover changed the ACL")
			}
		})
	}
}

// fakeWithLeasedEntry returns a fake ACL holding ours and the lease l
// that lists it, as a run leaves them while its window is open (or when
// it is killed in one).
func fakeWithLeasedEntry(t *testing.T, l Lease) (*acltest.EC2, *Ops) {
	t.Helper()
	ctx := context.Background()
	f, ops := newFake()
	if _, err := ops.Apply(ctx, ours); err != nil {
		t.Fatal(err)
	}
	l.Entries = []Entry{ours}
	if err := ops.WriteLease(ctx, testACL, l); err != nil {
		t.Fatal(err)
	}
	return f, ops
}

func TestRecoverKeepsLeaseWhenUndoFails(t *testing.T) {
	ctx := context.Background()
	f, ops := fakeWithLeasedEntry(t, Lease{RunID: "dead", Expires: testNow.Add(-time.Hour)})
	f.Before = acltest.FailTimes(acltest.OpDeleteNetworkAclEntry, 1000, acltest.ServerError)
	_, err := ops.Recover(ctx, testACL, nil, nil)
	var ue *UndoError
	if !errors.As(err, &ue) || !strings.Contains(ue.Command, "aws ec2 delete-network-acl-entry --region eu-west-1 --network-acl-id acl-0test --rule-number 90 --egress") {
		t.Fatalf("Recover = %v, want an *UndoError with the command that removes the entry (exit 4)", err)
	}
	if _, ok := f.ACL(testACL).Tags[LeaseTag]; !ok {
		t.Fatal("lease released although an entry is left")
	}
}

// A lease recover could not release is not "done": the caller must hear
// it (exit 1), not just read "failed" among the actions.
func TestRecoverReportsLeaseReleaseFailure(t *testing.T) {
	ctx := context.Background()
	f, ops := fakeWithLeasedEntry(t, Lease{RunID: "dead", Expires: testNow.Add(-time.Hour)})
	f.Before = acltest.FailTimes(acltest.OpDeleteTags, 1000, acltest.ServerError)
	rep, err := ops.Recover(ctx, testACL, nil, nil)
	if err == nil {
		t.Fatalf("Recover = nil although the lease is still on the ACL: %+v", rep.Actions)
	}
	if hasEntry(f, ours) {
		t.Fatal("entry not removed")
	}
	if _, ok := f.ACL(testACL).Tags[LeaseTag]; !ok {
		t.Fatal("the fake did not keep the lease; the test is wrong")
	}
}

// `recover --journal` of an old run while a new run works on the ACL
// (the same plan again: same rule number and CIDR) must not take the new
// run's entry or lease: they are not the journal's.
func TestRecoverFromOldJournalLeavesAnotherLiveRunAlone(t *testing.T) {
	ctx := context.Background()
	live := Lease{RunID: "new", Owner: "b@h", Expires: testNow.Add(time.Hour)}
	f, ops := fakeWithLeasedEntry(t, live)
	live.Entries = []Entry{ours}
	rec := ours.Record(OpCreateIntent)
	rec.RunID = "old"
	rep, err := ops.Recover(ctx, testACL, []JournalRecord{rec}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !hasEntry(f, ours) {
		t.Fatalf("the live run's entry was removed: %+v", rep.Actions)
	}
	if got := f.ACL(testACL).Tags[LeaseTag]; got != live.Value() {
		t.Fatalf("the live run's lease was released (tag %q): %+v", got, rep.Actions)
	}
}
