package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/internal/clock"
	"github.com/aclprobe/aclprobe/internal/clock/clocktest"
	"github.com/aclprobe/aclprobe/plan"
)

// t0 is when the tests' virtual clocks start.
var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// health is an HTTP handler whose answer a test can flip.
type health struct{ down atomic.Bool }

func (h *health) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	if h.down.Load() {
		http.Error(w, "dependency kinesis unreachable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}

func startHealth(t *testing.T) (*health, string) {
	t.Helper()
	h := &health{}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv.URL
}

// mustRunner builds the runner for one spec.
func mustRunner(t *testing.T, p plan.Probe) *runner {
	t.Helper()
	r, err := newRunner(p, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkOnce runs one attempt of the probe p with the real clock and fails
// the test unless it passed (ok) or failed as wanted, with want in its
// Detail when passing or in its Error when failing. It returns the sample.
func checkOnce(t *testing.T, p plan.Probe, ok bool, want string) Sample {
	t.Helper()
	s := mustRunner(t, p).attempt(context.Background(), clock.Real{})
	got := s.Detail
	if !s.OK {
		got = s.Error
	}
	if s.OK != ok || !strings.Contains(got, want) {
		t.Fatalf("sample %+v, want ok=%v and %q", s, ok, want)
	}
	return s
}

func dur(d time.Duration) plan.Duration { return plan.Duration(d) }

// waitAttempted waits until n background probe loops sleep on clk: each
// has recorded its attempt and waits for the virtual time to move on.
// The 10s bound is patience for a bug, not a pause.
func waitAttempted(t *testing.T, clk *clocktest.Fake, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clk.BlockUntil(ctx, n); err != nil {
		t.Fatalf("probe loops did not finish their attempts: %v", err)
	}
}

// signalling is a checker that closes started when its check begins,
// then runs the real check: a test's event for "an attempt is in flight".
type signalling struct {
	checker
	started chan struct{}
}

func (s signalling) check(ctx context.Context) outcome {
	close(s.started)
	return s.checker.check(ctx)
}
