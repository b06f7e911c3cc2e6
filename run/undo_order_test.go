package run

import (
	"context"
	"errors"
	"testing"
	"time"
)

// stopRecorder is a probe set whose Stop notes whether a deny entry was
// still on the ACL: stopping the probes waits for their in-flight checks,
// which must never delay (or, for a check that hangs, prevent) the undo.
type stopRecorder struct {
	*fakeProbes
	deniedAtStop *bool
}

func (s stopRecorder) Stop() { *s.deniedAtStop = s.w.denied(kinesis.cidr) }

func TestRunUndoesBeforeStoppingProbes(t *testing.T) {
	w := newWorld()
	w.withProbe("checkout-api", "192.0.2.200/32")
	var deniedAtStop bool
	w.probes = stopRecorder{fakeProbes: w.probes.(*fakeProbes), deniedAtStop: &deniedAtStop}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w.clock.OnSleep(func(time.Time) {
		if w.denied(kinesis.cidr) {
			cancel()
		}
	})
	o := Options{Plan: w.plan, PlanPath: "plan.yaml", PlanSHA: "abc", OutDir: t.TempDir(), RunID: "run-1", Owner: "tester@host"}
	if _, err := Run(ctx, w.runDeps(), o); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Run = %v, want ErrInterrupted", err)
	}
	if deniedAtStop {
		t.Fatal("the probes were stopped while the deny entry was still in place")
	}
	if w.denied(kinesis.cidr) {
		t.Fatal("entry left")
	}
}
