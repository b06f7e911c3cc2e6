package cli

import (
	"context"
	"errors"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

// dryRunOnline runs the read-only preflight the real run makes (run.Inspect)
// and fills in the ACL snapshot, the checks, each target's path and what
// could see a break within the window, and the steps chosen against the
// ACL as it is. Failed checks are not an error here: the preview shows
// them and runDryRun exits 1 afterwards. An error means the preview cannot
// be trusted (no clients) or, with exit 4, that EC2 ignored a DryRun and
// the entry it really created could not be removed.
func dryRunOnline(ctx context.Context, o *RunOptions, p *plan.Plan, in *plan.PreviewInput) error {
	d, err := o.deps(ctx, o.Log())
	if err != nil {
		return WithCode(ExitFailure, explainErr(o.Log(), err))
	}
	f, err := run.Inspect(ctx, d, p)
	snap := f.Snapshot
	in.Snapshot, in.Checks, in.Paths, in.Detection = snap, f.Checks, f.Paths, &f.Detection
	var undo *acl.UndoError
	switch {
	case errors.As(err, &undo):
		return WithCode(ExitRollback, err)
	case err != nil && !errors.Is(err, run.ErrPreflight):
		return WithCode(ExitFailure, err)
	}
	if snap == nil {
		return nil // the ACL could not be read: the checks say why; steps stay offline
	}
	steps, err := plan.Steps(p, snap)
	if err != nil {
		if !hasFailedCheck(in.Checks) {
			in.Checks = append(in.Checks, plan.Check{Name: "plan: steps", OK: false, Detail: err.Error()})
		}
		if in.Steps, err = plan.Steps(p, nil); err != nil {
			return WithCode(ExitFailure, err)
		}
		for i := range in.Steps {
			in.Steps[i].RuleNote = "none fits this ACL: see the failed check below"
		}
		return nil
	}
	in.Steps = steps
	return nil
}

func hasFailedCheck(checks []plan.Check) bool {
	for _, c := range checks {
		if !c.OK {
			return true
		}
	}
	return false
}
