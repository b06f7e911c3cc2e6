package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aclprobe/aclprobe/internal/testenv"
	"github.com/aclprobe/aclprobe/run"
)

// TestIntegrationProbeBreaksTarget runs the real CLI binary against
// moto_server with an HTTP probe on a local server that turns unhealthy
// while one chosen target is denied (the test watches the ACL and flips
// the server when it sees that target's deny entry). The verdict for that
// target must be broke, by the probe; the others no-impact. It reuses the
// blast-test environment of run_integration_test.go (own VPC, ACL, alarms).
func TestIntegrationProbeBreaksTarget(t *testing.T) {
	testenv.MotoURL(t)
	aclprobeBinary(t)
	e := newStagingEnv(t)
	const chosen = "198.51.100.23/32"
	targets := []string{"203.0.113.40/32", chosen, "203.0.113.41/32"}

	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if down.Load() {
			http.Error(w, `{"status":"degraded","kinesis":"unreachable"}`, http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"status":"ok","kinesis":"ok"}`))
	}))
	defer srv.Close()

	var flips atomic.Int32
	stop := e.watchDenied(map[string][]string{"server": {chosen}}, func(_ string, denied bool) {
		down.Store(denied)
		flips.Add(1)
	})

	probes := fmt.Sprintf(`  probes:
    - name: kinesis-health
      interval: 500ms
      failure_threshold: 2
      http:
        url: %s/health/dependencies
        expect_status: [200]
        body_regex: '"kinesis":"ok"'
`, srv.URL)
	p := e.start("run", e.writePlanWithProbes("4s", probes, targets...), "--yes", "--out", e.out)
	code := p.wait()
	stop()
	stderr := p.stderr
	if code != 0 {
		t.Fatalf("exit %d (%v); stderr:\n%s", code, p.err, stderr.String())
	}
	if flips.Load() < 2 {
		t.Fatalf("the server was flipped %d times, want down and up again; stderr:\n%s", flips.Load(), stderr.String())
	}

	res := readResults(t, e.out)
	if res.Outcome != run.OutcomeCompleted || len(res.Targets) != 3 || len(res.Leftovers) != 0 {
		t.Fatalf("outcome %q, %d targets, leftovers %v; stderr:\n%s", res.Outcome, len(res.Targets), res.Leftovers, stderr.String())
	}
	if len(res.Watched.Probes) != 1 || res.Watched.Probes[0] != "kinesis-health" {
		t.Errorf("watched probes %v", res.Watched.Probes)
	}
	for _, tr := range res.Targets {
		want := run.VerdictNoImpact
		if tr.CIDR == chosen {
			want = run.VerdictBroke
		}
		if tr.Verdict != want {
			t.Errorf("target %s: verdict %q (%s), want %q; broken_by %+v", tr.CIDR, tr.Verdict, tr.Reason, want, tr.BrokenBy)
		}
	}
	broke := res.Targets[1]
	if len(broke.BrokenBy) != 1 {
		t.Fatalf("broken_by %+v, want the probe alone (the alarms stayed OK)", broke.BrokenBy)
	}
	b := broke.BrokenBy[0]
	if b.Kind != "probe" || b.Name != "kinesis-health" || b.DetectedAfter < 0 || !strings.Contains(b.Detail, "503") {
		t.Errorf("broken_by %+v, want probe kinesis-health with a 503 as evidence", b)
	}
	t.Logf("%s broke: %s %s after %.2fs: %s", chosen, b.Kind, b.Name, b.DetectedAfter, b.Detail)
	if !timelineHasFailedProbe(broke.Timeline, "kinesis-health") {
		t.Errorf("the broken target's timeline has no failed probe sample: %+v", broke.Timeline)
	}
}

func timelineHasFailedProbe(tl []run.Sample, name string) bool {
	for _, s := range tl {
		if s.Kind == "probe" && s.Name == name && !s.OK && s.Phase == "window" {
			return true
		}
	}
	return false
}
