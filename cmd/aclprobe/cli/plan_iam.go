package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
)

// planIAMOptions are the inputs of `plan iam-policy`.
type planIAMOptions struct {
	File string
}

func newPlanIAMPolicyCmd(app *App) *cobra.Command {
	opts := &planIAMOptions{}
	return &cobra.Command{
		Use:   "iam-policy FILE",
		Short: "Print the minimal IAM policy a plan needs",
		Long: `Print, as JSON on stdout, the least-privilege IAM policy a run of the plan
needs: read-only describe calls (DescribeNetworkAcls, DescribeSubnets, DescribeVpcs,
DescribeAlarms, GetCallerIdentity) on *, and the entry and tag changes
(CreateNetworkAclEntry, DeleteNetworkAclEntry, CreateTags, DeleteTags)
only on the plan's network ACL in each allowed account.`,
		Example: "  aclprobe plan iam-policy plan.yaml > aclprobe-policy.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return runPlanIAM(cmd.Context(), app, opts)
		},
	}
}

func runPlanIAM(_ context.Context, app *App, opts *planIAMOptions) error {
	p, _, err := plan.Load(opts.File)
	if err != nil {
		return err
	}
	b, err := plan.MinimalIAMPolicy(p).JSON()
	if err != nil {
		return err
	}
	_, err = app.IO.Out.Write(b)
	return err
}
