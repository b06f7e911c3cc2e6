package cli

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/plan"
	"github.com/aclprobe/aclprobe/run"
	"github.com/aclprobe/aclprobe/run/report"
)

// runOutput sets up what a run shows and records: the terminal view on
// stderr, and the logger that writes every record as JSON lines to
// run.log in out (appended, so a refused try's log stays) and the records
// of the stderr level (warn unless --log-level says otherwise) through
// the view. The SDK's own log lines go to the same logger at debug.
func (o *RunOptions) runOutput(out string) (*terminalView, *slog.Logger, func(), error) {
	f, err := os.OpenFile(filepath.Join(out, run.LogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("run: log: %w", err)
	}
	color := o.IO.StderrIsTerminal && os.Getenv("NO_COLOR") == ""
	view := newTerminalView(o.IO.ErrOut, o.IO.StderrIsTerminal, color, o.now)
	var stderr slog.Handler
	if o.LogHandler != nil {
		stderr = o.LogHandler(view, slog.LevelWarn)
	} else {
		stderr = o.Log().Handler()
	}
	log := slog.New(slog.NewMultiHandler(slog.NewJSONHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}), stderr))
	o.AWS.Log = func() *slog.Logger { return log }
	return view, log, func() { f.Close() }, nil
}

// now is the run's clock's time (the real one unless a test set Clock).
func (o *RunOptions) now() time.Time {
	if o.Clock != nil {
		return o.Clock.Now()
	}
	return time.Now()
}

// checkPlanSHA refuses a plan whose content is not the reviewed one.
func checkPlanSHA(path, sum, want string) error {
	if want == "" || strings.EqualFold(strings.TrimSpace(want), sum) {
		return nil
	}
	return fmt.Errorf("plan %s has sha256 %s, not %s (--plan-sha256): it is not the plan that was reviewed; nothing was changed", path, sum, want)
}

// writeRunHeader says what is about to run, in two lines.
func writeRunHeader(v *terminalView, runID, path string, p *plan.Plan, region, sum, out string) {
	fmt.Fprintf(v, "aclprobe run %s: plan %s (%s), %d %s on %s in %s\n  sha256 %s, output in %s\n",
		runID, p.Name, path, len(p.Targets), plural(len(p.Targets), "target", "targets"), p.Target.NetworkACL, region, sum, out)
}

// writeRunEnd writes the reports, the verdict table (stdout) and the
// summary block (stderr) of a run that started.
func (o *RunOptions) writeRunEnd(st style, log *slog.Logger, res *run.Results, out string) {
	if err := report.WriteFiles(out); err != nil {
		log.Error("reports could not be written", "error", err)
		fmt.Fprintf(o.IO.ErrOut, "aclprobe: reports: %v\n", err)
	}
	printVerdicts(o.IO.Out, res)
	recs, err := acl.LoadJournal(filepath.Join(out, run.JournalFile))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Error("journal unreadable for the summary", "error", err)
	}
	sum := *res
	sum.Reason = explainAWS(res.Reason)
	writeSummary(o.IO.ErrOut, st, &sum, recs, out)
}
