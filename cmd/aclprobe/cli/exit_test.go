package cli

import (
	"bytes"
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// Interrupted is told apart from crashed (the Go runtime exits 2 on a
// panic or fatal error): a signal exits with 128 + its number, as a shell
// reports it. A probe that sleeps keeps `aclprobe probe` busy until the
// signal arrives; no AWS is involved.
func TestBinaryInterruptExitCodes(t *testing.T) {
	plan := writeProbePlan(t, "    - name: slow\n      command: {argv: [sleep, \"30\"]}\n      timeout: 10s\n")
	for _, tc := range []struct {
		sig  syscall.Signal
		want int
	}{
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			p := startBinary(t, "", nil, "probe", plan)
			errOut := p.stderr
			for deadline := time.Now().Add(20 * time.Second); !strings.Contains(errOut.String(), "running probes once"); {
				if time.Now().After(deadline) {
					_ = p.cmd.Process.Kill()
					t.Fatalf("the probe never started; stderr:\n%s", errOut)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := p.cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			if code := p.wait(); code != tc.want {
				t.Fatalf("exit %d after %v, want %d; stderr:\n%s", code, tc.sig, tc.want, errOut)
			}
			if !strings.Contains(errOut.String(), "context canceled") && !strings.Contains(errOut.String(), "signal") {
				t.Errorf("stderr does not say it was stopped:\n%s", errOut)
			}
		})
	}
}

// A panic in a command is a crash, not an interruption or a plain error:
// a clear message, the stack, and exit 70 (EX_SOFTWARE). main exits with
// what Execute returns.
func TestExecuteCrash(t *testing.T) {
	var out, errOut bytes.Buffer
	root := NewRootCmd(&IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	root.AddCommand(&cobra.Command{Use: "boom", RunE: func(_ *cobra.Command, args []string) error {
		return []error{}[len(args)] // a real bug: index out of range
	}})
	root.SetArgs([]string{"boom"})
	if code := Execute(context.Background(), root); code != ExitCrash {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitCrash, errOut.String())
	}
	got := errOut.String()
	for _, want := range []string{"aclprobe: internal error (crash): runtime error: index out of range [0] with length 0", "goroutine ", "exit_test.go"} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q:\n%s", want, got)
		}
	}
}

// The exit code a context stopped by a signal maps to.
func TestSignalExitCodes(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		want int
	}{
		{syscall.SIGHUP, 129},
		{syscall.SIGINT, 130},
		{syscall.SIGTERM, 143},
	}
	for _, tc := range tests {
		t.Run(tc.sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(&SignalError{Signal: tc.sig})
			if got := interruptedCode(ctx); got != tc.want {
				t.Fatalf("interruptedCode = %d, want %d", got, tc.want)
			}
			if got := exitCode(ctx, ctx.Err(), &bytes.Buffer{}); got != tc.want {
				t.Fatalf("exitCode = %d, want %d", got, tc.want)
			}
		})
	}
}
