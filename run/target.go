package run

import (
	"context"
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/plan"
)

// runTarget runs one step: check health and drift, journal, deny, observe,
// undo, wait for recovery, cool down. It returns an error (possibly a
// *stopError) to end the run; the entry, if in place, is undone by finish.
func (r *runner) runTarget(ctx context.Context, i int, s plan.Step) error {
	t := &TargetResult{CIDR: s.CIDR, Label: s.Target.Label, Evidence: s.Target.Evidence, Verdict: VerdictInconclusive,
		BrokenBy: []Break{}, RuleNumber: s.RuleNumber, Timeline: []Sample{},
		CouldDetect: r.pf.couldDetect(), Path: r.pf.pathResult(i)}
	r.res.Targets = append(r.res.Targets, *t)
	r.cur = &r.res.Targets[len(r.res.Targets)-1]
	t = r.cur
	r.entry, r.state = acl.Entry{ACL: r.res.ACL, Entry: s.Entry}, statePending
	log := r.log.With("target", fmt.Sprintf("%d/%d", i+1, len(r.pf.steps)), "cidr", s.CIDR, "label", s.Target.Label)
	if err := r.checkTime(ctx); err != nil {
		t.Reason = "not started: " + err.Error()
		return err
	}
	r.emitTarget(Event{Kind: EventTargetStart, Phase: "baseline", Entry: r.entry.String()})
	if err := r.preDeny(ctx, s, t); err != nil {
		return err
	}
	if err := r.apply(ctx, t); err != nil {
		return err
	}
	log.Info("deny entry in place: observing", "rule", s.RuleNumber, "direction", s.Direction.String(), "window", r.p.Timing.Window.D())
	r.emitTarget(Event{Kind: EventApplied, Entry: r.entry.String(), WindowEnd: t.AppliedAt.Add(r.p.Timing.Window.D())})
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
	log.Info("verdict", "verdict", t.Verdict, "broken_by", breakNames(t.BrokenBy), "recovered_after_s", deref(t.RecoveredAfter))
	r.emitVerdict(t)
	if i < len(r.pf.steps)-1 && r.p.Timing.Cooldown.D() > 0 {
		log.Info("cooldown", "for", r.p.Timing.Cooldown.D())
		return obs.cooldown(ctx)
	}
	return nil
}

// preDeny refuses to deny when the ACL drifted, the rule number is no
// longer free or something is already failing.
func (r *runner) preDeny(ctx context.Context, s plan.Step, t *TargetResult) error {
	snap, err := acl.Describe(ctx, r.d.EC2, r.res.ACL)
	if err != nil {
		t.Reason = "could not read the ACL: " + err.Error()
		return err
	}
	if err := r.checkDrift(snap); err != nil {
		t.Reason = "not started: " + err.Error()
		return err
	}
	if x, ok := snap.Find(s.RuleNumber, s.Direction); ok {
		t.Reason = fmt.Sprintf("not started: rule %d is taken (%s %s)", s.RuleNumber, x.Action, x.CIDR)
		return stopf("drift: %s", t.Reason)
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
		return stopf("not healthy before target %s: %s", s.CIDR, failureNames(h.failing))
	}
	return nil
}

// apply journals the current entry, records it on the lease, creates it
// and waits until it is visible.
func (r *runner) apply(ctx context.Context, t *TargetResult) error {
	e := r.entry
	if err := r.j.Write(e.Record(acl.OpCreateIntent)); err != nil {
		t.Reason = "journal: " + err.Error()
		return err
	}
	// From the journal record on, the entry counts as possibly in place:
	// finish verifies it gone (and journals so) on every path.
	r.state = stateApplying
	if err := r.setLeaseEntry(ctx, &e); err != nil {
		t.Reason = "lease: " + err.Error()
		return err
	}
	created, err := r.ops.Apply(ctx, e)
	if err != nil {
		t.Reason = "could not apply the deny entry: " + err.Error()
		return err
	}
	created = created.UTC()
	t.AppliedAt, r.state = &created, stateApplied
	rec := e.Record(acl.OpCreateDone)
	rec.Detail = "visible in DescribeNetworkAcls"
	return r.j.Write(rec)
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

// checkDrift compares the ACL with what it must be: the baseline plus our
// entry while it is in place, and our lease tag.
func (r *runner) checkDrift(snap *change.Snapshot) error {
	got := snap.Entries
	if r.state == stateApplied {
		got = nil
		found := false
		for _, x := range snap.Entries {
			if r.entry.Matches(x) && !found {
				found = true
				continue
			}
			got = append(got, x)
		}
		if !found {
			return stopf("drift: our entry %s disappeared from the ACL", r.entry.String())
		}
	}
	if diff := acl.Diff(r.base, got); len(diff) > 0 {
		return stopf("drift: someone else changed the ACL: %v", diff)
	}
	if v := snap.Tags[acl.LeaseTag]; v != r.leaseVal {
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
