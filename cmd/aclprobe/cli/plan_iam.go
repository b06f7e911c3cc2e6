package cli

import "github.com/spf13/cobra"

func newPlanIAMPolicyCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "iam-policy",
		Short:   "Print the minimal IAM policy a plan needs",
		Example: "  aclprobe plan iam-policy plan.yaml",
		RunE:    notBuilt,
	}
}
