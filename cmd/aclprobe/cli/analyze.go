package cli

import "github.com/spf13/cobra"

func newAnalyzeCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "analyze",
		Short:   "Rank top talkers in VPC Flow Logs",
		Example: "  aclprobe analyze flowlogs/ --top 20",
		RunE:    notBuilt,
	}
}
