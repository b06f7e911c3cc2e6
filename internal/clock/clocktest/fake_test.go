package clocktest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 21, 20, 0, 0, 0, time.UTC)

// patience bounds a BlockUntil that would otherwise hang on a bug.
func patience(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestAutoSleepAdvances(t *testing.T) {
	tests := []struct {
		name     string
		deadline time.Duration // 0: none
		sleep    time.Duration
		wantNow  time.Duration
		wantErr  error
	}{
		{name: "no deadline", sleep: 5 * time.Second, wantNow: 5 * time.Second},
		{name: "negative does not move", sleep: -time.Second, wantNow: 0},
		{name: "deadline after the sleep", deadline: time.Minute, sleep: 5 * time.Second, wantNow: 5 * time.Second},
		{name: "deadline cuts the sleep short", deadline: 3 * time.Second, sleep: 5 * time.Second, wantNow: 3 * time.Second, wantErr: context.DeadlineExceeded},
		{name: "deadline exactly at the sleep's end", deadline: 5 * time.Second, sleep: 5 * time.Second, wantNow: 5 * time.Second, wantErr: context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewAuto(t0)
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = f.WithDeadline(ctx, t0.Add(tc.deadline))
				defer cancel()
			}
			var ticks []time.Time
			f.OnSleep(func(now time.Time) { ticks = append(ticks, now) })
			err := f.Sleep(ctx, tc.sleep)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("Sleep = %v, want %v", err, tc.wantErr)
			}
			if got := f.Now().Sub(t0); got != tc.wantNow {
				t.Errorf("clock moved %v, want %v", got, tc.wantNow)
			}
			if len(ticks) != 1 || !ticks[0].Equal(t0.Add(tc.wantNow)) {
				t.Errorf("OnSleep saw %v, want once at +%v", ticks, tc.wantNow)
			}
		})
	}
}

func TestSleepOnEndedContextDoesNotMove(t *testing.T) {
	for _, f := range []*Fake{NewAuto(t0), NewManual(t0)} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := f.Sleep(ctx, time.Second); !errors.Is(err, context.Canceled) {
			t.Errorf("auto=%v: Sleep on an ended ctx = %v, want Canceled", f.auto, err)
		}
		if !f.Now().Equal(t0) {
			t.Errorf("auto=%v: clock moved to %v", f.auto, f.Now())
		}
	}
}

func TestWithDeadline(t *testing.T) {
	f := NewAuto(t0)
	outer, cancelOuter := f.WithDeadline(context.Background(), t0.Add(10*time.Second))
	defer cancelOuter()
	inner, cancelInner := f.WithDeadline(outer, t0.Add(time.Hour))
	defer cancelInner()
	if dl, ok := inner.Deadline(); !ok || !dl.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("inner Deadline = %v %v, want the outer's +10s", dl, ok)
	}
	past, cancelPast := f.WithDeadline(context.Background(), t0)
	defer cancelPast()
	if !errors.Is(past.Err(), context.DeadlineExceeded) {
		t.Errorf("a deadline already reached: Err = %v, want DeadlineExceeded", past.Err())
	}
	if err := f.Sleep(context.Background(), 9*time.Second); err != nil || inner.Err() != nil {
		t.Fatalf("before the deadline: Sleep %v, inner %v", err, inner.Err())
	}
	if err := f.Sleep(context.Background(), time.Second); err != nil {
		t.Fatal(err)
	}
	<-inner.Done()
	if !errors.Is(inner.Err(), context.DeadlineExceeded) || !errors.Is(outer.Err(), context.DeadlineExceeded) {
		t.Errorf("at the deadline: inner %v, outer %v, want DeadlineExceeded", inner.Err(), outer.Err())
	}
	c, cancel := f.WithDeadline(context.Background(), t0.Add(time.Hour))
	cancel()
	if !errors.Is(c.Err(), context.Canceled) {
		t.Errorf("cancelled: Err = %v, want Canceled", c.Err())
	}
	if n := len(f.timers); n != 0 {
		t.Errorf("%d timers left after every deadline passed or was cancelled", n)
	}
}

func TestManualSleepWaitsForAdvance(t *testing.T) {
	f := NewManual(t0)
	ctx := patience(t)
	done := make(chan error, 2)
	go func() { done <- f.Sleep(context.Background(), 2*time.Second) }()
	go func() { done <- f.Sleep(context.Background(), 5*time.Second) }()
	if err := f.BlockUntil(ctx, 2); err != nil {
		t.Fatal(err)
	}
	f.Advance(time.Second)
	if n := f.Sleepers(); n != 2 {
		t.Fatalf("after 1s: %d sleepers, want 2", n)
	}
	f.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatalf("2s sleep = %v", err)
	}
	if n := f.Sleepers(); n != 1 {
		t.Fatalf("after 2s: %d sleepers, want 1", n)
	}
	f.Advance(3 * time.Second)
	if err := <-done; err != nil {
		t.Fatalf("5s sleep = %v", err)
	}
	if !f.Now().Equal(t0.Add(5 * time.Second)) {
		t.Errorf("Now = %v, want +5s", f.Now())
	}
}

func TestManualSleepEndsWithContext(t *testing.T) {
	tests := []struct {
		name string
		end  func(f *Fake, cancel context.CancelFunc)
		want error
	}{
		{"cancelled", func(_ *Fake, cancel context.CancelFunc) { cancel() }, context.Canceled},
		{"virtual deadline", func(f *Fake, _ context.CancelFunc) { f.Advance(3 * time.Second) }, context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewManual(t0)
			ctx, cancel := f.WithDeadline(context.Background(), t0.Add(3*time.Second))
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- f.Sleep(ctx, time.Minute) }()
			if err := f.BlockUntil(patience(t), 1); err != nil {
				t.Fatal(err)
			}
			tc.end(f, cancel)
			if err := <-done; !errors.Is(err, tc.want) {
				t.Fatalf("Sleep = %v, want %v", err, tc.want)
			}
			if n := f.Sleepers(); n != 0 {
				t.Errorf("%d sleepers left", n)
			}
		})
	}
}

func TestBlockUntilGivesUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NewManual(t0).BlockUntil(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("BlockUntil with no sleeper = %v, want Canceled", err)
	}
}

// Many goroutines sleeping, advancing and reading at once: for -race.
func TestConcurrentUse(t *testing.T) {
	f := NewManual(t0)
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := f.Sleep(context.Background(), time.Duration(i+1)*time.Second); err != nil {
				t.Error(err)
			}
			_ = f.Now()
		})
	}
	if err := f.BlockUntil(patience(t), n); err != nil {
		t.Fatal(err)
	}
	for range n {
		f.Advance(time.Second)
	}
	wg.Wait()
	if f.Sleepers() != 0 || !f.Now().Equal(t0.Add(n*time.Second)) {
		t.Errorf("after %d advances: %d sleepers, now %v", n, f.Sleepers(), f.Now())
	}
}
