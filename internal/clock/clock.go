// Package clock is aclprobe's one notion of time: what time it is, a wait
// that honours a context, and deadlines. Everything that schedules takes a
// Clock (the run's windows and polls, acl's confirm and undo retries, the
// probes' intervals, the alarm timestamps, Athena's polling), so that tests
// drive time with clock/clocktest instead of waiting in real time. A leaf
// package: it imports nothing of aclprobe.
package clock

import (
	"context"
	"time"
)

// Clock is a source of time that code can wait on.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits d and returns nil, or returns ctx.Err() as soon as ctx
	// ends first (at once when ctx has already ended). A d <= 0 does not
	// wait: it returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
	// WithDeadline returns a copy of ctx that ends, with
	// context.DeadlineExceeded, when this clock reaches t (or when ctx
	// ends first), and its cancel function.
	WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc)
}

// Real is the wall clock: time.Now, timers and context.WithDeadline.
type Real struct{}

var _ Clock = Real{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// Sleep waits d in real time or until ctx ends; see Sleep.
func (Real) Sleep(ctx context.Context, d time.Duration) error { return Sleep(ctx, d) }

// WithDeadline is context.WithDeadline.
func (Real) WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, t)
}

// Or returns c, or Real when c is nil: for the optional Clock fields of
// aclprobe's types, whose zero value means the wall clock.
func Or(c Clock) Clock {
	if c == nil {
		return Real{}
	}
	return c
}

// Sleep waits d in real time and returns nil, or returns ctx.Err() as soon
// as ctx ends first. When ctx has already ended, or d <= 0, it returns
// ctx.Err() at once. It is the one context-aware sleep; code that should
// be testable sleeps through a Clock instead.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
