package run

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
)

// undo removes every entry of the window that may be in place, whatever
// ctx says (Remove ignores cancellation and retries harder than anything
// else), going on past a failure so that every other entry is removed. A
// failure is a leftover: journaled, listed in the results with the command
// that removes it, and the lease (which still lists it) is kept.
func (r *runner) undo(ctx context.Context, why string) error {
	if !r.needsUndo() {
		return nil
	}
	applied := false
	var errs []error
	for i := range r.win {
		p := &r.win[i]
		if !p.state.needsUndo() {
			continue
		}
		applied = applied || p.state == stateApplied
		if err := r.undoEntry(ctx, p, why); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", ErrLeftover, errors.Join(errs...))
	}
	now := r.clock.Now().UTC()
	if applied && r.cur != nil {
		r.cur.RemovedAt = &now
	}
	r.emitRemoved(now)
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := r.setLeaseEntries(lctx, nil); err != nil {
		r.log.Warn("could not clear the entries from the lease tag (recover would find them already gone)", "error", err)
	}
	return nil
}

// undoEntry removes one entry: journal, Remove, journal.
func (r *runner) undoEntry(ctx context.Context, p *placed, why string) error {
	e := &p.Entry
	what := fmt.Sprintf("removing deny entry %s from %s (%s)", e.String(), e.ACL, why)
	if r.o.OnUndo != nil {
		r.o.OnUndo(what)
	}
	r.log.Info("undo: " + what)
	r.emitTarget(Event{Kind: EventUndo, Entry: e.String(), Detail: why})
	if err := r.j.Write(e.Record(acl.OpDeleteIntent)); err != nil {
		r.log.Error("journal write failed; undoing anyway", "error", err)
	}
	p.state = stateRemoving
	if err := r.ops.Remove(ctx, *e); err != nil {
		p.state = stateLeftover
		rec := e.Record(acl.OpUndoFailed)
		rec.Detail = err.Error()
		if jerr := r.j.Write(rec); jerr != nil {
			r.log.Error("journal write failed", "error", jerr)
		}
		r.addLeftover(*e)
		r.log.Error("UNDO FAILED: the deny entry is still on the ACL", "entry", e.String(), "remove_with", e.DeleteCommand(r.d.Region), "error", err)
		r.emitTarget(Event{Kind: EventUndoFailed, Entry: e.String(), Detail: err.Error()})
		return err
	}
	p.state = stateRemoved
	rec := e.Record(acl.OpDeleteDone)
	rec.Detail = "verified gone: " + why
	if err := r.j.Write(rec); err != nil {
		r.log.Error("journal write failed", "error", err)
	}
	return nil
}

// releaseLease removes the lease tag if it holds our current value or
// any value we tried to write (DeleteTags with a value never removes
// another run's lease). A failure is a leftover: the tag refuses every
// other run on the ACL until it expires.
func (r *runner) releaseLease(ctx context.Context) {
	if err := r.j.Write(acl.JournalRecord{Op: acl.OpLeaseRelease, ACL: r.res.ACL, Detail: r.leaseVal}); err != nil {
		r.log.Error("journal write failed", "error", err)
	}
	vals := []string{r.leaseVal}
	for i := len(r.leaseTried) - 1; i >= 0; i-- {
		if !slices.Contains(vals, r.leaseTried[i]) {
			vals = append(vals, r.leaseTried[i])
		}
	}
	for _, v := range vals {
		if err := r.ops.ReleaseLease(ctx, r.res.ACL, v); err != nil {
			l := r.addLeaseLeftover()
			if jerr := r.j.Write(acl.JournalRecord{Op: acl.OpLeaseReleaseFailed, ACL: r.res.ACL, Detail: v + ": " + err.Error()}); jerr != nil {
				r.log.Error("journal write failed", "error", jerr)
			}
			r.log.Error("LEASE NOT RELEASED: the lease tag refuses other runs on this ACL until it expires",
				"tag", acl.LeaseTag, "expires", r.lease.Expires, "remove_with", l.Command, "error", err)
			return
		}
	}
}

func (r *runner) addLeftover(e acl.Entry) {
	r.res.Leftovers = append(r.res.Leftovers, Leftover{Kind: LeftoverDenyEntry, ACL: e.ACL, RuleNumber: e.RuleNumber, Egress: e.Direction.IsEgress(), CIDR: e.CIDR,
		Command: e.DeleteCommand(r.d.Region)})
}

