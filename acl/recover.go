package acl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/acl/change"
)

// RecoverAction is one thing Recover did or decided, for humans.
type RecoverAction struct {
	Entry  *Entry // nil for the lease
	Result string // removed, already gone, not ours (left alone), failed, released, no lease
	Detail string
	Err    error // set when Result is failed (an *UndoError for an entry)
}

// RecoverReport lists what Recover did.
type RecoverReport struct {
	ACL     string
	Actions []RecoverAction
}

// Recover removes exactly the entries a killed run left on aclID: those
// the journal records (created and not verified gone) and the one the
// lease tag records, each only if the ACL holds that exact entry (rule
// number, direction, protocol, CIDR, deny). It never removes anything
// else, then releases the lease. It is idempotent. journal may be nil (no
// journal records, for this ACL only); when it is not nil, what Recover
// removes is appended to it. Failed removals are returned as *UndoError
// (joined).
func (o *Ops) Recover(ctx context.Context, aclID string, recs []JournalRecord, journal *Journal) (RecoverReport, error) {
	rep := RecoverReport{ACL: aclID}
	snap, err := Describe(ctx, o.API, aclID)
	if err != nil {
		return rep, err
	}
	var candidates []Entry
	for _, e := range Pending(recs) {
		if e.ACL == aclID {
			candidates = append(candidates, e)
		}
	}
	lease, hasLease, lerr := LeaseOf(snap)
	if lerr != nil {
		rep.Actions = append(rep.Actions, RecoverAction{Result: "lease unreadable", Detail: lerr.Error()})
	}
	other := hasLease && lerr == nil && o.liveLeaseOfOtherRun(lease, recs, aclID)
	if hasLease && lerr == nil && !other {
		for _, e := range lease.Entries {
			if !containsEntry(candidates, e) {
				candidates = append(candidates, e)
			}
		}
	}
	var errs []error
	if len(candidates) == 0 {
		rep.Actions = append(rep.Actions, RecoverAction{Result: "nothing to remove",
			Detail: "no entry pending in the journal and none recorded on the lease of " + aclID})
	}
	for _, e := range candidates {
		if other && containsEntry(lease.Entries, e) {
			rep.Actions = append(rep.Actions, RecoverAction{Entry: &e, Result: "in use (left alone)",
				Detail: "entry " + e.String() + " is the entry of live run " + lease.RunID + " (owner " + lease.Owner + "), not of this journal's run"})
			continue
		}
		act := o.recoverEntry(ctx, snap, e, journal)
		if act.Err != nil {
			errs = append(errs, act.Err)
		}
		rep.Actions = append(rep.Actions, act)
	}
	var la RecoverAction
	if other {
		la = RecoverAction{Result: "lease kept", Detail: fmt.Sprintf("the lease belongs to live run %s (owner %s, until %s), not to this journal's run",
			lease.RunID, lease.Owner, lease.Expires.Format(time.RFC3339))}
	} else {
		la = o.recoverLease(ctx, snap, lease, hasLease, len(errs) > 0)
	}
	if la.Err != nil {
		errs = append(errs, la.Err)
	}
	rep.Actions = append(rep.Actions, la)
	return rep, errors.Join(errs...)
}

// PreviewRecover says what Recover would do on aclID with recs, changing
// nothing and writing no journal: "would remove" for each entry it would
// remove, "would release" for the lease.
func (o *Ops) PreviewRecover(ctx context.Context, aclID string, recs []JournalRecord) (RecoverReport, error) {
	p := *o
	p.preview = true
	return p.Recover(ctx, aclID, recs, nil)
}

// liveLeaseOfOtherRun reports whether l is a live lease of a run other
// than the one(s) recs journal (recs naming no run says nothing).
func (o *Ops) liveLeaseOfOtherRun(l Lease, recs []JournalRecord, aclID string) bool {
	runs := map[string]bool{}
	for _, r := range recs {
		if r.RunID != "" && r.ACL == aclID {
			runs[r.RunID] = true
		}
	}
	return len(runs) > 0 && !runs[l.RunID] && l.Live(o.now())
}

func containsEntry(es []Entry, e Entry) bool {
	for _, x := range es {
		if x.Matches(e.Entry) {
			return true
		}
	}
	return false
}

func (o *Ops) recoverEntry(ctx context.Context, snap *change.Snapshot, e Entry, j *Journal) RecoverAction {
	act := RecoverAction{Entry: &e}
	x, ok := snap.Find(e.RuleNumber, e.Direction)
	switch {
	case !ok:
		act.Result, act.Detail = "already gone", "entry "+e.String()+" is not on the ACL"
		o.journal(j, e, OpDeleteDone, "recover: already gone")
		return act
	case !e.Matches(x):
		act.Result = "not ours (left alone)"
		act.Detail = fmt.Sprintf("rule %d %s holds %s %s %s, not aclprobe's entry %s", e.RuleNumber, e.Direction, x.Action, x.Protocol, x.CIDR, e.String())
		return act
	}
	if o.preview {
		act.Result, act.Detail = "would remove", "entry "+e.String()+" is on the ACL"
		return act
	}
	o.journal(j, e, OpDeleteIntent, "recover")
	if err := o.Remove(ctx, e); err != nil {
		o.journal(j, e, OpUndoFailed, "recover: "+err.Error())
		act.Result, act.Detail, act.Err = "failed", err.Error(), err
		return act
	}
	o.journal(j, e, OpDeleteDone, "recover")
	act.Result, act.Detail = "removed", "entry "+e.String()+" removed and verified gone"
	return act
}

// journal appends a record when there is a journal; recover keeps going
// when it cannot write (the ACL matters more than the log of it).
func (o *Ops) journal(j *Journal, e Entry, op, detail string) {
	if j == nil {
		return
	}
	r := e.Record(op)
	r.Detail = detail
	if err := j.Write(r); err != nil {
		o.log().Warn("recover: journal write failed", "error", err)
	}
}

func (o *Ops) recoverLease(ctx context.Context, snap *change.Snapshot, l Lease, has, failed bool) RecoverAction {
	v, ok := LeaseValue(snap.Tags)
	switch {
	case !has || !ok:
		return RecoverAction{Result: "no lease", Detail: "no " + LeaseTag + " tag on " + snap.ID}
	case failed:
		return RecoverAction{Result: "lease kept", Detail: "an entry could not be removed; the lease stays so no run starts on this ACL"}
	}
	if o.preview {
		return RecoverAction{Result: "would release", Detail: "lease " + l.Describe()}
	}
	if err := o.ReleaseLease(ctx, snap.ID, v); err != nil {
		return RecoverAction{Result: "failed", Detail: err.Error(), Err: err}
	}
	d := "lease of run " + l.RunID + " (owner " + l.Owner + ") removed"
	if l.Live(o.now()) {
		d += "; it had not expired yet: make sure that run is not still going"
	}
	return RecoverAction{Result: "released", Detail: d}
}
