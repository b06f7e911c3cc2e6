package run

import (
	"context"
	"fmt"
	"strings"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
)

// checkAlarms resolves the watched and stop alarms and checks they are OK.
func (pf *preflight) checkAlarms(ctx context.Context, d Deps, p *plan.Plan) {
	w := p.Watch
	if len(w.Alarms)+len(w.AlarmPrefixes)+len(w.Probes) == 0 {
		pf.add("watch: something to watch", false, "the plan watches no alarm and no probe: nothing could say a target broke")
	}
	if len(w.Alarms)+len(w.AlarmPrefixes) > 0 {
		pf.alarms = d.alarms(w.Alarms, w.AlarmPrefixes)
		pf.alarmNames = pf.checkAlarmSet(ctx, "alarms: watched alarms exist and are OK", pf.alarms)
	}
	if len(w.StopAlarms) > 0 {
		pf.stop = d.alarms(w.StopAlarms, nil)
		pf.stopNames = pf.checkAlarmSet(ctx, "alarms: stop alarms exist and are OK", pf.stop)
	}
}

func (pf *preflight) checkAlarmSet(ctx context.Context, name string, a interface {
	Resolve(context.Context) ([]string, error)
	CheckOK(context.Context) error
}) []string {
	names, err := a.Resolve(ctx)
	if err != nil {
		pf.add(name, false, err.Error())
		return nil
	}
	if err := a.CheckOK(ctx); err != nil {
		pf.add(name, false, err.Error())
		return names
	}
	pf.add(name, true, fmt.Sprintf("%d alarm(s) in OK: %s", len(names), strings.Join(names, ", ")))
	return names
}

// checkProbes runs the probes' baseline once (the preview's check; the
// run baselines the set it keeps).
func (pf *preflight) checkProbes(ctx context.Context, d Deps, p *plan.Plan) {
	const name = "probes: baseline passes"
	set, err := d.newProbes(p.Watch.Probes, p.Timing.PollInterval.D())
	if err != nil {
		pf.add(name, false, err.Error())
		return
	}
	if _, err := set.Baseline(ctx); err != nil {
		pf.add(name, false, err.Error())
		return
	}
	pf.add(name, true, fmt.Sprintf("%d probe(s) passed: %s", len(set.Names()), strings.Join(set.Names(), ", ")))
}

// checkDryRun asks EC2, with DryRun, whether the caller may create and
// delete entries at the first step's rule number.
func (pf *preflight) checkDryRun(ctx context.Context, d Deps, o preflightOpts) error {
	if len(pf.steps) == 0 {
		pf.add("dry run: CreateNetworkAclEntry", false, "no steps")
		return nil
	}
	e := acl.Entry{ACL: pf.snap.ID, Entry: pf.steps[0].Entry}
	var before func(acl.Entry) error
	if o.journal != nil {
		before = func(e acl.Entry) error {
			r := e.Record(acl.OpCreateIntent)
			r.Detail = "dry run permission check (an API that ignores DryRun really creates it)"
			return o.journal.Write(r)
		}
	}
	res, err := d.ops().DryRunChecks(ctx, e, before)
	// DryRunChecks returns nil only when no check entry is left (never
	// created, or removed and verified gone).
	if o.journal != nil && err == nil {
		probeEntry := e
		probeEntry.CIDR = acl.ProbeCIDR
		r := probeEntry.Record(acl.OpDeleteDone)
		r.Detail = "dry run permission check: no entry left"
		if jerr := o.journal.Write(r); jerr != nil {
			return jerr
		}
	}
	pf.add("dry run: CreateNetworkAclEntry", res.CreateOK, res.CreateDetail)
	if err != nil {
		pf.add("dry run: DeleteNetworkAclEntry", false, "not checked: "+err.Error())
		return err
	}
	pf.add("dry run: DeleteNetworkAclEntry", res.DeleteOK, res.DeleteDetail)
	if res.Created {
		d.log().Error("the EC2 API ignored DryRun on CreateNetworkAclEntry and really created an entry; it was removed and verified gone",
			"acl", e.ACL, "rule", e.RuleNumber, "cidr", acl.ProbeCIDR)
	}
	return nil
}
