package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
)

// RunOptions are the inputs of `aclprobe run`: its flags and what it
// uses (streams, logger, prompter, AWS configuration and clients, clock).
type RunOptions struct {
	IO       *IO
	Log      func() *slog.Logger
	Prompter Prompter
	AWS      *AWSConfig
	ACLClients

	// Clock is the run's time source; nil is the real clock (tests use
	// a virtual one, so a run never waits in real time).
	Clock clock.Clock

	// LogHandler builds the handler of the log records that reach
	// stderr (see Factory.LogHandler); nil: Log's.
	LogHandler func(w io.Writer, quiet slog.Level) slog.Handler

	PlanPath   string
	PlanSHA256 string
	DryRun     bool
	Offline    bool
	Yes        bool
	Out        string
	// AssumeBreaking (percent; 0: the plan's or 5%) is the share of
	// breaking targets the preview's expected campaign time assumes.
	AssumeBreaking float64
}

// newRunOptions are the options of `run` with f's dependencies and no
// flags set.
func newRunOptions(f *Factory) *RunOptions {
	return &RunOptions{
		IO: f.IOStreams, Log: f.Logger, LogHandler: f.LogHandler, Prompter: f.Prompter, AWS: f.AWS,
		ACLClients: f.ACLClients,
	}
}

