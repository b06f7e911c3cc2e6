package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// undoNotice tells the user, on every SIGINT/SIGTERM, that the run is
// undoing and what: main's signal-aware context stops the run at the
// first signal and keeps catching the next ones, so a second Ctrl-C never
// skips the undo; this only explains it.
type undoNotice struct {
	w           io.Writer
	acl, region string

	mu   sync.Mutex
	what string
	seen int
}

func newUndoNotice(w io.Writer, acl, region string) *undoNotice {
	return &undoNotice{w: w, acl: acl, region: region}
}

// set records what is being undone (run.Options.OnUndo).
func (u *undoNotice) set(what string) {
	u.mu.Lock()
	u.what = what
	u.mu.Unlock()
}

// runStopSignals are the signals that stop a run (after its undo): Ctrl-C,
// SIGTERM, and SIGHUP (the terminal or ssh session went away), which
// would otherwise kill the process with the entry in place.
var runStopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// runContext is ctx, also cancelled by SIGHUP (main's context already
// covers SIGINT and SIGTERM) until stop, with the signal as its cause. It also keeps SIGPIPE from
// killing the process for the rest of its life: with stderr piped into
// `tee` that died with the Ctrl-C, the undo's next log line (or the exit
// message after it) would otherwise end aclprobe before the undo or with
// the wrong exit code. Writes to the broken pipe fail with EPIPE instead.
func runContext(ctx context.Context) (context.Context, func()) {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	return SignalContext(ctx, syscall.SIGHUP)
}

// watchSignals prints a notice on each signal until the returned stop.
func (u *undoNotice) watchSignals() (stop func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, runStopSignals...)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case sig := <-ch:
				u.notice(sig)
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

func (u *undoNotice) notice(sig os.Signal) {
	u.mu.Lock()
	u.seen++
	seen, what := u.seen, u.what
	u.mu.Unlock()
	if seen == 1 {
		fmt.Fprintf(u.w, "\naclprobe: %v: stopping; the deny entry in place (if any) is removed before exit\n", sig)
		return
	}
	if what == "" {
		what = "the deny entry in place"
	}
	fmt.Fprintf(u.w, "\naclprobe: %v again: NOT skipping the undo. Still %s.\n"+
		"  aclprobe exits when it is done. If you kill -9 it, run: aclprobe recover --acl %s --region %s --force\n", sig, what, u.acl, u.region)
}
