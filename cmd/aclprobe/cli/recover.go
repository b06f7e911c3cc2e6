package cli

import "github.com/spf13/cobra"

func newRecoverCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "recover",
		Short:   "Remove what a killed run left behind (entries and lease)",
		Example: "  aclprobe recover --acl acl-0abc --region eu-west-1",
		RunE:    notBuilt,
	}
}
