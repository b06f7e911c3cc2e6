package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{"ended context, long sleep: at once", ended, time.Hour, context.Canceled},
		{"ended context, no sleep", ended, 0, context.Canceled},
		{"no sleep", context.Background(), 0, nil},
		{"negative", context.Background(), -time.Hour, nil},
		{"a nanosecond", context.Background(), time.Nanosecond, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Sleep(tc.ctx, tc.d); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("Sleep = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSleepEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Real{}.Sleep(ctx, time.Hour) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want Canceled", err)
	}
}

func TestOr(t *testing.T) {
	if _, ok := Or(nil).(Real); !ok {
		t.Errorf("Or(nil) = %T, want Real", Or(nil))
	}
	var c Clock = fixed{}
	if Or(c) != c {
		t.Errorf("Or(c) did not return c")
	}
}

// fixed is a Clock that is always at the Unix epoch.
type fixed struct{ Real }

func (fixed) Now() time.Time { return time.Unix(0, 0) }
