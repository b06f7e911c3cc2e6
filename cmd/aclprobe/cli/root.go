// Package cli builds aclprobe's cobra command tree. Each command has an
// Options struct bound to its flags and a plain runX(ctx, opts) function
// that tests call directly; main only builds the root and maps errors to
// exit codes.
package cli

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// App is what every command shares: streams, the lazy AWS factory, the
// logger (configured from the global flags before any command runs).
type App struct {
	IO        *IO
	AWS       *Factory
	Log       *slog.Logger
	logLevel  string
	logFormat string
}

// NewRootCmd builds the whole command tree.
func NewRootCmd(io *IO) *cobra.Command {
	app := &App{IO: io, AWS: &Factory{}, Log: slog.New(slog.DiscardHandler)}
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
			return app.setupLogging()
		},
	}
	root.SetVersionTemplate("aclprobe {{.Version}}\n")
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetIn(io.In)
	pf := root.PersistentFlags()
	pf.StringVar(&app.AWS.Region, "region", "", "AWS region (default: the SDK chain, e.g. AWS_REGION)")
	pf.StringVar(&app.AWS.Profile, "profile", "", "AWS shared config profile (default: the SDK chain, e.g. AWS_PROFILE)")
	pf.StringVar(&app.logLevel, "log-level", "info", "log level on stderr: debug, info, warn, error")
	pf.StringVar(&app.logFormat, "log-format", "text", "log format on stderr: text or json")

	planCmd := &cobra.Command{
		Use:   "plan",
		Short: "Generate, validate and explain test plans",
		Example: `  aclprobe plan generate flowlogs/ --region eu-west-1 --acl acl-0a1b2c3d4e5f60718 \
      --account 111122223333 --alarm staging-api-5xx -o plan.yaml
  aclprobe plan validate plans/*.yaml
  aclprobe plan iam-policy plans/nat-top-talkers.yaml`,
	}
	planCmd.AddCommand(newPlanGenerateCmd(app), newPlanValidateCmd(app), newPlanIAMPolicyCmd(app))

	root.AddCommand(
		newAnalyzeCmd(app),
		newImpactCmd(app),
		planCmd,
		newRunCmd(app),
		newRecoverCmd(app),
		newReportCmd(app),
		newProbeCmd(app),
		newAthenaCmd(app),
		newVersionCmd(app),
	)
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Example = `  source <(aclprobe completion bash)
  aclprobe completion zsh > "${fpath[1]}/_aclprobe"
  aclprobe completion fish > ~/.config/fish/completions/aclprobe.fish`
	}
	strictGroups(root)
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

func (a *App) setupLogging() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(a.logFormat) {
	case "text":
		a.Log = slog.New(slog.NewTextHandler(a.IO.ErrOut, opts))
	case "json":
		a.Log = slog.New(slog.NewJSONHandler(a.IO.ErrOut, opts))
	default:
		return fmt.Errorf("--log-format %q: want text or json", a.logFormat)
	}
	return nil
}
