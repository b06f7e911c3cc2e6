// Package cli builds aclprobe's cobra command tree. Each command has an
// Options struct bound to its flags that carries its dependencies (taken
// from a Factory of streams, logger, prompter and lazy AWS client
// constructors), a NewCmdX(f, runF) whose runF hook lets tests check the
// parsed flags alone, and a plain runX(ctx, opts) function that tests call
// directly, on fakes; main only builds the root and maps errors to exit
// codes.
package cli

import (
	"context"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// NewRootCmd builds the whole command tree on the factory of real AWS
// clients over io.
func NewRootCmd(io *IO) *cobra.Command {
	return newRootCmd(NewFactory(io))
}

// newRootCmd builds the whole command tree on f: the global flags bind to
// f's AWS configuration and logger, each command takes what it uses from f.
func newRootCmd(f *Factory) *cobra.Command {
	io := f.IOStreams
	logs := &logConfig{}
	f.Logger, f.LogHandler = logs.Logger, logs.Handler
	f.AWS.Log = logs.Logger
	root := &cobra.Command{
		Use:   "aclprobe",
		Short: "Find which external service breaks when one IP is denied in a staging network ACL",
		Long: `aclprobe reads VPC Flow Logs to find the top talkers, writes a reviewable
test plan, then denies one destination at a time in a staging network ACL
while watching CloudWatch alarms and its own probes, always removing the
entry again, and reports which service broke for which IP.`,
		Example: `  # top talkers of the built-in sample (no AWS needed)
  aclprobe analyze testdata/sample/

  # plan, review, preview, run, report
  aclprobe plan generate flowlogs/ --region eu-west-1 --acl acl-0a1b2c3d4e5f60718 \
      --account 111122223333 --require-tag Environment=staging --alarm staging-api-5xx -o plan.yaml
  aclprobe plan validate plan.yaml
  aclprobe run plan.yaml --dry-run
  aclprobe run plan.yaml
  aclprobe report runs/<run-dir>/`,
		Version:       currentVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if fl := cmd.Flags().Lookup("log-level"); fl != nil {
				logs.explicit = fl.Changed
			}
			return logs.setup(io.ErrOut)
		},
	}
	root.SetVersionTemplate("aclprobe {{.Version}}\n")
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetIn(io.In)
	pf := root.PersistentFlags()
	pf.StringVar(&f.AWS.Region, "region", "", "AWS region (default: the SDK chain, e.g. AWS_REGION)")
	pf.StringVar(&f.AWS.Profile, "profile", "", "AWS shared config profile (default: the SDK chain, e.g. AWS_PROFILE)")
	pf.StringVar(&logs.Level, "log-level", "info", "log level on stderr: debug, info, warn, error")
	pf.StringVar(&logs.Format, "log-format", "text", "log format on stderr: text or json")

	planCmd := &cobra.Command{
		Use:   "plan",
		Short: "Generate, validate and explain test plans",
		Example: `  aclprobe plan generate flowlogs/ --region eu-west-1 --acl acl-0a1b2c3d4e5f60718 \
      --account 111122223333 --alarm staging-api-5xx -o plan.yaml
  aclprobe plan validate plans/*.yaml
  aclprobe plan iam-policy plans/nat-top-talkers.yaml`,
	}
	planCmd.AddCommand(NewCmdPlanGenerate(f, nil), NewCmdPlanValidate(f, nil), NewCmdPlanIAMPolicy(f, nil))

	root.AddCommand(
		NewCmdAnalyze(f, nil),
		NewCmdImpact(f, nil),
		NewCmdCompare(f, nil),
		NewCmdPropose(f, nil),
		planCmd,
		NewCmdRun(f, nil),
		NewCmdRecover(f, nil),
		NewCmdReport(f, nil),
		NewCmdProbe(f, nil),
		newAthenaCmd(f),
		newRangesCmd(f),
		NewCmdVersion(f, nil),
	)
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Example = `  source <(aclprobe completion bash)
  aclprobe completion zsh > "${fpath[1]}/_aclprobe"
  aclprobe completion fish > ~/.config/fish/completions/aclprobe.fish`
	}
	strictGroups(root)
	strictHelp(root)
	return root
}

// Execute runs root with ctx and returns the process exit code. A panic
// in the command is a crash: a clear message and the stack on stderr, and
// ExitCrash (the run command undoes its changes before it gets here).
func Execute(ctx context.Context, root *cobra.Command) (code int) {
	defer func() {
		if v := recover(); v != nil {
			code = crashed(root.ErrOrStderr(), v, debug.Stack())
		}
	}()
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, err, root.ErrOrStderr())
}
