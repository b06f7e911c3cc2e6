package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IO holds the streams a command uses: data goes to Out, progress, warnings
// and logs go to ErrOut. Tests swap them for buffers.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// StdinIsTerminal and StderrIsTerminal decide prompts and progress output.
	StdinIsTerminal  bool
	StderrIsTerminal bool
}

// DefaultIO returns the process's standard streams.
func DefaultIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		StdinIsTerminal:  isTerminal(os.Stdin),
		StderrIsTerminal: isTerminal(os.Stderr),
	}
}

// isTerminal reports whether f is a terminal. A character device is not
// enough: /dev/null (stdin under cron, systemd or CI) is one too.
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
