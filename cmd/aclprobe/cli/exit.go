package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes, the same for every command (documented in the README).
const (
	ExitOK          = 0 // success
	ExitFailure     = 1 // error; nothing was changed
	ExitInterrupted = 2 // interrupted by SIGINT/SIGTERM, after rollback
	ExitFinding     = 3 // impact found flows that the block would cut
	ExitRollback    = 4 // a rollback could not be completed; the message says what is left
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
// and prints it on stderr.
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
		return ExitInterrupted
	}
	return ExitFailure
}
