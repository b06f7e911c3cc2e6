package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Probe kinds, as written in the plan.
const (
	TypeHTTP    = "http"
	TypeTCP     = "tcp"
	TypeDNS     = "dns"
	TypeCommand = "command"
)

// checker makes one attempt of one probe kind.
type checker interface {
	// check makes one attempt; ctx carries the probe's timeout. It never
	// panics and always reports what it saw in the outcome.
	check(ctx context.Context) outcome
}

// outcome is what one attempt saw.
type outcome struct {
	ok      bool
	latency time.Duration
	err     string // why it failed
	detail  string // what was observed (status, addresses, last output line)
	output  string // command probes: the tail of the output
}

// failed returns a failing outcome.
func failed(latency time.Duration, format string, args ...any) outcome {
	return outcome{latency: latency, err: fmt.Sprintf(format, args...)}
}

// describeErr turns an attempt's error into evidence, saying plainly when
// the probe's timeout cut it short.
func describeErr(ctx context.Context, timeout time.Duration, err error) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Sprintf("timed out after %s: %v", timeout, err)
	}
	return err.Error()
}

// redactor replaces secret values (headers read from the environment)
// wherever they might surface in evidence.
type redactor []string

// Redacted is what a secret is replaced with.
const Redacted = "[redacted]"

func (r redactor) apply(s string) string {
	for _, secret := range r {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return s
}

// evidence is the one-line account of a sample used in Failure.Detail and
// error messages: error, latency, observation and output tail.
func evidence(s Sample) string {
	var parts []string
	if s.Error != "" {
		parts = append(parts, s.Error)
	} else if s.Detail != "" {
		parts = append(parts, s.Detail)
	}
	parts = append(parts, "latency "+roundLatency(s.Latency).String())
	if out := strings.TrimSpace(s.Output); out != "" {
		parts = append(parts, "output: "+strings.Join(strings.Split(out, "\n"), " | "))
	}
	return strings.Join(parts, "; ")
}

// roundLatency keeps latencies readable (1.234ms, 2.5s).
func roundLatency(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Microsecond)
	default:
		return d
	}
}

// oneLine shortens text to n bytes on one line, for bodies in evidence.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}