// NewCmdRun builds `aclprobe run` on f. runF, when not nil, is called
// with the parsed and validated options instead of running (tests).
func NewCmdRun(f *Factory, runF func(*RunOptions) error) *cobra.Command {
	o := newRunOptions(f)
	cmd := &cobra.Command{
		Use:   "run PLAN",
		Short: "Run (or preview with --dry-run) a blast test plan",
		Long: `Run walks the plan's targets one at a time: it adds a temporary deny entry to
the staging network ACL (a service target's entries together), watches alarms
and probes for the window, removes the entry, waits until everything is
healthy again, records the verdict and moves on. With strategy mode group it
denies up to max_group targets together and splits a group that breaks until
each breaking target was denied alone; --dry-run compares the windows and
campaign time of both modes. Every read-only check runs first; on a terminal you confirm by typing the
ACL id (otherwise pass --yes). The entry in place is removed on every exit
path (error, stop alarm, max_duration, drift, Ctrl-C, SIGTERM, SIGHUP); after
a crash or kill -9 run 'aclprobe recover'.

On a terminal, one status line is redrawn in place and a line is printed only
for what matters (entry in place, a check failing with its reason, healthy
again, undo, verdict, stop); NO_COLOR or a non-terminal stderr gets the same
lines plain. The run ends with a summary. The full log (every poll, JSON lines)
goes to run.log in --out; --log-level sets what else reaches stderr (warnings
by default). --plan-sha256 refuses a plan whose content is not the reviewed one
(run --dry-run prints its digest). A refused start (failed preflight, wrong
answer or Ctrl-C at the prompt) changes nothing and --out can be used again.

Writes run.log, journal.jsonl, results.json and the reports into --out.
Exit codes: 0 completed and everything undone (whatever the verdicts),
1 refused or stopped/failed with everything undone, 4 a change could not be
undone (the command that removes it is printed and listed in results.json),
70 internal error (crash) after undoing everything, 129/130/143 interrupted
by SIGHUP/SIGINT/SIGTERM (after rollback).`,
		Example: `  aclprobe run plan.yaml --dry-run            # preview with read-only checks
  aclprobe run plan.yaml --dry-run --offline  # preview without AWS
  aclprobe run plan.yaml                      # type the ACL id to confirm
  aclprobe run plan.yaml --plan-sha256 HEX    # only the reviewed plan
  aclprobe run plan.yaml --yes --out runs/today`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.PlanPath = args[0]
			if o.Offline && !o.DryRun {
				return WithCode(ExitFailure, errors.New("--offline only goes with --dry-run"))
			}
			if cmd.Flags().Changed("assume-breaking") && (!o.DryRun || o.AssumeBreaking <= 0 || o.AssumeBreaking > 100) {
				return WithCode(ExitFailure, errors.New("--assume-breaking PCT goes with --dry-run and is a percentage above 0, at most 100"))
			}
			if runF != nil {
				return runF(o)
			}
			if o.DryRun {
				return runDryRun(cmd.Context(), o)
			}
			return runRun(cmd.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.DryRun, "dry-run", false, "preview every step and run the read-only checks (fails without AWS access); change nothing")
	fs.BoolVar(&o.Offline, "offline", false, "with --dry-run: preview only, do not contact AWS (no preflight checks)")
	fs.BoolVar(&o.Yes, "yes", false, "do not ask for confirmation (required when stdin is not a terminal)")
	fs.StringVar(&o.Out, "out", "", "output directory (default runs/<UTC time>-<plan name>/)")
	fs.StringVar(&o.PlanSHA256, "plan-sha256", "", "refuse to run unless the plan file's SHA-256 is this hex digest (the one the reviewed --dry-run printed)")
	fs.Float64Var(&o.AssumeBreaking, "assume-breaking", 0, "with --dry-run: the share of targets (percent) assumed to break for the expected campaign time (default: the plan's strategy.assume_breaking, or 5)")
	return cmd
}

// runRun executes a plan for real.
func runRun(ctx context.Context, o *RunOptions) error {
	p, sum, err := plan.Load(o.PlanPath)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	if err := checkPlanSHA(o.PlanPath, sum, o.PlanSHA256); err != nil {
		return WithCode(ExitFailure, err)
	}
	if err := o.AWS.usePlanRegion(p); err != nil {
		return WithCode(ExitFailure, err)
	}
	if !o.Yes && !o.IO.StdinIsTerminal {
		return WithCode(ExitFailure, errors.New("--yes required when not interactive: stdin is not a terminal, so the ACL id cannot be typed to confirm; nothing was changed"))
	}
	now := time.Now().UTC()
	runID := newRunID(now)
	out := o.Out
	if out == "" {
		out = filepath.Join("runs", now.Format("20060102T150405Z")+"-"+safeName(p.Name))
	}
	if err := run.ClaimOutDir(out); err != nil {
		return WithCode(ExitFailure, err)
	}
	view, log, closeLog, err := o.runOutput(out)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	defer closeLog()
	defer view.Close()
	d, err := o.deps(ctx, log)
	if err != nil {
		return WithCode(ExitFailure, explainErr(log, fmt.Errorf("%w; nothing was changed", err)))
	}
	ctx, stopRunContext := runContext(ctx)
	defer stopRunContext()
	undo := newUndoNotice(view, p.Target.NetworkACL, p.Target.Region)
	stopSignals := undo.watchSignals()
	ropts := run.Options{Plan: p, PlanPath: o.PlanPath, PlanSHA: sum, OutDir: out, RunID: runID, Owner: owner(), OnUndo: undo.set, Events: view}
	if !o.Yes {
		view.prompted = true
		ropts.Confirm = func(ctx context.Context, checks []plan.Check) error {
			fmt.Fprintf(o.IO.ErrOut, "\nPlan %s (%s)\n  sha256 %s\n", p.Name, o.PlanPath, sum)
			return o.Prompter.ConfirmRun(ctx, p, checks)
		}
	}
	writeRunHeader(view, runID, o.PlanPath, p, d.Region, sum, out)
	res, runErr := run.Run(ctx, d, ropts)
	stopSignals()
	view.Close()
	if res != nil && !errors.Is(runErr, run.ErrNotStarted) {
		o.writeRunEnd(view.st, log, res, out)
	}
	return runExit(ctx, res, explainErr(log, runErr))
}

// deps builds the clients a run (and the online preview) uses; the
// endpoints in use are listed for the self-lockout check.
func (o *RunOptions) deps(ctx context.Context, log *slog.Logger) (run.Deps, error) {
	ec2c, err := o.EC2(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	stsc, err := o.STS(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	cw, err := o.CloudWatch(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	endpoints, err := o.Endpoints(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	region, err := o.AWS.region(ctx)
	if err != nil {
		return run.Deps{}, err
	}
	return run.Deps{EC2: ec2c, STS: stsc, CloudWatch: cw, Region: region, Endpoints: endpoints, Clock: o.Clock, Log: log}, nil
}

// runExit maps a run's results and error to the documented exit codes;
// ctx is the run's context, whose cause says which signal interrupted it.
func runExit(ctx context.Context, res *run.Results, err error) error {
	if res != nil && len(res.Leftovers) > 0 {
		msg := "ROLLBACK INCOMPLETE: aclprobe could not remove what it added. Remove it now with:"
		for _, l := range res.Leftovers {
			msg += "\n  " + l.Command + "   # " + l.Describe()
		}
		return WithCode(ExitRollback, errors.New(msg))
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, run.ErrNotStarted):
		return WithCode(ExitFailure, err)
	case errors.Is(err, run.ErrInterrupted):
		return WithCode(interruptedCode(ctx), fmt.Errorf("%w; everything aclprobe added was removed", err))
	case errors.Is(err, run.ErrPanic):
		return WithCode(ExitCrash, fmt.Errorf("internal error (crash) during the run, after undoing everything aclprobe added: %w", err))
	default:
		return WithCode(ExitFailure, err)
	}
}

// newRunID is a sortable, unique run id: UTC time and 12 random hex
// digits (it keys the lease: two runs must never share one).
func newRunID(now time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%x", now.Format("20060102T150405Z"), b[:])
}
