package cli

import "github.com/spf13/cobra"

func newAthenaCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:     "athena",
		Short:   "Athena helpers (print the flow log table DDL)",
		Example: "  aclprobe athena ddl --fields 'version account-id ...' --location s3://bucket/AWSLogs/111122223333/vpcflowlogs/eu-west-1/",
		RunE:    notBuilt,
	}
}
