package cli

import "github.com/spf13/cobra"

func newRunCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "run",
		Short:   "Run (or preview with --dry-run) a blast test plan",
		Example: "  aclprobe run plan.yaml --dry-run",
		RunE:    notBuilt,
	}
}
