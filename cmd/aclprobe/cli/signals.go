package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// SignalError is the cancel cause of a context stopped by a signal
// (context.Cause): it says which signal, so the exit code can too.
type SignalError struct {
	Signal os.Signal
}

func (e *SignalError) Error() string { return e.Signal.String() + " signal received" }

// Is makes a SignalError count as context.Canceled, like the cause
// signal.NotifyContext sets.
func (e *SignalError) Is(target error) bool { return target == context.Canceled }

// ExitCode is the conventional exit status of a process stopped by the
// signal: 128 + its number (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
func (e *SignalError) ExitCode() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return ExitSignalBase + int(s)
	}
	return ExitSignalBase + int(syscall.SIGINT)
}

// SignalContext is signal.NotifyContext with the signal as the context's
// cause (a *SignalError). Until stop, later signals are caught too (and
// dropped here), so a second Ctrl-C does not kill the process while it
// undoes what it changed.
func SignalContext(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case s := <-ch:
			cancel(&SignalError{Signal: s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// interruptedCode is the exit code of a command that stopped because ctx
// was cancelled: 128 + the signal that did it, or 130 (as for Ctrl-C)
// when the cause is not a signal.
func interruptedCode(ctx context.Context) int {
	var se *SignalError
	if errors.As(context.Cause(ctx), &se) {
		return se.ExitCode()
	}
	return ExitSignalBase + int(syscall.SIGINT)
}
