package run

import (
	"context"
	"fmt"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/probe"
)

// prepare runs the preflight, asks for confirmation and baselines and
// starts the probes. Nothing is changed on the ACL here (except an entry
// an API that ignores DryRun creates, which preflight removes at once).
func (r *runner) prepare(ctx context.Context) error {
	r.log.Info("preflight: read-only checks", "targets", len(r.p.Targets))
	pf, err := runPreflight(ctx, r.d, r.p, preflightOpts{runID: r.o.RunID, skipProbes: true, journal: r.j})
	r.pf = pf
	r.res.Account = pf.account
	for _, c := range pf.checks {
		r.res.Checks = append(r.res.Checks, Check{Name: c.Name, OK: c.OK, Warning: c.Warn, Detail: c.Detail})
		switch {
		case c.OK && c.Warn:
			r.log.Warn("preflight: "+c.Name, "result", "ok, with a warning", "detail", c.Detail)
		case c.OK:
			r.log.Info("preflight: "+c.Name, "result", "ok", "detail", c.Detail)
		default:
			r.log.Error("preflight: "+c.Name, "result", "FAILED", "detail", c.Detail)
		}
		r.emit(Event{Kind: EventCheck, Item: c.Name, OK: c.OK, Detail: c.Detail})
	}
	r.res.Watched.Alarms = nonNil(pf.alarmNames)
	r.res.Watched.StopAlarms = nonNil(pf.stopNames)
	if err != nil {
		return err
	}
	if r.o.Confirm != nil {
		if err := r.o.Confirm(ctx, pf.checks); err != nil {
			return fmt.Errorf("%w: not confirmed: %w", ErrPreflight, err)
		}
	}
	if len(r.p.Watch.Probes) == 0 {
		return nil
	}
	set, err := r.d.newProbes(r.p.Watch.Probes, r.p.Timing.PollInterval.D())
	if err != nil {
		return fmt.Errorf("%w: probes: %w", ErrPreflight, err)
	}
	r.res.Watched.Probes = nonNil(set.Names())
	r.log.Info("probes: baseline", "probes", set.Names())
	samples, err := set.Baseline(ctx)
	r.res.Baseline = append(r.res.Baseline, convertSamples(samples, "baseline")...)
	if err != nil {
		return fmt.Errorf("%w: probes: baseline: %w", ErrPreflight, err)
	}
	r.probes = set
	set.Start(ctx)
	return nil
}

func (r *runner) stopProbes() {
	if r.probes != nil {
		r.probes.Stop()
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// acquireLease takes the lease tag on the ACL (journaled first), then
// records the ACL's entries as the baseline drift is measured against.
func (r *runner) acquireLease(ctx context.Context) error {
	margin := r.p.Timing.RecoveryTimeout.D() + 10*time.Minute
	l := acl.Lease{RunID: r.o.RunID, Owner: r.o.Owner, Expires: r.deadline.Add(margin).UTC().Truncate(time.Second)}
	if err := r.j.Write(acl.JournalRecord{Op: acl.OpLeaseAcquire, ACL: r.res.ACL, Detail: l.Value()}); err != nil {
		return err
	}
	settle := r.d.LeaseSettle
	if settle <= 0 {
		settle = 2 * time.Second
	}
	// From here on, the lease may be on the ACL: finish releases it.
	r.lease, r.leaseVal = l, l.Value()
	if err := r.ops.AcquireLease(ctx, r.res.ACL, l, settle); err != nil {
		return err
	}
	r.log.Info("lease acquired", "tag", acl.LeaseTag, "expires", l.Expires.Format(time.RFC3339))
	snap, err := acl.Describe(ctx, r.d.EC2, r.res.ACL)
	if err != nil {
		return err
	}
	if diff := acl.Diff(r.pf.snap.Entries, snap.Entries); len(diff) > 0 {
		return stopf("drift: the ACL changed between preflight and the first change: %v", diff)
	}
	r.base = snap.Entries
	return nil
}

// setLeaseEntries rewrites the lease with the entries now in place (none:
// nil), so that `recover` can undo them from the lease alone. A write
// that answered an error may still have happened (a lost answer): the
// tags are read back, and the value is kept for release either way.
func (r *runner) setLeaseEntries(ctx context.Context, es []acl.Entry) error {
	l := r.lease
	l.Entries = es
	v := l.Value()
	if err := r.ops.ReplaceLease(ctx, r.res.ACL, l, r.leaseVal); err != nil {
		snap, derr := acl.Describe(context.WithoutCancel(ctx), r.d.EC2, r.res.ACL)
		if got, _ := acl.LeaseValue(snapTags(snap)); derr != nil || got != v {
			r.leaseTried = append(r.leaseTried, v) // it may be on the tag all the same
			return err
		}
		r.log.Warn("lease write answered an error but the tag holds the new value: continuing", "error", err)
	}
	r.lease, r.leaseVal = l, v
	return nil
}

func snapTags(s *change.Snapshot) map[string]string {
	if s == nil {
		return nil
	}
	return s.Tags
}

func convertSamples(in []probe.Sample, phase string) []Sample {
	out := make([]Sample, 0, len(in))
	for _, s := range in {
		out = append(out, Sample{At: s.At.UTC(), Phase: phase, Kind: s.Kind, Name: s.Name, OK: s.OK, State: s.State,
			LatencyMS: float64(s.Latency.Microseconds()) / 1000, Error: s.Error})
	}
	return out
}
