package run

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/plan"
)

// runTarget runs one step of sequential mode: its target's entries are
// the window (runWindow), then the cooldown. It returns an error
// (possibly a *stopError) to end the run; entries in place are undone by
// finish.
func (r *runner) runTarget(ctx context.Context, i int, s plan.Step) error {
	r.res.Targets = append(r.res.Targets, r.newTargetResult(s))
	t := &r.res.Targets[len(r.res.Targets)-1]
	log := r.log.With("target", fmt.Sprintf("%d/%d", i+1, len(r.pf.steps)), "cidr", s.Target.MembersText(), "label", s.Target.Label)
	err := r.runWindow(ctx, []plan.Step{s}, t, log)
	t.Step = r.step + 1
	if err != nil {
		return err
	}
	log.Info("verdict", "verdict", t.Verdict, "broken_by", breakNames(t.BrokenBy), "recovered_after_s", deref(t.RecoveredAfter))
	r.emitVerdict(i, t)
	if i < len(r.pf.steps)-1 && r.p.Timing.Cooldown.D() > 0 {
		log.Info("cooldown", "for", r.p.Timing.Cooldown.D())
		return newObservation(r, t, r.clock.Now()).cooldown(ctx)
	}
	return nil
}

// newTargetResult is a target's result before its verdict: inconclusive,
// nothing broken, not applied; with the checks that could see a break
// within its window and its path check.
func (r *runner) newTargetResult(s plan.Step) TargetResult {
	t := TargetResult{CIDR: s.CIDR, Label: s.Target.Label, Evidence: s.Target.Evidence, Verdict: VerdictInconclusive,
		BrokenBy: []Break{}, RuleNumber: s.RuleNumber, Timeline: []Sample{},
		CouldDetect: r.pf.couldDetect(), Path: r.pf.pathResult(s.Index)}
	if s.Target.IsService() {
		for _, e := range s.All() {
			t.CIDRs, t.RuleNumbers = append(t.CIDRs, e.CIDR), append(t.RuleNumbers, e.RuleNumber)
		}
	}
	return t
}

// runWindow denies the entries of steps together, recording into t: check
// health and drift, journal, deny, observe, undo, wait for recovery,
// verdict (on t). The window is recorded in res.Steps.
func (r *runner) runWindow(ctx context.Context, steps []plan.Step, t *TargetResult, log *slog.Logger) error {
	r.beginWindow(steps, t)
	defer r.syncStep()
	if err := r.checkTime(ctx); err != nil {
		t.Reason = "not started: " + err.Error()
		return err
	}
	r.emitTarget(Event{Kind: EventTargetStart, Phase: "baseline", Entry: r.entriesText()})
	if err := r.preDeny(ctx, t); err != nil {
		return err
	}
	if err := r.apply(ctx, t); err != nil {
		return err
	}
	log.Info("deny entries in place: observing", "entries", len(r.win), "rules", r.ruleNumbers(), "direction", r.p.Deny.Dir().String(), "window", r.p.Timing.Window.D())
	r.emitTarget(Event{Kind: EventApplied, Entry: r.entriesText(), WindowEnd: t.AppliedAt.Add(r.p.Timing.Window.D())})
	obs := newObservation(r, t, *t.AppliedAt)
	if err := obs.window(ctx, log); err != nil {
		t.Reason = "stopped during the window: " + err.Error()
		if ctx.Err() != nil {
			t.Reason = "interrupted during the window"
		}
		return err
	}
	if err := r.undo(ctx, "end of window"); err != nil {
		return err
	}
	if err := obs.recovery(ctx, log); err != nil {
		return err
	}
	obs.verdict()
	return nil
}

// preDeny refuses to deny when the ACL drifted, a rule number is no
// longer free or something is already failing.
func (r *runner) preDeny(ctx context.Context, t *TargetResult) error {
	snap, err := acl.Describe(ctx, r.d.EC2, r.res.ACL)
	if err != nil {
		t.Reason = "could not read the ACL: " + err.Error()
		return err
	}
	if err := r.checkDrift(snap); err != nil {
		t.Reason = "not started: " + err.Error()
		return err
	}
	for _, p := range r.win {
		if x, ok := snap.Find(p.RuleNumber, p.Direction); ok {
			t.Reason = fmt.Sprintf("not started: rule %d is taken (%s %s)", p.RuleNumber, x.Action, x.CIDR)
			return stopf("drift: %s", t.Reason)
		}
	}
	h, err := r.poll(ctx)
	t.Timeline = append(t.Timeline, h.samples("baseline")...)
	if err != nil {
		t.Reason = "health unknown before the deny: " + err.Error()
		return err
	}
	if h.stopAlarm != "" {
		t.Reason = "not started: stop alarm " + h.stopAlarm + " in ALARM"
		return stopf("stop alarm %s in ALARM", h.stopAlarm)
	}
	if len(h.failing) > 0 {
		t.Reason = "baseline not healthy before the deny: " + failureNames(h.failing)
		return stopf("not healthy before target %s: %s", t.Members(), failureNames(h.failing))
	}
	return nil
}

// apply journals every entry of the window, records them on the lease,
// creates them and waits until each is visible. The window starts when
// the last create returned (t.AppliedAt).
func (r *runner) apply(ctx context.Context, t *TargetResult) error {
	r.openStep()
	for i := range r.win {
		if err := r.j.Write(r.win[i].Record(acl.OpCreateIntent)); err != nil {
			t.Reason = "journal: " + err.Error()
			return err
		}
		// From the journal record on, the entry counts as possibly in
		// place: finish verifies it gone (and journals so) on every path.
		r.win[i].state = stateApplying
	}
	if err := r.setLeaseEntries(ctx, r.entries()); err != nil {
		t.Reason = "lease: " + err.Error()
		return err
	}
	var last time.Time
	for i := range r.win {
		e := r.win[i].Entry
		created, err := r.ops.Apply(ctx, e)
		if err != nil {
			t.Reason = "could not apply the deny entry: " + err.Error()
			return err
		}
		r.win[i].state = stateApplied
		last = created.UTC()
		rec := e.Record(acl.OpCreateDone)
		rec.Detail = "visible in DescribeNetworkAcls"
		if err := r.j.Write(rec); err != nil {
			return err
		}
	}
	t.AppliedAt = &last
	return nil
}

// checkTime ends the run when interrupted or past max_duration.
func (r *runner) checkTime(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !r.clock.Now().Before(r.deadline) {
		return stopf("max_duration %s reached", r.p.Timing.MaxDuration.D())
	}
	return nil
}

// checkDrift compares the ACL with what it must be: the baseline plus
// the window's entries while they are in place, and our lease.
func (r *runner) checkDrift(snap *change.Snapshot) error {
	got := snap.Entries
	for _, p := range r.win {
		if p.state != stateApplied {
			continue
		}
		rest, found := got[:0:0], false
		for _, x := range got {
			if p.Matches(x) && !found {
				found = true
				continue
			}
			rest = append(rest, x)
		}
		if !found {
			return stopf("drift: our entry %s disappeared from the ACL", p.String())
		}
		got = rest
	}
	if diff := acl.Diff(r.base, got); len(diff) > 0 {
		return stopf("drift: someone else changed the ACL: %v", diff)
	}
	if v, _ := acl.LeaseValue(snap.Tags); v != r.leaseVal {
		return stopf("drift: the lease tag changed (now %q): another run or a recover touched the ACL", v)
	}
	return nil
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func secondsSince(from, to time.Time) float64 { return to.Sub(from).Seconds() }
