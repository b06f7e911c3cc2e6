package cli

import "github.com/spf13/cobra"

func newImpactCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "impact",
		Short:   "Prove from flow logs whether a planned block would cut observed traffic",
		Example: "  aclprobe impact flowlogs/ --block 0.0.0.0/0 --except 10.20.30.0/24",
		RunE:    notBuilt,
	}
}
