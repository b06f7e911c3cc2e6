package cli

import "github.com/spf13/cobra"

func newPlanGenerateCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "generate",
		Short:   "Write a test plan from flow log top talkers and explicit targets",
		Example: "  aclprobe plan generate flowlogs/ --acl acl-0abc --region eu-west-1 --account 111122223333 -o plan.yaml",
		RunE:    notBuilt,
	}
}