// addLeaseLeftover lists our lease tag as left on the ACL, with the
// recover command that releases it (--force: the tag has not expired,
// and the run that holds it is this one, ending).
func (r *runner) addLeaseLeftover() Leftover {
	exp := r.lease.Expires.UTC()
	l := Leftover{Kind: LeftoverLeaseTag, ACL: r.res.ACL, Tag: acl.LeaseTag, TagValue: r.leaseVal, Expires: &exp,
		Command: acl.RecoverCommand(r.res.ACL, r.d.Region, true)}
	r.res.Leftovers = append(r.res.Leftovers, l)
	return l
}

// finish undoes whatever is in place, releases the lease, decides the
// outcome, completes the results and journal, and writes results.json.
func (r *runner) finish(ctx context.Context, runErr error) error {
	if r.needsUndo() {
		if err := r.undo(ctx, "run ending: "+endReason(ctx, runErr)); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	r.syncStep()
	// Only now: stopping waits for in-flight checks, which must not
	// delay the undo.
	r.stopProbes()
	var ue *acl.UndoError
	if errors.As(runErr, &ue) && len(r.res.Leftovers) == 0 {
		r.addLeftover(ue.Entry)
	}
	// An entry left in place keeps the lease, so that no other run
	// starts on the ACL before recover.
	if r.lease.RunID != "" && len(r.res.Leftovers) == 0 {
		r.releaseLease(ctx)
	}
	err := r.outcome(ctx, runErr)
	if r.res.Outcome != OutcomeCompleted && r.lease.RunID != "" {
		r.emit(Event{Kind: EventStop, Detail: r.res.Outcome + ": " + r.res.Reason})
	}
	r.markUntested()
	r.res.EndedAt = r.clock.Now().UTC()
	end := acl.JournalRecord{Op: acl.OpRunEnd, ACL: r.res.ACL, Detail: r.res.Outcome}
	if r.res.Reason != "" {
		end.Detail += ": " + r.res.Reason
	}
	if jerr := r.j.Write(end); jerr != nil {
		err = errors.Join(err, jerr)
	}
	if werr := writeResults(filepath.Join(r.o.OutDir, ResultsFile), r.res); werr != nil {
		err = errors.Join(err, werr)
	}
	return err
}

// outcome sets Outcome and Reason and returns Run's error.
func (r *runner) outcome(ctx context.Context, runErr error) error {
	var se *stopError
	var err error
	switch {
	case runErr == nil:
		r.res.Outcome = OutcomeCompleted
	case ctx.Err() != nil:
		r.res.Outcome, r.res.Reason = OutcomeInterrupted, "interrupted (SIGINT/SIGTERM); the entry in place was removed"
		err = ErrInterrupted
	case errors.As(runErr, &se):
		r.res.Outcome, r.res.Reason = OutcomeStopped, se.reason
		err = fmt.Errorf("%w: %s", ErrStopped, se.reason)
	default:
		r.res.Outcome, r.res.Reason = OutcomeFailed, runErr.Error()
		err = runErr
	}
	if len(r.res.Leftovers) > 0 {
		left := make([]string, 0, len(r.res.Leftovers))
		for _, l := range r.res.Leftovers {
			left = append(left, l.Describe())
		}
		if r.res.Reason != "" {
			r.res.Reason += "; "
		}
		r.res.Reason += "could not be undone: " + strings.Join(left, ", ")
		if !errors.Is(err, ErrLeftover) {
			err = errors.Join(err, ErrLeftover)
		}
	}
	return err
}

func endReason(ctx context.Context, err error) string {
	switch {
	case ctx.Err() != nil:
		return "interrupted"
	case err != nil:
		return err.Error()
	}
	return "done"
}

// markUntested lists the targets the run never reached.
func (r *runner) markUntested() {
	for i := len(r.res.Targets); i < len(r.p.Targets); i++ {
		t := r.p.Targets[i]
		tr := TargetResult{CIDR: t.CIDR, Label: t.Label, Evidence: t.Evidence,
			Verdict: VerdictInconclusive, Reason: "not tested: the run ended before this target", BrokenBy: []Break{}, Timeline: []Sample{}, CouldDetect: []Detect{}}
		if r.pf != nil && i < len(r.pf.steps) {
			tr = r.newTargetResult(r.pf.steps[i])
			tr.Reason = "not tested: the run ended before this target"
		} else if t.IsService() {
			tr.CIDR, tr.CIDRs = t.CIDRs[0], t.CIDRs
		}
		r.res.Targets = append(r.res.Targets, tr)
	}
}

// writeResults writes results.json atomically (temp file, fsync, rename).
func writeResults(path string, res *Results) error {
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("results: encode: %w", err)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("results %s: %w", path, err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("results %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("results %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("results %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
