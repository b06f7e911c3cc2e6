package report

import (
	"testing"

	"github.com/aclprobe/aclprobe/acl"
)

// TestSummarizeJournalDryRunCheck: the preflight's DryRun check entry is
// listed but not counted among the test's deny entries, unless it was
// left on the ACL.
func TestSummarizeJournalDryRunCheck(t *testing.T) {
	rec := func(op, cidr, detail string) acl.JournalRecord {
		return acl.JournalRecord{Op: op, ACL: "acl-1", RuleNumber: 90, Egress: true, CIDR: cidr, Protocol: "-1", Action: "deny", Detail: detail}
	}
	check := rec(acl.OpCreateIntent, acl.ProbeCIDR, "dry run permission check (an API that ignores DryRun really creates it)")
	target := []acl.JournalRecord{rec(acl.OpCreateIntent, "203.0.113.7/32", ""), rec(acl.OpCreateDone, "203.0.113.7/32", ""), rec(acl.OpDeleteDone, "203.0.113.7/32", "")}
	for _, tc := range []struct {
		name                    string
		recs                    []acl.JournalRecord
		listed, undone, notDone int
	}{
		{"removed", append([]acl.JournalRecord{check, rec(acl.OpDeleteDone, acl.ProbeCIDR, "no entry left")}, target...), 2, 1, 0},
		// A check entry left on the ACL fails the preflight: no target follows.
		{"left on the ACL", []acl.JournalRecord{check, rec(acl.OpUndoFailed, acl.ProbeCIDR, "throttled")}, 1, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js := summarizeJournal(tc.recs, true)
			if len(js.Changes) != tc.listed || js.Undone != tc.undone || js.NotUndone != tc.notDone {
				t.Fatalf("%d changes, undone %d, not undone %d; want %d listed, %d, %d", len(js.Changes), js.Undone, js.NotUndone, tc.listed, tc.undone, tc.notDone)
			}
		})
	}
}
