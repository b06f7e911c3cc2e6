package cli

import "github.com/spf13/cobra"

func newProbeCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "probe",
		Short:   "Run a plan's probes once and print a table",
		Example: "  aclprobe probe plan.yaml",
		RunE:    notBuilt,
	}
}
