package clocktest

import (
	"context"
	"errors"
	"time"
)

// WithDeadline returns a context that ends with DeadlineExceeded when the
// virtual clock reaches t (or an enclosing virtual deadline), or when ctx
// ends. Its Deadline reports the virtual t.
func (f *Fake) WithDeadline(ctx context.Context, t time.Time) (context.Context, context.CancelFunc) {
	if outer, ok := ctx.Value(virtualDeadlineKey{}).(*virtualDeadline); ok && outer.at.Before(t) {
		t = outer.at
	}
	inner, cancel := context.WithCancelCause(ctx)
	v := &virtualDeadline{Context: inner, at: t}
	tm := &timer{at: t, fire: func() { cancel(context.DeadlineExceeded) }}
	f.mu.Lock()
	expired := !f.now.Before(t)
	if !expired {
		f.timers = append(f.timers, tm)
	}
	f.mu.Unlock()
	if expired {
		cancel(context.DeadlineExceeded)
	}
	return v, func() {
		f.remove(tm)
		cancel(context.Canceled)
	}
}

type virtualDeadlineKey struct{}

// virtualDeadline is a context with a deadline on the fake clock.
type virtualDeadline struct {
	context.Context
	at time.Time
}

func (v *virtualDeadline) Deadline() (time.Time, bool) { return v.at, true }

func (v *virtualDeadline) Err() error {
	err := v.Context.Err()
	if err != nil && errors.Is(context.Cause(v.Context), context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return err
}

func (v *virtualDeadline) Value(key any) any {
	if key == (virtualDeadlineKey{}) {
		return v
	}
	return v.Context.Value(key)
}
