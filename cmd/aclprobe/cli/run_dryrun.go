package cli

import (
	"context"
	"fmt"
)

// runDryRun previews planPath: every step, offline or with read-only
// preflight checks against AWS.
func runDryRun(ctx context.Context, app *App, planPath string, offline bool) error {
	return fmt.Errorf("run --dry-run: %w", ErrNotBuilt)
}
