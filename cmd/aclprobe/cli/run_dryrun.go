package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aclprobe/aclprobe/plan"
)

// runDryRun previews planPath: every step, offline (only when asked, with
// offline) or with read-only preflight checks against AWS. A bad plan fails
// (exit 1) before anything else. Without AWS access an online preview fails
// too (exit 1, pointing at --offline) rather than quietly skipping the
// preflight, and so does a failed preflight check, so a CI job can gate on
// it.
func runDryRun(ctx context.Context, app *App, planPath string, offline bool) error {
	p, sum, err := plan.Load(planPath)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	in := plan.PreviewInput{Path: planPath, SHA256: sum, Plan: p}
	if !offline {
		if err := app.usePlanRegion(p); err != nil {
			return WithCode(ExitFailure, err)
		}
	}
	if offline {
		in.OfflineReason = "--offline"
	} else if reason := app.credentialsMissing(ctx); reason != "" {
		return WithCode(ExitFailure, fmt.Errorf("dry run: no AWS access (%s): the read-only preflight checks cannot run; "+
			"for the preview without them run: aclprobe run %s --dry-run --offline", reason, planPath))
	} else if err := dryRunOnline(ctx, app, p, &in); err != nil {
		return err
	}
	if in.Steps == nil {
		if in.Steps, err = plan.Steps(p, nil); err != nil {
			return WithCode(ExitFailure, err)
		}
	}
	if err := plan.Preview(app.IO.Out, in); err != nil {
		return fmt.Errorf("write preview: %w", err)
	}
	if hasFailedCheck(in.Checks) {
		return WithCode(ExitFailure, errors.New("dry run: a preflight check failed; the run would refuse"))
	}
	return nil
}

// credentialsMissing returns why AWS cannot be reached ("" when it can).
func (a *App) credentialsMissing(ctx context.Context) string {
	cfg, err := a.AWS.Config(ctx)
	if err != nil {
		return err.Error()
	}
	if cfg.Credentials == nil {
		return "no credentials provider"
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil || !creds.HasKeys() {
		return "no credentials found"
	}
	return ""
}

// usePlanRegion makes the plan's region the AWS region unless --region
// says otherwise, and refuses a --region that contradicts the plan.
func (a *App) usePlanRegion(p *plan.Plan) error {
	switch a.AWS.Region {
	case "":
		a.AWS.Region = p.Target.Region
	case p.Target.Region:
	default:
		return fmt.Errorf("--region %s contradicts the plan's target.region %s", a.AWS.Region, p.Target.Region)
	}
	return nil
}
