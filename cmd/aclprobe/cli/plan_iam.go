package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
)

// PlanIAMOptions are the inputs of `plan iam-policy`.
type PlanIAMOptions struct {
	IO   *IO
	File string
}

// NewCmdPlanIAMPolicy builds `plan iam-policy` on f. runF, when not nil,
// is called with the parsed options instead of printing the policy.
func NewCmdPlanIAMPolicy(f *Factory, runF func(*PlanIAMOptions) error) *cobra.Command {
	opts := &PlanIAMOptions{IO: f.IOStreams}
	return &cobra.Command{
		Use:   "iam-policy FILE",
		Short: "Print the minimal IAM policy a plan needs",
		Long: `Print, as JSON on stdout, the least-privilege IAM policy a run of the plan
needs: read-only describe calls (DescribeNetworkAcls, DescribeSubnets, DescribeVpcs,
DescribeAlarms, GetCallerIdentity) on *, and the entry and tag changes
(CreateNetworkAclEntry, DeleteNetworkAclEntry, CreateTags, DeleteTags)
only on the plan's network ACL in each allowed account.

The policy covers the run. Generating a plan with --identify --aws-lookup
also needs ec2:DescribeNetworkInterfaces and ec2:DescribeAddresses on *
(read-only; the plan's Filters header then shows --aws-lookup).`,
		Example: "  aclprobe plan iam-policy plan.yaml > aclprobe-policy.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runPlanIAM(cmd.Context(), opts)
		},
	}
}

// runPlanIAM prints the plan's minimal IAM policy as JSON on stdout.
func runPlanIAM(_ context.Context, opts *PlanIAMOptions) error {
	p, _, err := plan.Load(opts.File)
	if err != nil {
		return err
	}
	b, err := plan.MinimalIAMPolicy(p).JSON()
	if err != nil {
		return err
	}
	_, err = opts.IO.Out.Write(b)
	return err
}
