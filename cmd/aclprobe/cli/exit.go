package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes, the same for every command (documented in the README). A
// signal exits with ExitSignalBase + its number; 2 is left to the Go
// runtime (a panic outside the command's goroutine, a fatal error).
const (
	ExitOK         = 0   // success
	ExitFailure    = 1   // error; nothing was changed
	ExitFinding    = 3   // impact found flows that the block would cut
	ExitRollback   = 4   // a rollback could not be completed; the message says what is left
	ExitCrash      = 70  // internal error (a panic), EX_SOFTWARE of sysexits.h; the message and stack are on stderr
	ExitSignalBase = 128 // interrupted, after rollback, by signal N: 128+N (129 SIGHUP, 130 SIGINT, 143 SIGTERM)
)

// ExitError carries a specific exit code out of a command. Err may be nil
// when the command already printed everything (for example a finding).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// WithCode wraps err so that the process exits with code.
func WithCode(code int, err error) error { return &ExitError{Code: code, Err: err} }

// exitCode maps an error returned by a command to the documented exit code
// and prints it on stderr. ctx is the command's context: when it was
// stopped by a signal, the code says which.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(stderr, "aclprobe: %v\n", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintf(stderr, "aclprobe: %v\n", err)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return interruptedCode(ctx)
	}
	return ExitFailure
}

// crashed reports a panic recovered at the top of the command tree and
// returns ExitCrash.
func crashed(stderr io.Writer, v any, stack []byte) int {
	fmt.Fprintf(stderr, "aclprobe: internal error (crash): %v\n"+
		"This is a bug in aclprobe; please report it with the stack below. If a run was in progress,\n"+
		"check that nothing is left on the ACL with: aclprobe recover --journal RUN_DIR/journal.jsonl\n%s", v, stack)
	return ExitCrash
}
