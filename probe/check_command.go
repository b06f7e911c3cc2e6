package probe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	// tailLines is how many of a command's last output lines are kept.
	tailLines = 10
	// tailLineMax caps one kept line.
	tailLineMax = 300
	// tailBytes is how much output is buffered to find the last lines.
	tailBytes = 64 << 10
	// waitDelay bounds the wait for output after the process is killed
	// (a grandchild may hold the pipe open).
	waitDelay = 2 * time.Second
)

// commandCheck runs a program without a shell; exit status 0 is healthy.
type commandCheck struct {
	argv    []string
	env     []string // the process environment plus the probe's own
	timeout time.Duration
}

// commandEnv returns the process environment with extra set on top.
func commandEnv(extra map[string]string) []string {
	env := os.Environ()
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		env = append(env, k+"="+extra[k])
	}
	return env
}

func (c *commandCheck) check(ctx context.Context) outcome {
	cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
	cmd.Env = c.env
	out := &tailWriter{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = waitDelay
	killProcessGroup(cmd)
	start := time.Now()
	err := cmd.Run()
	latency := time.Since(start)
	tail := out.lines()
	res := outcome{ok: err == nil, latency: latency, output: strings.Join(tail, "\n")}
	if len(tail) > 0 {
		res.detail = tail[len(tail)-1]
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		res.detail = strings.TrimSpace("exit 0 " + res.detail)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.err = fmt.Sprintf("timed out after %s (killed)", c.timeout)
	case errors.As(err, &exit):
		res.err = exit.String()
	default:
		res.err = fmt.Sprintf("run %s: %v", c.argv[0], err)
	}
	return res
}

// tailWriter keeps the last tailBytes of what is written to it.
type tailWriter struct {
	mu  sync.Mutex
	buf []byte
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if over := len(w.buf) - tailBytes; over > 0 {
		w.buf = append(w.buf[:0], w.buf[over:]...)
	}
	return len(p), nil
}

// lines returns the last tailLines non-empty lines, each capped.
func (w *tailWriter) lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range strings.Split(string(w.buf), "\n") {
		l = strings.TrimRight(l, "\r \t")
		if l == "" {
			continue
		}
		if len(l) > tailLineMax {
			l = l[:tailLineMax] + "..."
		}
		out = append(out, l)
	}
	if len(out) > tailLines {
		out = out[len(out)-tailLines:]
	}
	return out
}
