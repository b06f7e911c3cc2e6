package cli

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
	"github.com/aclprobe/aclprobe/run/report"
)

// runOptions are the flags of `aclprobe run`.
type runOptions struct {
	PlanPath string
	DryRun   bool
	Offline  bool
	Yes      bool
	Out      string
}

func newRunCmd(app *App) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run PLAN",
		Short: "Run (or preview with --dry-run) a blast test plan",
		Long: `Run walks the plan's targets one at a time: it adds a temporary deny entry to
the staging network ACL, watches alarms and probes for the window, removes the
entry, waits until everything is healthy again, records the verdict and moves
on. Every read-only check runs first; on a terminal you confirm by typing the
ACL id (otherwise pass --yes). The entry in place is removed on every exit
path (error, stop alarm, max_duration, drift, Ctrl-C, SIGTERM, SIGHUP); after
a crash or kill -9 run 'aclprobe recover'.

Writes journal.jsonl, results.json and the reports into --out.
Exit codes: 0 completed and everything undone (whatever the verdicts),
1 refused or stopped/failed with everything undone, 4 a change could not be
undone (the command that removes it is printed and listed in results.json),
70 internal error (crash) after undoing everything, 129/130/143 interrupted
by SIGHUP/SIGINT/SIGTERM (after rollback).`,
		Example: `  aclprobe run plan.yaml --dry-run            # preview with read-only checks
  aclprobe run plan.yaml --dry-run --offline  # preview without AWS
  aclprobe run plan.yaml                      # type the ACL id to confirm
  aclprobe run plan.yaml --yes --out runs/today`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.PlanPath = args[0]
			if o.DryRun {
				return runDryRun(cmd.Context(), app, o.PlanPath, o.Offline)
			}
			if o.Offline {
				return WithCode(ExitFailure, errors.New("--offline only goes with --dry-run"))
			}
			return runRun(cmd.Context(), app, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "preview every step and run the read-only checks (fails without AWS access); change nothing")
	f.BoolVar(&o.Offline, "offline", false, "with --dry-run: preview only, do not contact AWS (no preflight checks)")
	f.BoolVar(&o.Yes, "yes", false, "do not ask for confirmation (required when stdin is not a terminal)")
	f.StringVar(&o.Out, "out", "", "output directory (default runs/<UTC time>-<plan name>/)")
	return cmd
}

// runRun executes a plan for real.
func runRun(ctx context.Context, app *App, o *runOptions) error {
	p, sum, err := plan.Load(o.PlanPath)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	if err := app.usePlanRegion(p); err != nil {
		return WithCode(ExitFailure, err)
	}
	if !o.Yes && !app.IO.StdinIsTerminal {
		return WithCode(ExitFailure, errors.New("--yes required when not interactive: stdin is not a terminal, so the ACL id cannot be typed to confirm; nothing was changed"))
	}
	d, err := app.runDeps(ctx)
	if err != nil {
		return WithCode(ExitFailure, err)
	}
	now := time.Now().UTC()
	runID := newRunID(now)
	out := o.Out
	if out == "" {
		out = filepath.Join("runs", now.Format("20060102T150405Z")+"-"+safeName(p.Name))
	}
	ctx, stopRunContext := runContext(ctx)
	defer stopRunContext()
	undo := newUndoNotice(app.IO.ErrOut, p.Target.NetworkACL, p.Target.Region)
	stopSignals := undo.watchSignals()
	ropts := run.Options{Plan: p, PlanPath: o.PlanPath, PlanSHA: sum, OutDir: out, RunID: runID, Owner: owner(), OnUndo: undo.set}
	if !o.Yes {
		ropts.Confirm = func(ctx context.Context, checks []plan.Check) error { return confirm(ctx, app.IO, p, checks) }
	}
	fmt.Fprintf(app.IO.ErrOut, "aclprobe: run %s of %s (%d targets) on %s in %s; output in %s\n", runID, o.PlanPath, len(p.Targets), p.Target.NetworkACL, d.Region, out)
	res, runErr := run.Run(ctx, d, ropts)
	stopSignals()
	if res != nil {
		if err := report.WriteFiles(out); err != nil {
			fmt.Fprintf(app.IO.ErrOut, "aclprobe: reports: %v\n", err)
		}
		printVerdicts(app.IO.Out, res)
		fmt.Fprintf(app.IO.ErrOut, "aclprobe: outcome %s; results in %s\n", res.Outcome, filepath.Join(out, run.ResultsFile))
	}
	return runExit(ctx, res, runErr)
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
