package cli

import "github.com/spf13/cobra"

func newPlanValidateCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "validate",
		Short:   "Validate plan files strictly and report every problem",
		Example: "  aclprobe plan validate plans/*.yaml",
		RunE:    notBuilt,
	}
}
