package run

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/aclprobe/aclprobe/acl"
	"github.com/aclprobe/aclprobe/acl/change"
	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/plan"
)

// File names inside a run's output directory.
const (
	JournalFile = "journal.jsonl"
	ResultsFile = "results.json"
)

// Options describe one run.
type Options struct {
	Plan     *plan.Plan // loaded, defaulted and validated
	PlanPath string
	PlanSHA  string
	OutDir   string // created if needed; journal.jsonl and results.json go here
	RunID    string // unique; also the lease's run id
	Owner    string // who runs it (user@host), written on the lease
	// Confirm is called after a successful preflight, before the first
	// change; an error refuses the run (nothing changed). nil: no prompt.
	Confirm func(ctx context.Context, checks []plan.Check) error
	// OnUndo, when set, is told what is being undone (for a second Ctrl-C).
	OnUndo func(what string)
	// Events, when set, receives what a person at the terminal needs to
	// see (see Event); the log has everything.
	Events EventSink
}

// ErrInterrupted is wrapped by Run's error after SIGINT/SIGTERM (after
// rollback); ErrStopped when a stop alarm, the maximum duration, drift or
// a failed recovery ended the run early; ErrLeftover when a change could
// not be undone (see Results.Leftovers); ErrPanic when a panic (a bug)
// ended it, after the undo.
var (
	ErrPanic       = errors.New("panic")
	ErrInterrupted = errors.New("run interrupted")
	ErrStopped     = errors.New("run stopped")
	ErrLeftover    = errors.New("a change could not be undone")
)

// stopError ends a run early with outcome stopped.
type stopError struct{ reason string }

func (e *stopError) Error() string { return e.reason }

func stopf(format string, args ...any) error { return &stopError{reason: fmt.Sprintf(format, args...)} }

// Run executes the blast test: preflight, confirmation, lease, then each
// target in turn (journal, deny, observe, undo, recover, cooldown),
// undoing the entry in place on every exit path, and writes journal.jsonl
// and results.json into OutDir. It returns the results (also when it
// fails; nil only if OutDir cannot be prepared) and an error wrapping
// ErrPreflight, ErrInterrupted, ErrStopped or ErrLeftover (and
// ErrNotStarted when it ended before its first change), or another
// error that ended it. A run that completed and undid everything returns
// nil, whatever the verdicts.
func Run(ctx context.Context, d Deps, o Options) (*Results, error) {
	if err := ClaimOutDir(o.OutDir); err != nil {
		return nil, err
	}
	r := newRunner(d, o)
	j, err := acl.OpenJournal(filepath.Join(o.OutDir, JournalFile), o.RunID, d.Region, func() time.Time { return r.clock.Now() })
	if err != nil {
		return nil, err
	}
	defer j.Close()
	r.j, r.ops.Log = j, r.log
	runErr := r.run(ctx)
	err = r.finish(ctx, runErr)
	if err != nil && r.notStarted() {
		err = fmt.Errorf("%w; %w", err, ErrNotStarted)
	}
	return r.res, err
}

type runner struct {
	d      Deps
	o      Options
	p      *plan.Plan
	clock  clock.Clock
	log    *slog.Logger
	ops    *acl.Ops
	j      *acl.Journal
	res    *Results
	pf     *preflight
	probes ProbeSet

	lease    acl.Lease // our lease; RunID empty until acquired
	leaseVal string    // the lease tag's value as we last wrote it
	// leaseTried are values whose write failed unverified: one may be on
	// the tag all the same, so finish releases each.
	leaseTried []string
	base       []change.Entry
	win        []placed      // the current window's deny entries and where each stands
	winTargets []int         // the 1-based numbers of the current window's targets
	cur        *TargetResult // records the current window: its target, or in group mode the window's own result
	step       int           // index of the current window in res.Steps; -1 before the first
	deadline   time.Time
}

func newRunner(d Deps, o Options) *runner {
	r := &runner{d: d, o: o, p: o.Plan, step: -1, clock: d.clock(), log: d.log().With("run", o.RunID, "acl", o.Plan.Target.NetworkACL), ops: d.ops()}
	r.ops.Log = r.log
	p := o.Plan
	r.res = &Results{
		SchemaVersion: ResultsSchemaVersion, RunID: o.RunID,
		Plan:   PlanRef{Path: o.PlanPath, Name: p.Name, SHA256: o.PlanSHA},
		Region: d.Region, ACL: p.Target.NetworkACL, Direction: p.Deny.Dir().String(),
		StartedAt: r.clock.Now().UTC(), Targets: make([]TargetResult, 0, len(p.Targets)), Steps: []StepResult{}, Leftovers: []Leftover{},
		Watched: Watched{Alarms: []string{}, StopAlarms: []string{}, Probes: []string{}},
	}
	return r
}

// run does everything up to the last target; the caller undoes and
// writes results whatever it returns.
func (r *runner) run(ctx context.Context) (err error) {
	defer func() {
		if v := recover(); v != nil {
			// finish undoes and writes results as on any other error.
			err = fmt.Errorf("%w: %v\n%s", ErrPanic, v, debug.Stack())
		}
	}()
	if err := r.j.Write(acl.JournalRecord{Op: acl.OpRunStart, ACL: r.res.ACL, Detail: fmt.Sprintf("plan %s sha256 %s", r.o.PlanPath, r.o.PlanSHA)}); err != nil {
		return err
	}
	if err := r.prepare(ctx); err != nil {
		return err
	}
	// The probes are stopped by finish, after the undo.
	r.deadline = r.clock.Now().Add(r.p.Timing.MaxDuration.D())
	if err := r.acquireLease(ctx); err != nil {
		return err
	}
	if r.p.Strategy.Group() {
		return r.runGroups(ctx)
	}
	for i, s := range r.pf.steps {
		if err := r.runTarget(ctx, i, s); err != nil {
			return err
		}
	}
	return nil
}
