package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aclprobe/aclprobe/plan"
)

// runDryRun previews o.PlanPath: every step, offline (only when asked, with
// --offline) or with read-only preflight checks against AWS. A bad plan fails
// (exit 1) before anything else. Without AWS access an online preview fails
// too (exit 1, pointing at --offline) rather than quietly skipping the
// preflight, and so does a failed preflight check, so a CI job can gate on
// it.
func runDryRun(ctx context.Context, o *RunOptions) error {
	planPath, offline := o.PlanPath, o.Offline
	p, sum, err := plan.Load(planPath)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	if o.AssumeBreaking > 0 {
		p.Strategy.AssumeBreaking = o.AssumeBreaking
	}
	in := plan.PreviewInput{Path: planPath, SHA256: sum, Plan: p}
	if !offline {
		if err := o.AWS.usePlanRegion(p); err != nil {
			return WithCode(ExitFailure, err)
		}
	}
	if offline {
		in.OfflineReason = "--offline"
	} else if reason := o.AWS.credentialsMissing(ctx); reason != "" {
		return WithCode(ExitFailure, fmt.Errorf("dry run: no AWS access (%s): the read-only preflight checks cannot run; "+
			"for the preview without them run: aclprobe run %s --dry-run --offline", reason, planPath))
	} else if err := dryRunOnline(ctx, o, p, &in); err != nil {
		return err
	}
	if in.Steps == nil {
		if in.Steps, err = plan.Steps(p, nil); err != nil {
			return WithCode(ExitFailure, err)
		}
	}
	if err := plan.Preview(o.IO.Out, in); err != nil {
		return fmt.Errorf("write preview: %w", err)
	}
	fmt.Fprintf(o.IO.ErrOut, "To run exactly this plan (sha256 %s):\n  aclprobe run %s --plan-sha256 %s\n", sum, planPath, sum)
	if hasFailedCheck(in.Checks) {
		return WithCode(ExitFailure, errors.New("dry run: a preflight check failed; the run would refuse"))
	}
	return nil
}
