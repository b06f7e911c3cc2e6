package probe

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aclprobe/aclprobe/plan"
)

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

func dur(d time.Duration) plan.Duration { return plan.Duration(d) }
