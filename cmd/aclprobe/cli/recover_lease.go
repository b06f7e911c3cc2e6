package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
)

// checkRecoverLease refuses to recover while the ACL's lease is live and
// recover would act on it (no journal, or the journal of the lease's
// run), unless --force, or the journal records that run's end: the run
// may still be going, and removing its entry would end its window early
// behind its back. A lease tag it cannot read is refused too.
func checkRecoverLease(ctx context.Context, o *RecoverOptions, api acl.EC2API, recs []acl.JournalRecord, region string) error {
	if o.Force {
		return nil
	}
	snap, err := acl.Describe(ctx, api, o.ACL)
	if err != nil {
		return err
	}
	l, ok, err := acl.LeaseOf(snap)
	if err != nil {
		// Fail closed: a tag we cannot read may be a newer aclprobe's
		// lease of a run that is still going.
		return fmt.Errorf("recover: the lease tag %s on %s is unreadable (%w); it may belong to a run that is still going. "+
			"If no run is going, run: %s (or preview with --dry-run). Nothing was changed",
			acl.LeaseTag, o.ACL, err, acl.RecoverCommand(o.ACL, region, true))
	}
	if !ok || !l.Live(time.Now()) {
		return nil
	}
	if ran := runIDOf(recs); len(recs) > 0 && (ran != l.RunID || journalEnded(recs)) {
		return nil
	}
	entry := "no entry in place"
	if len(l.Entries) > 0 {
		var parts []string
		for _, e := range l.Entries {
			where := "is recorded but not on the ACL"
			if x, found := snap.Find(e.RuleNumber, e.Direction); found && e.Matches(x) {
				where = "is on the ACL"
			}
			parts = append(parts, "its entry "+e.String()+" "+where)
		}
		entry = strings.Join(parts, ", ")
	}
	return fmt.Errorf("recover: the lease on %s is live: %s; %s. If that run is still going, leave it: it removes its own entry. "+
		"If it is dead (kill -9, a crash, a lost host), run: %s (or preview with --dry-run). Nothing was changed",
		o.ACL, l.Describe(), entry, acl.RecoverCommand(o.ACL, region, true))
}

// journalEnded reports whether the journal records its run's end.
func journalEnded(recs []acl.JournalRecord) bool {
	for _, r := range recs {
		if r.Op == acl.OpRunEnd {
			return true
		}
	}
	return false
}

// previewRecover prints what recover would do and changes nothing; a
// live lease it would need --force for is said too.
func previewRecover(ctx context.Context, o *RecoverOptions, ops *acl.Ops, recs []acl.JournalRecord, region string) error {
	rep, err := ops.PreviewRecover(ctx, o.ACL, recs)
	for _, a := range rep.Actions {
		fmt.Fprintf(o.IO.Out, "%-22s %s\n", a.Result, a.Detail)
	}
	if err != nil {
		return WithCode(ExitFailure, explainErr(o.Log(), err))
	}
	if lerr := checkRecoverLease(ctx, o, ops.API, recs, region); lerr != nil {
		fmt.Fprintf(o.IO.ErrOut, "aclprobe: dry run: without --force recover would refuse: %v\n", lerr)
	}
	fmt.Fprintln(o.IO.ErrOut, "aclprobe: dry run: nothing was changed")
	return nil
}
