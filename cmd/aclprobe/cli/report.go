package cli

import "github.com/spf13/cobra"

func newReportCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "report",
		Short:   "Render a run's report from results.json and journal.jsonl",
		Example: "  aclprobe report runs/2026-11-21T10-00-00Z-nat/ --format html -o report.html",
		RunE:    notBuilt,
	}
}
