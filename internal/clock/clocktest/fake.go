// Package clocktest is a virtual clock.Clock for tests: its time moves only
// when the code under test sleeps (NewAuto) or when the test advances it
// (NewManual), so no test waits in real time for something to happen.
// Contexts from WithDeadline end when the virtual time reaches their
// deadline. It is safe for concurrent use.
package clocktest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock"
)

// Fake is a virtual clock. Build it with NewAuto or NewManual.
type Fake struct {
	auto bool

	mu      sync.Mutex
	now     time.Time
	timers  []*timer            // sleepers and virtual deadlines not yet due
	changed chan struct{}       // closed (and replaced) when a sleeper starts waiting
	onSleep func(now time.Time) // called after every Sleep, lock released
}

var _ clock.Clock = (*Fake)(nil)

// timer is a sleeper or a virtual deadline, due at at.
type timer struct {
	at      time.Time
	fire    func()
	sleeper bool
}

// NewAuto returns a Fake at start whose Sleep moves the clock forward by d
// at once (only up to the virtual deadline of its ctx when that comes
// first, as a real sleep that the deadline cuts short), ending every
// WithDeadline context it passes. It suits code that sleeps in one
// goroutine, such as a run. Code that sleeps in several goroutines moves
// the one clock forward by all their sleeps, and a background loop that
// sleeps between attempts would spin: use NewManual for those.
func NewAuto(start time.Time) *Fake {
	return &Fake{auto: true, now: start, changed: make(chan struct{})}
}

// NewManual returns a Fake at start whose Sleep blocks until Advance moves
// the clock to the sleep's end (or until its ctx ends). A test paces
// background loops with BlockUntil and Advance.
func NewManual(start time.Time) *Fake {
	return &Fake{now: start, changed: make(chan struct{})}
}

// Now returns the virtual time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// OnSleep makes fn be called, with the clock's time, whenever a Sleep has
// waited (after the clock moved, in auto mode), before Sleep returns:
// the hook for "the world changes while the code under test waits".
func (f *Fake) OnSleep(fn func(now time.Time)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.onSleep = fn
}

// Sleep implements clock.Clock: in auto mode it advances the clock, in
// manual mode it waits for Advance.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if f.auto {
		f.mu.Lock()
		if v, ok := ctx.Value(virtualDeadlineKey{}).(*virtualDeadline); ok && ctx.Done() != nil && v.at.Before(f.now.Add(d)) {
			d = v.at.Sub(f.now)
		}
		f.advanceLocked(max(d, 0)) // unlocks
		f.slept()
		return ctx.Err()
	}
	if d <= 0 {
		return nil
	}
	woken := make(chan struct{})
	f.mu.Lock()
	t := &timer{at: f.now.Add(d), fire: func() { close(woken) }, sleeper: true}
	f.timers = append(f.timers, t)
	close(f.changed)
	f.changed = make(chan struct{})
	f.mu.Unlock()
	select {
	case <-woken:
		f.slept()
		return nil
	case <-ctx.Done():
		f.remove(t)
		return ctx.Err()
	}
}

// slept calls the OnSleep hook, if any.
func (f *Fake) slept() {
	f.mu.Lock()
	fn, now := f.onSleep, f.now
	f.mu.Unlock()
	if fn != nil {
		fn(now)
	}
}

// Advance moves the clock forward by d (d < 0 counts as 0), wakes every
// sleeper whose sleep ends by then and ends every WithDeadline context
// whose deadline it reaches, earliest first, before it returns.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	f.advanceLocked(max(d, 0))
}

// advanceLocked moves the clock by d and fires what is due; it is called
// with f.mu held and returns with it released.
func (f *Fake) advanceLocked(d time.Duration) {
	f.now = f.now.Add(d)
	var due []*timer
	f.timers = slices.DeleteFunc(f.timers, func(t *timer) bool {
		if t.at.After(f.now) {
			return false
		}
		due = append(due, t)
		return true
	})
	f.mu.Unlock()
	slices.SortStableFunc(due, func(a, b *timer) int { return a.at.Compare(b.at) })
	for _, t := range due {
		t.fire()
	}
}

// remove drops t if it has not fired.
func (f *Fake) remove(t *timer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.timers = slices.DeleteFunc(f.timers, func(x *timer) bool { return x == t })
}

// Sleepers returns how many Sleep calls are waiting for Advance (manual
// mode; always 0 in auto mode).
func (f *Fake) Sleepers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sleepersLocked()
}

func (f *Fake) sleepersLocked() int {
	n := 0
	for _, t := range f.timers {
		if t.sleeper {
			n++
		}
	}
	return n
}

// BlockUntil waits, without moving the clock, until at least n Sleep calls
// are waiting for Advance: the point where background loops have done
// their work for now and wait for time to pass. It fails when ctx ends
// first (give it the test's patience, not a pause).
func (f *Fake) BlockUntil(ctx context.Context, n int) error {
	for {
		f.mu.Lock()
		have, changed := f.sleepersLocked(), f.changed
		f.mu.Unlock()
		if have >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("clocktest: %d sleepers, waiting for %d: %w", have, n, ctx.Err())
		}
	}
}
