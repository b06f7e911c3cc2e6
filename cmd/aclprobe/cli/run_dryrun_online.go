package cli

import (
	"context"
	"fmt"

	"github.com/aclprobe/aclprobe/plan"
)

// dryRunOnline runs the read-only preflight the real run makes and fills
// in the snapshot, checks and steps.
func dryRunOnline(ctx context.Context, app *App, p *plan.Plan, in *plan.PreviewInput) error {
	return fmt.Errorf("run --dry-run with AWS access: preflight %w (use --offline)", ErrNotBuilt)
}
